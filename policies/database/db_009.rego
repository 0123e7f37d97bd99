# DB-009: Performance Insights is enabled.
#
# Where the environment's `performance_insights` parameter holds (prod by
# default), every RDS instance has Performance Insights on: standalone
# instances, read replicas (they serve queries too) and Aurora members, for
# which Performance Insights is a per-instance setting. An Aurora member
# also passes when its cluster has Performance Insights enabled at cluster
# level. A cluster is judged through its instances only.
package archcheck.rules.database.db_009

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "DB-009",
	"title": "Performance Insights is enabled",
	"severity": "low",
	"description": "Where the environment requires it (prod by default), every RDS instance, read replica and Aurora cluster instance has Performance Insights enabled, so slow queries and load can be diagnosed from the database's own history (7 days are free).",
	"remediation": "Enable Performance Insights on the instance (`performance_insights_enabled = true` on `aws_db_instance` / `aws_rds_cluster_instance`, --enable-performance-insights with modify-db-instance); for Aurora, on every instance of the cluster or at cluster level.",
	"architecture": {
		"sections": ["000 §4.5"],
		"quote": "Enable Performance Insights (7-day retention free, 31-day paid)",
	},
	"parameters": ["performance_insights"],
	"inputs": ["aws.rds_instances", "aws.rds_clusters"],
	"judges": "aws.rds_instances",
}

# Performance Insights is on at cluster level for the instance's cluster.
cluster_enabled(instance) if input.aws.rds_clusters[instance.cluster_id].performance_insights_enabled == true

deny contains lib.finding(instance, msg) if {
	some instance in input.aws.rds_instances
	not instance.performance_insights_enabled
	not cluster_enabled(instance)
	lib.params(instance).performance_insights
	msg := sprintf("%s has Performance Insights off; the %s environment requires Performance Insights on every database instance", [
		lib.rds_instance_label(instance),
		lib.env_of(instance),
	])
}
