package archcheck.rules.iam.iam_004_test

import data.archcheck.rules.iam.iam_004
import rego.v1

user(name, env, keys) := {
	"id": name, "native_id": sprintf("AIDA%s", [name]), "name": name,
	"account_id": "111111111111", "environment": env, "access_keys": keys,
}

key(id, active, created) := {"access_key_id": id, "active": active, "created_at": created}

now := "2026-11-20T06:00:00Z"

inputs := {"collected_at": now, "aws": {"iam_users": {
	"dev-fresh": user("dev-fresh", "dev", [key("AKIA1", true, "2026-10-01T00:00:00Z")]),
	"dev-old": user("dev-old", "dev", [key("AKIA2", true, "2026-01-01T00:00:00Z"), key("AKIA3", true, "2026-11-01T00:00:00Z")]),
	"dev-old-inactive": user("dev-old-inactive", "dev", [key("AKIA4", false, "2020-01-01T00:00:00Z")]),
	"prod-fresh": user("prod-fresh", "prod", [key("AKIA5", true, "2026-11-19T00:00:00Z")]),
	"prod-inactive": user("prod-inactive", "prod", [key("AKIA6", false, "2026-11-19T00:00:00Z")]),
	"prod-none": user("prod-none", "prod", []),
}}}

test_exactly_the_old_keys_and_prod_keys_fail if {
	ids := {f.resource | some f in iam_004.deny with input as inputs}
	ids == {"dev-old", "prod-fresh"}
	count(iam_004.deny) == 2 with input as inputs
}

test_message_old_key if {
	some f in iam_004.deny with input as inputs
	f.resource == "dev-old"
	f.message == "IAM user dev-old (account 111111111111) has an active access key AKIA2 created 2026-01-01T00:00:00Z, 323 days old; the dev environment allows access keys at most 90 days old"
}

test_message_prod_key if {
	some f in iam_004.deny with input as inputs
	f.resource == "prod-fresh"
	f.message == "IAM user prod-fresh (account 111111111111) has an active access key AKIA5, created 2026-11-19T00:00:00Z, 1 day old; the prod environment allows no IAM user access keys (CI uses OIDC roles, workloads IRSA)"
}

test_compliant_users_produce_nothing if {
	count(iam_004.deny) == 0 with input as {"collected_at": now, "aws": {"iam_users": {
		"a": user("a", "dev", [key("AKIA1", true, "2026-10-01T00:00:00Z")]),
		"b": user("b", "prod", [key("AKIA6", false, "2026-11-19T00:00:00Z")]),
	}}}
}

test_max_age_parameter if {
	ids := {f.resource | some f in iam_004.deny with input as inputs with data.archcheck.params.dev.access_key_max_age_days as 30}
	ids == {"dev-fresh", "dev-old", "prod-fresh"}
	count(iam_004.deny) == 3 with input as inputs with data.archcheck.params.dev.access_key_max_age_days as 30
}

test_forbid_parameter if {
	ids := {f.resource | some f in iam_004.deny with input as inputs with data.archcheck.params.dev.forbid_user_access_keys as true with data.archcheck.params.prod.forbid_user_access_keys as false}
	ids == {"dev-fresh", "dev-old"}
}

test_unknown_creation_date_is_not_evaluated if {
	k := {"access_key_id": "AKIA9", "active": true}
	inp := {"collected_at": now, "aws": {"iam_users": {
		"u": user("u", "dev", [k]),
		"planned": object.union(user("planned", "dev", [k]), {"source": {"kind": "terraform-plan"}}),
	}}}
	count(iam_004.deny) == 0 with input as inp
	ne := iam_004.not_evaluated with input as inp
	{n.resource | some n in ne} == {"u"}
	some n in ne
	n.reason == "the creation date of its active access key AKIA9 is not known"
}

test_prod_key_without_date_fails_in_a_plan if {
	k := {"access_key_id": "aws_iam_access_key.ci", "active": true}
	inp := {"aws": {"iam_users": {"planned": object.union(user("planned", "prod", [k]), {"source": {"kind": "terraform-plan"}})}}}
	some f in iam_004.deny with input as inp
	f.message == "IAM user planned (account 111111111111) has an active access key aws_iam_access_key.ci; the prod environment allows no IAM user access keys (CI uses OIDC roles, workloads IRSA)"
}
