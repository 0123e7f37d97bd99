# EKS-003: control-plane logs api, audit and authenticator are on.
#
# Every log type listed in the environment's `eks_log_types` must be in the
# cluster's `enabled_log_types` (exact names as EKS spells them: api,
# audit, authenticator, controllerManager, scheduler). One finding per
# cluster, naming the missing types.
package archcheck.rules.eks.eks_003

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "EKS-003",
	"title": "EKS control-plane logging is on",
	"severity": "medium",
	"description": "The cluster sends the control-plane logs the architecture requires to CloudWatch Logs (api, audit and authenticator by default): the audit log records who did what through the Kubernetes API, the authenticator log which IAM identity each request came from. Without them an incident cannot be investigated.",
	"remediation": "Enable the missing log types (aws eks update-cluster-config --logging '{\"clusterLogging\":[{\"types\":[\"api\",\"audit\",\"authenticator\"],\"enabled\":true}]}', or enabled_cluster_log_types in Terraform) and give the /aws/eks/<cluster>/cluster log group a retention.",
	"architecture": {
		"sections": ["000 §3.1"],
		"quote": "Control Plane Logging: API server, audit, authenticator logs → CloudWatch",
	},
	"parameters": ["eks_log_types"],
	"inputs": ["aws.eks_clusters"],
	"judges": "aws.eks_clusters",
}

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	required := lib.params(cluster).eks_log_types
	enabled := {t | some t in object.get(cluster, "enabled_log_types", [])}
	missing := [t | some t in required; not t in enabled]
	count(missing) > 0
	msg := sprintf("EKS cluster %s does not send the %s control-plane logs to CloudWatch (enabled: %s); the %s environment requires %s", [
		lib.label(cluster),
		concat(", ", missing),
		enabled_text(enabled),
		lib.env_of(cluster),
		concat(", ", required),
	])
}

enabled_text(enabled) := "none" if count(enabled) == 0
else := concat(", ", sort(enabled))
