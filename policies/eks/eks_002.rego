# EKS-002: Kubernetes secrets are envelope-encrypted with KMS.
#
# A cluster passes when it names a KMS key for secrets encryption
# (`secrets_encryption_kms_key`: the key ARN, or in a plan the key's address
# while its ARN is not known yet). A cluster with no such key fails.
package archcheck.rules.eks.eks_002

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "EKS-002",
	"title": "EKS secrets are envelope-encrypted with KMS",
	"severity": "high",
	"description": "The cluster encrypts Kubernetes Secret objects with a customer KMS key (envelope encryption, encryption_config with resources = [\"secrets\"]), so a copy of etcd or of an EKS backup does not expose the database credentials and tokens the workloads keep in Secrets, and access to the key is controlled and logged in CloudTrail.",
	"remediation": "Enable secrets encryption on the cluster with a KMS key (aws eks associate-encryption-config, or encryption_config { resources = [\"secrets\"] provider { key_arn = ... } } in Terraform). It cannot be turned off afterwards; existing secrets are re-encrypted when next written (kubectl get secrets -A -o json | kubectl replace -f -).",
	"architecture": {
		"sections": ["001 §7"],
		"quote": "Everything KMS-backed (EKS secrets encryption, RDS/Cloud SQL, S3/GCS, ECR/Artifact Registry).",
	},
	"parameters": [],
	"inputs": ["aws.eks_clusters"],
	"judges": "aws.eks_clusters",
}

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	object.get(cluster, "secrets_encryption_kms_key", null) in {null, ""}
	msg := sprintf("EKS cluster %s does not encrypt Kubernetes secrets with a KMS key (no encryption_config for secrets); secrets must be envelope-encrypted with KMS", [lib.label(cluster)])
}
