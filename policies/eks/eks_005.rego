# EKS-005: an IAM OIDC provider exists for the cluster's issuer (IRSA works).
#
# The cluster's `oidc_issuer` without its scheme (and trailing slash) must
# equal the `url` of an IAM OIDC provider of the same account. Decisions:
# - a cluster without an issuer, read from AWS or a snapshot, fails (EKS
#   gives every cluster one, so the record is wrong or the cluster unusable
#   for IRSA);
# - a cluster read from a Terraform plan has no issuer until it is created:
#   it fails when its account holds no OIDC provider that could be its own
#   (an EKS provider, or one whose URL the plan does not know yet), and is
#   not evaluated otherwise;
# - a cluster whose issuer has no matching provider is not evaluated (not
#   failed) when its account holds a provider whose URL is not known yet
#   (a plan creating the provider from the cluster's issuer).
package archcheck.rules.eks.eks_005

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "EKS-005",
	"title": "EKS cluster has an IAM OIDC provider (IRSA)",
	"severity": "medium",
	"description": "An IAM OIDC identity provider exists, in the cluster's account, for the cluster's OIDC issuer URL. Without it IAM roles for service accounts (IRSA) cannot work, and workloads fall back to the node role or to static access keys for AWS access.",
	"remediation": "Create the provider for the cluster's issuer (eksctl utils associate-iam-oidc-provider --cluster <name> --approve, or aws_iam_openid_connect_provider with url = aws_eks_cluster.<name>.identity[0].oidc[0].issuer and client_id_list = [\"sts.amazonaws.com\"]).",
	"architecture": {
		"sections": ["000 §3.1", "002 §4", "003 §3", "004 §5.1"],
		"quote": "Pod Identity: Enabled (for IRSA - IAM Roles for Service Accounts)",
	},
	"parameters": [],
	"inputs": ["aws.eks_clusters", "aws.oidc_providers"],
	"judges": "aws.eks_clusters",
}

# A URL without scheme and trailing slash.
bare(url) := trim_suffix(trim_prefix(url, "https://"), "/")

# "account|url" of every provider (built once).
provider_keys contains concat("|", [object.get(p, "account_id", ""), bare(p.url)]) if {
	some p in input.aws.oidc_providers
	is_string(p.url)
	p.url != ""
}

# Accounts holding a provider whose URL a plan does not know yet.
unknown_url_accounts contains object.get(p, "account_id", "") if {
	some p in input.aws.oidc_providers
	object.get(p, "url", "") in {"", null}
}

# Accounts holding a provider of some EKS cluster.
eks_provider_accounts contains object.get(p, "account_id", "") if {
	some p in input.aws.oidc_providers
	contains(object.get(p, "url", ""), "oidc.eks.")
}

account(cluster) := object.get(cluster, "account_id", "")

issuer(cluster) := bare(cluster.oidc_issuer) if {
	is_string(cluster.oidc_issuer)
	cluster.oidc_issuer != ""
}

from_plan(cluster) if object.get(cluster, ["source", "kind"], "") == "terraform-plan"

in_account_text(cluster) := sprintf(" in account %s", [account(cluster)]) if account(cluster) != ""
else := ""

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	i := issuer(cluster)
	not provider_keys[concat("|", [account(cluster), i])]
	not unknown_url_accounts[account(cluster)]
	msg := sprintf("EKS cluster %s has no IAM OIDC provider for its issuer %s%s; IRSA (IAM roles for service accounts) needs one", [
		lib.label(cluster), i, in_account_text(cluster),
	])
}

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	not issuer(cluster)
	not from_plan(cluster)
	msg := sprintf("EKS cluster %s has no OIDC issuer, so no IAM OIDC provider can serve it; IRSA (IAM roles for service accounts) needs the issuer and a provider for it", [lib.label(cluster)])
}

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	not issuer(cluster)
	from_plan(cluster)
	not unknown_url_accounts[account(cluster)]
	not eks_provider_accounts[account(cluster)]
	msg := sprintf("EKS cluster %s is planned without an IAM OIDC provider (the plan creates none%s); IRSA (IAM roles for service accounts) needs one for the cluster's issuer", [
		lib.label(cluster), in_account_text(cluster),
	])
}

not_evaluated contains lib.not_evaluated(cluster, "its OIDC issuer is not known until the cluster is created (a plan), and the plan holds an OIDC provider that may be its own") if {
	some cluster in input.aws.eks_clusters
	not issuer(cluster)
	from_plan(cluster)
	some_candidate(cluster)
}

some_candidate(cluster) if unknown_url_accounts[account(cluster)]

some_candidate(cluster) if eks_provider_accounts[account(cluster)]

not_evaluated contains lib.not_evaluated(cluster, "no OIDC provider matches its issuer, but its account holds one whose URL is not known until it is created (a plan)") if {
	some cluster in input.aws.eks_clusters
	i := issuer(cluster)
	not provider_keys[concat("|", [account(cluster), i])]
	unknown_url_accounts[account(cluster)]
}
