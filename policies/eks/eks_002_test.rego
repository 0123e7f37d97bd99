package archcheck.rules.eks.eks_002_test

import data.archcheck.rules.eks.eks_002
import rego.v1

cluster(id, key) := {"id": id, "native_id": id, "name": id, "environment": "prod", "secrets_encryption_kms_key": key}

inputs := {"aws": {"eks_clusters": {
	"kms": cluster("kms", "arn:aws:kms:us-east-1:111111111111:key/abc"),
	"plan-key": cluster("plan-key", "aws_eks_cluster.main (key known after apply)"),
	"none": cluster("none", null),
	"empty": cluster("empty", ""),
	"absent": object.remove(cluster("absent", null), {"secrets_encryption_kms_key"}),
}}}

test_exactly_the_unencrypted_clusters_fail if {
	ids := {f.resource | some f in eks_002.deny with input as inputs}
	ids == {"none", "empty", "absent"}
}

test_message if {
	some f in eks_002.deny with input as inputs
	f.resource == "none"
	f.message == "EKS cluster none does not encrypt Kubernetes secrets with a KMS key (no encryption_config for secrets); secrets must be envelope-encrypted with KMS"
}

test_compliant_cluster_produces_nothing if {
	count(eks_002.deny) == 0 with input as {"aws": {"eks_clusters": {"kms": inputs.aws.eks_clusters.kms}}}
}
