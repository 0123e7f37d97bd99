# DB-004: database storage is encrypted.
#
# Every RDS instance that owns its storage (standalone instances and read
# replicas, which hold a full copy of the data) and every DB cluster
# (replica clusters included) has StorageEncrypted on. Aurora members are
# judged through their cluster: their storage is the cluster volume and
# encryption is a cluster setting. The control judges `aws.rds_instances`
# (pass counts only).
package archcheck.rules.database.db_004

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "DB-004",
	"title": "Database storage is encrypted",
	"severity": "high",
	"description": "Every RDS instance, read replica and Aurora cluster encrypts its storage at rest with KMS, so its volumes, automated backups, snapshots and replicas are encrypted too. Encryption can only be chosen when the database is created.",
	"remediation": "Encryption cannot be turned on in place: take a snapshot, copy it with encryption (a KMS key), restore a new instance or cluster from the encrypted copy and switch the application to it; set `storage_encrypted = true` (and `kms_key_id`) in Terraform for new databases.",
	"architecture": {
		"sections": ["000 §4", "001 §6", "002 §10.5", "003 §4"],
		"quote": "Data is encrypted at rest and in transit using AWS-managed encryption",
	},
	"parameters": [],
	"inputs": ["aws.rds_instances", "aws.rds_clusters"],
	"judges": "aws.rds_instances",
}

requirement := "databases must encrypt their storage at rest with KMS"

deny contains lib.finding(instance, msg) if {
	some instance in input.aws.rds_instances
	not lib.rds_has(instance, "cluster_id")
	not instance.storage_encrypted
	msg := sprintf("%s does not encrypt its storage (StorageEncrypted is off); %s", [lib.rds_instance_label(instance), requirement])
}

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.rds_clusters
	not cluster.storage_encrypted
	msg := sprintf("%s does not encrypt its storage (StorageEncrypted is off); %s", [lib.rds_cluster_label(cluster), requirement])
}
