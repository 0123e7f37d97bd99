# DB-003: databases are not publicly accessible.
#
# No RDS instance has PubliclyAccessible on: standalone instances, read
# replicas and Aurora members alike, since the flag lives on each instance
# (an Aurora cluster has no such setting of its own). A public instance gets
# a DNS name that resolves to a public IP, one security-group rule away from
# the internet.
package archcheck.rules.database.db_003

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "DB-003",
	"title": "Databases are not publicly accessible",
	"severity": "critical",
	"description": "No RDS instance, read replica or Aurora cluster instance is publicly accessible. A publicly accessible instance resolves to a public IP address and is reachable from the internet as soon as a security group or subnet route allows it; the architecture keeps databases in private data subnets reachable only from the application tier.",
	"remediation": "Turn PubliclyAccessible off on the instance (modify-db-instance --no-publicly-accessible, `publicly_accessible = false` in Terraform) and reach it from inside the VPC (the application, a bastion or SSM port forwarding).",
	"architecture": {
		"sections": ["000 §2.1", "001 §6", "002 §10.5", "003 §4"],
		"quote": "The database is not publicly accessible",
	},
	"parameters": [],
	"inputs": ["aws.rds_instances"],
	"judges": "aws.rds_instances",
}

deny contains lib.finding(instance, msg) if {
	some instance in input.aws.rds_instances
	instance.publicly_accessible == true
	msg := sprintf("%s is publicly accessible (PubliclyAccessible is on); databases must be reachable only from inside the VPC", [lib.rds_instance_label(instance)])
}
