package archcheck.rules.eks.eks_005_test

import data.archcheck.rules.eks.eks_005
import rego.v1

cluster(id, account, issuer) := {
	"id": id, "native_id": id, "name": id, "environment": "prod", "account_id": account,
	"oidc_issuer": issuer,
}

provider(account, url) := {
	"id": sprintf("arn:aws:iam::%s:oidc-provider/%s", [account, url]), "native_id": url,
	"account_id": account, "environment": "prod", "url": url,
}

plan := {"source": {"kind": "terraform-plan", "address": "aws_eks_cluster.main"}}

inputs := {"aws": {
	"eks_clusters": {
		"ok": cluster("ok", "111111111111", "https://oidc.eks.us-east-1.amazonaws.com/id/AAA"),
		"no-provider": cluster("no-provider", "111111111111", "https://oidc.eks.us-east-1.amazonaws.com/id/BBB"),
		"other-account": cluster("other-account", "222222222222", "https://oidc.eks.us-east-1.amazonaws.com/id/CCC"),
		"no-issuer": object.remove(cluster("no-issuer", "111111111111", ""), {"oidc_issuer"}),
	},
	"oidc_providers": {
		"p1": provider("111111111111", "oidc.eks.us-east-1.amazonaws.com/id/AAA"),
		"p2": provider("111111111111", "oidc.eks.us-east-1.amazonaws.com/id/CCC"),
		"gh": provider("222222222222", "token.actions.githubusercontent.com"),
	},
}}

test_exactly_the_clusters_without_provider_fail if {
	ids := {f.resource | some f in eks_005.deny with input as inputs}
	ids == {"no-provider", "other-account", "no-issuer"}
}

test_message if {
	some f in eks_005.deny with input as inputs
	f.resource == "no-provider"
	f.message == "EKS cluster no-provider has no IAM OIDC provider for its issuer oidc.eks.us-east-1.amazonaws.com/id/BBB in account 111111111111; IRSA (IAM roles for service accounts) needs one"
}

test_message_without_issuer if {
	some f in eks_005.deny with input as inputs
	f.resource == "no-issuer"
	f.message == "EKS cluster no-issuer has no OIDC issuer, so no IAM OIDC provider can serve it; IRSA (IAM roles for service accounts) needs the issuer and a provider for it"
}

test_compliant_cluster_produces_nothing if {
	count(eks_005.deny) == 0 with input as {"aws": {
		"eks_clusters": {"ok": inputs.aws.eks_clusters.ok},
		"oidc_providers": {"p1": object.union(provider("111111111111", "https://oidc.eks.us-east-1.amazonaws.com/id/AAA/"), {"id": "p1"})},
	}}
}

test_plan_without_any_provider_fails if {
	inp := {"aws": {"eks_clusters": {"c": object.union(object.remove(cluster("c", "", ""), {"oidc_issuer"}), plan)}}}
	some f in eks_005.deny with input as inp
	f.resource == "c"
	f.message == "EKS cluster c is planned without an IAM OIDC provider (the plan creates none); IRSA (IAM roles for service accounts) needs one for the cluster's issuer"
	count(eks_005.not_evaluated) == 0 with input as inp
}

test_plan_with_pending_provider_is_not_evaluated if {
	inp := {"aws": {
		"eks_clusters": {"c": object.union(object.remove(cluster("c", "", ""), {"oidc_issuer"}), plan)},
		"oidc_providers": {"p": object.union(provider("", ""), {"id": "p"})},
	}}
	count(eks_005.deny) == 0 with input as inp
	{n.resource | some n in eks_005.not_evaluated with input as inp} == {"c"}
}

test_known_issuer_with_pending_provider_is_not_evaluated if {
	inp := {"aws": {
		"eks_clusters": {"c": object.union(cluster("c", "", "https://oidc.eks.us-east-1.amazonaws.com/id/DDD"), plan)},
		"oidc_providers": {"p": object.union(provider("", ""), {"id": "p"})},
	}}
	count(eks_005.deny) == 0 with input as inp
	{n.resource | some n in eks_005.not_evaluated with input as inp} == {"c"}
}
