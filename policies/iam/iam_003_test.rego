package archcheck.rules.iam.iam_003_test

import data.archcheck.rules.iam.iam_003
import rego.v1

user(name, password, mfa) := {
	"id": sprintf("arn:aws:iam::111111111111:user/%s", [name]), "native_id": sprintf("AIDA%s", [name]), "name": name,
	"account_id": "111111111111", "environment": "prod", "password_enabled": password, "mfa_active": mfa,
}

inputs := {"aws": {"iam_users": {
	"arn:aws:iam::111111111111:user/alice": user("alice", true, true),
	"arn:aws:iam::111111111111:user/bob": user("bob", true, false),
	"arn:aws:iam::111111111111:user/ci": user("ci", false, false),
}}}

test_exactly_the_password_users_without_mfa_fail if {
	ids := {f.resource | some f in iam_003.deny with input as inputs}
	ids == {"arn:aws:iam::111111111111:user/bob"}
}

test_message if {
	some f in iam_003.deny with input as inputs
	f.message == "IAM user bob (account 111111111111) can sign in to the console with a password but has no MFA device; every IAM user with a console password must have MFA"
}

test_compliant_users_produce_nothing if {
	count(iam_003.deny) == 0 with input as {"aws": {"iam_users": {
		"a": user("alice", true, true),
		"c": user("ci", false, false),
	}}}
}

test_plan_user_is_not_evaluated if {
	u := object.union(user("dave", true, false), {"source": {"kind": "terraform-plan", "address": "aws_iam_user.dave"}})
	inp := {"aws": {"iam_users": {u.id: u}}}
	count(iam_003.deny) == 0 with input as inp
	{n.resource | some n in iam_003.not_evaluated with input as inp} == {u.id}
}
