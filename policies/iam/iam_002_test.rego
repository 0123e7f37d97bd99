package archcheck.rules.iam.iam_002_test

import data.archcheck.rules.iam.iam_002
import rego.v1

acct(id, policy) := {
	"id": sprintf("%s/iam", [id]), "native_id": id, "name": sprintf("org-%s", [id]), "account_id": id,
	"environment": "prod", "root_mfa_enabled": true, "password_policy": policy,
}

good := {"minimum_password_length": 14, "password_reuse_prevention": 24, "max_password_age": 90, "expire_passwords": true}

inputs := {"aws": {"iam_accounts": {
	"ok/iam": acct("ok", good),
	"age-only/iam": acct("age-only", object.union(object.remove(good, {"expire_passwords"}), {"max_password_age": 60})),
	"none/iam": object.remove(acct("none", null), {"password_policy"}),
	"short/iam": acct("short", object.union(good, {"minimum_password_length": 8})),
	"weak/iam": acct("weak", {"minimum_password_length": 10, "password_reuse_prevention": 0, "expire_passwords": false}),
}}}

test_exactly_the_weak_policies_fail if {
	ids := {f.resource | some f in iam_002.deny with input as inputs}
	ids == {"none/iam", "short/iam", "weak/iam"}
}

test_message_lists_every_shortfall if {
	some f in iam_002.deny with input as inputs
	f.resource == "weak/iam"
	f.message == "the IAM password policy of account weak (org-weak) has minimum length 10 (below 14), no password reuse prevention, passwords never expire; the prod environment requires a minimum length of 14, reuse prevention and expiry"
}

test_message_no_policy if {
	some f in iam_002.deny with input as inputs
	f.resource == "none/iam"
	f.message == "account none (org-none) has no IAM password policy (AWS's default: 8 characters, no reuse prevention, no expiry); the prod environment requires a minimum length of 14, reuse prevention and expiry"
}

test_compliant_policy_produces_nothing if {
	count(iam_002.deny) == 0 with input as {"aws": {"iam_accounts": {"ok/iam": acct("ok", good)}}}
}

test_min_length_parameter if {
	ids := {f.resource | some f in iam_002.deny with input as inputs with data.archcheck.params.prod.password_min_length as 8}
	ids == {"none/iam", "weak/iam"}
	ids2 := {f.resource | some f in iam_002.deny with input as inputs with data.archcheck.params.prod.password_min_length as 16}
	ids2 == {"ok/iam", "age-only/iam", "none/iam", "short/iam", "weak/iam"}
}
