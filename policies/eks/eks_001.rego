# EKS-001: the cluster API endpoint is private, or public only to allowed CIDRs.
#
# A cluster passes when its public API endpoint is off. When it is on, the
# private endpoint must be on too (else nodes and pods reach the API server
# over the internet), and every CIDR of `public_access_cidrs` must be
# allowed by the environment's `eks_public_access_cidrs`:
# - [] allows no public endpoint at all;
# - a list containing `any` allows any CIDR except 0.0.0.0/0 and ::/0;
# - otherwise each CIDR must lie inside one of the listed CIDRs.
# 0.0.0.0/0 and ::/0 never pass, and neither do CIDRs that together cover
# every address (0.0.0.0/1 + 128.0.0.0/1). A plan that does not know
# `public_access_cidrs` (absent), and an empty list (EKS then applies its
# default), count as 0.0.0.0/0. A CIDR that is not a valid CIDR is not
# allowed. One finding per problem.
package archcheck.rules.eks.eks_001

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "EKS-001",
	"title": "EKS API endpoint is private or restricted to allowed CIDRs",
	"severity": "high",
	"description": "The Kubernetes API server of an EKS cluster is not reachable from the whole internet: the public endpoint is off, or it is on together with the private endpoint and accepts only the CIDRs the environment allows (eks_public_access_cidrs: none in prod, any CIDR but 0.0.0.0/0 elsewhere by default). A public endpoint open to 0.0.0.0/0 exposes the API server to credential stuffing and to any vulnerability in it; without the private endpoint the nodes' own API traffic leaves the VPC.",
	"remediation": "Turn the public endpoint off (vpc_config.endpoint_public_access = false, endpoint_private_access = true) and reach the API through the VPC (VPN, bastion, SSM); or keep it on with the private endpoint on and public_access_cidrs limited to the office/VPN ranges the architecture file lists.",
	"architecture": {
		"sections": ["001 §4.1", "001 §7"],
		"quote": "Private endpoint for prod (or restricted public with IP allowlist + auth).",
	},
	"parameters": ["eks_public_access_cidrs"],
	"inputs": ["aws.eks_clusters"],
	"judges": "aws.eks_clusters",
}

# The CIDRs the public endpoint accepts: unknown (absent) or empty means
# 0.0.0.0/0.
public_cidrs(cluster) := cidrs if {
	cidrs := object.get(cluster, "public_access_cidrs", null)
	is_array(cidrs)
	count(cidrs) > 0
} else := ["0.0.0.0/0"]

cidrs_text(cluster) := concat(", ", public_cidrs(cluster)) if {
	is_array(object.get(cluster, "public_access_cidrs", null))
	count(cluster.public_access_cidrs) > 0
} else := "0.0.0.0/0 (no public_access_cidrs listed: EKS allows every address)" if {
	is_array(object.get(cluster, "public_access_cidrs", null))
} else := "0.0.0.0/0 (public_access_cidrs not given, or not known until apply: counted as 0.0.0.0/0)"

public_on(cluster) if cluster.endpoint_public_access == true

valid(cidr) if {
	is_string(cidr)
	net.cidr_is_valid(cidr)
	not endswith(cidr, "/0")
}

allowed(cidr, allowed_list) if {
	valid(cidr)
	"any" in allowed_list
}

allowed(cidr, allowed_list) if {
	valid(cidr)
	some a in allowed_list
	a != "any"
	net.cidr_is_valid(a)
	net.cidr_contains(a, cidr)
}

allowed_text(allowed_list) := "allows any CIDR except 0.0.0.0/0 and ::/0" if "any" in allowed_list
else := sprintf("allows only CIDRs inside %s (never 0.0.0.0/0)", [concat(", ", allowed_list)])

# The valid CIDRs together cover every IPv4 or every IPv6 address.
covers_everything(cidrs) if {
	merged := net.cidr_merge([c | some c in cidrs; is_string(c); net.cidr_is_valid(c)])
	some m in merged
	endswith(m, "/0")
}

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	public_on(cluster)
	object.get(cluster, "endpoint_private_access", false) != true
	msg := sprintf("EKS cluster %s has the public API endpoint on and the private endpoint off, so nodes and pods reach the API server over the internet; the private endpoint must be on whenever the public one is", [lib.label(cluster)])
}

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	public_on(cluster)
	count(lib.params(cluster).eks_public_access_cidrs) == 0
	msg := sprintf("EKS cluster %s has the public API endpoint on, open to %s; the %s environment allows no public endpoint (eks_public_access_cidrs is empty)", [
		lib.label(cluster), cidrs_text(cluster), lib.env_of(cluster),
	])
}

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	public_on(cluster)
	allowed_list := lib.params(cluster).eks_public_access_cidrs
	count(allowed_list) > 0
	bad := [c | some c in public_cidrs(cluster); not allowed(c, allowed_list)]
	count(bad) > 0
	msg := sprintf("EKS cluster %s has the public API endpoint open to %s; the %s environment %s", [
		lib.label(cluster), open_text(cluster, bad), lib.env_of(cluster), allowed_text(allowed_list),
	])
}

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	public_on(cluster)
	allowed_list := lib.params(cluster).eks_public_access_cidrs
	count(allowed_list) > 0
	every c in public_cidrs(cluster) {
		allowed(c, allowed_list)
	}
	covers_everything(public_cidrs(cluster))
	msg := sprintf("EKS cluster %s has the public API endpoint open to %s, which together cover every address; 0.0.0.0/0 never passes", [
		lib.label(cluster), concat(", ", public_cidrs(cluster)),
	])
}

# The offending CIDRs, with the note on an unknown or empty list.
open_text(cluster, bad) := concat(", ", bad) if {
	is_array(object.get(cluster, "public_access_cidrs", null))
	count(cluster.public_access_cidrs) > 0
} else := cidrs_text(cluster)
