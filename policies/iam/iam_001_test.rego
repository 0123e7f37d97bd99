package archcheck.rules.iam.iam_001_test

import data.archcheck.rules.iam.iam_001
import rego.v1

acct(id, mfa, keys) := {
	"id": sprintf("%s/iam", [id]), "native_id": id, "name": sprintf("org-%s", [id]), "account_id": id,
	"environment": "prod", "root_mfa_enabled": mfa, "root_access_keys_present": keys,
}

inputs := {"aws": {"iam_accounts": {
	"1/iam": acct("1", true, false),
	"2/iam": acct("2", false, false),
	"3/iam": acct("3", true, true),
	"4/iam": acct("4", false, true),
}}}

test_exactly_the_weak_roots_fail if {
	ids := {f.resource | some f in iam_001.deny with input as inputs}
	ids == {"2/iam", "3/iam", "4/iam"}
	count(iam_001.deny) == 4 with input as inputs
}

test_messages if {
	msgs := {f.message | some f in iam_001.deny with input as inputs; f.resource == "4/iam"}
	msgs == {
		"the root user of account 4 (org-4) has access keys; the root user must have none",
		"the root user of account 4 (org-4) has no MFA device; the root user must have MFA",
	}
}

test_compliant_account_produces_nothing if {
	count(iam_001.deny) == 0 with input as {"aws": {"iam_accounts": {"1/iam": acct("1", true, false)}}}
}

test_plan_record_is_not_evaluated if {
	plan := object.union(acct("5", false, false), {"source": {"kind": "terraform-plan"}})
	inp := {"aws": {"iam_accounts": {"5/iam": plan}}}
	count(iam_001.deny) == 0 with input as inp
	{n.resource | some n in iam_001.not_evaluated with input as inp} == {"5/iam"}
}
