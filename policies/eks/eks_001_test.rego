package archcheck.rules.eks.eks_001_test

import data.archcheck.rules.eks.eks_001
import rego.v1

cluster(id, env, public, private, cidrs) := {
	"id": id, "native_id": id, "name": id, "environment": env,
	"endpoint_public_access": public, "endpoint_private_access": private, "public_access_cidrs": cidrs,
}

# A plan that does not know public_access_cidrs leaves it out.
unknown_cidrs(id, env) := object.remove(cluster(id, env, true, true, []), {"public_access_cidrs"})

inputs := {"aws": {"eks_clusters": {
	"prod-private": cluster("prod-private", "prod", false, true, ["0.0.0.0/0"]),
	"prod-public": cluster("prod-public", "prod", true, true, ["203.0.113.0/24"]),
	"dev-office": cluster("dev-office", "dev", true, true, ["203.0.113.0/24"]),
	"dev-world": cluster("dev-world", "dev", true, true, ["0.0.0.0/0"]),
	"dev-no-private": cluster("dev-no-private", "dev", true, false, ["203.0.113.0/24"]),
	"dev-halves": cluster("dev-halves", "dev", true, true, ["0.0.0.0/1", "128.0.0.0/1"]),
	"dev-unknown": unknown_cidrs("dev-unknown", "dev"),
	"dev-empty": cluster("dev-empty", "dev", true, true, []),
}}}

test_exactly_the_exposed_clusters_fail if {
	ids := {f.resource | some f in eks_001.deny with input as inputs}
	ids == {"prod-public", "dev-world", "dev-no-private", "dev-halves", "dev-unknown", "dev-empty"}
}

test_message_prod_allows_no_public_endpoint if {
	some f in eks_001.deny with input as inputs
	f.resource == "prod-public"
	f.message == "EKS cluster prod-public has the public API endpoint on, open to 203.0.113.0/24; the prod environment allows no public endpoint (eks_public_access_cidrs is empty)"
}

test_message_world_open if {
	some f in eks_001.deny with input as inputs
	f.resource == "dev-world"
	f.message == "EKS cluster dev-world has the public API endpoint open to 0.0.0.0/0; the dev environment allows any CIDR except 0.0.0.0/0 and ::/0"
}

test_message_private_endpoint_off if {
	some f in eks_001.deny with input as inputs
	f.resource == "dev-no-private"
	f.message == "EKS cluster dev-no-private has the public API endpoint on and the private endpoint off, so nodes and pods reach the API server over the internet; the private endpoint must be on whenever the public one is"
}

test_halves_covering_everything_fail if {
	some f in eks_001.deny with input as inputs
	f.resource == "dev-halves"
	f.message == "EKS cluster dev-halves has the public API endpoint open to 0.0.0.0/1, 128.0.0.0/1, which together cover every address; 0.0.0.0/0 never passes"
}

test_unknown_cidrs_count_as_world if {
	some f in eks_001.deny with input as inputs
	f.resource == "dev-unknown"
	f.message == "EKS cluster dev-unknown has the public API endpoint open to 0.0.0.0/0 (public_access_cidrs not given, or not known until apply: counted as 0.0.0.0/0); the dev environment allows any CIDR except 0.0.0.0/0 and ::/0"
}

test_compliant_clusters_produce_nothing if {
	count(eks_001.deny) == 0 with input as {"aws": {"eks_clusters": {
		"a": cluster("a", "prod", false, true, ["0.0.0.0/0"]),
		"b": cluster("b", "dev", true, true, ["203.0.113.0/24", "198.51.100.7/32"]),
	}}}
}

test_explicit_allow_list if {
	inp := {"aws": {"eks_clusters": {
		"inside": cluster("inside", "prod", true, true, ["203.0.113.64/26"]),
		"outside": cluster("outside", "prod", true, true, ["203.0.113.0/24", "198.51.100.0/24"]),
		"world": cluster("world", "prod", true, true, ["0.0.0.0/0"]),
	}}}
	allow := ["203.0.113.0/24"]
	ids := {f.resource | some f in eks_001.deny with input as inp with data.archcheck.params.prod.eks_public_access_cidrs as allow}
	ids == {"outside", "world"}
	some f in eks_001.deny with input as inp with data.archcheck.params.prod.eks_public_access_cidrs as allow
	f.resource == "outside"
	f.message == "EKS cluster outside has the public API endpoint open to 198.51.100.0/24; the prod environment allows only CIDRs inside 203.0.113.0/24 (never 0.0.0.0/0)"
}

test_listing_world_does_not_let_it_pass if {
	inp := {"aws": {"eks_clusters": {
		"wide": cluster("wide", "prod", true, true, ["198.51.100.0/24"]),
		"world": cluster("world", "prod", true, true, ["0.0.0.0/0"]),
	}}}
	ids := {f.resource | some f in eks_001.deny with input as inp with data.archcheck.params.prod.eks_public_access_cidrs as ["0.0.0.0/0"]}
	ids == {"world"}
}

test_any_in_prod_allows_office_cidrs if {
	inp := {"aws": {"eks_clusters": {"p": cluster("p", "prod", true, true, ["203.0.113.0/24"])}}}
	count(eks_001.deny) == 0 with input as inp with data.archcheck.params.prod.eks_public_access_cidrs as ["any"]
}

test_empty_list_in_dev_allows_none if {
	inp := {"aws": {"eks_clusters": {"d": cluster("d", "dev", true, true, ["203.0.113.0/24"])}}}
	ids := {f.resource | some f in eks_001.deny with input as inp with data.archcheck.params.dev.eks_public_access_cidrs as []}
	ids == {"d"}
}

test_invalid_cidr_is_not_allowed if {
	inp := {"aws": {"eks_clusters": {"d": cluster("d", "dev", true, true, ["not-a-cidr"])}}}
	{f.resource | some f in eks_001.deny with input as inp} == {"d"}
}
