# IAM-002: the account password policy is strong.
#
# Judged per account record (`aws.iam_accounts`). An account without a
# password policy fails (AWS then applies its default: 8 characters, no
# reuse prevention, no expiry). With one, each shortfall is listed in one
# finding: minimum length below `password_min_length`; no reuse
# prevention (password_reuse_prevention absent or 0); no expiry
# (expire_passwords false and max_password_age absent or 0).
package archcheck.rules.iam.iam_002

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "IAM-002",
	"title": "Account password policy requires length, no reuse and expiry",
	"severity": "medium",
	"description": "Every account has an IAM password policy with a minimum length of at least password_min_length characters (14 by default), password reuse prevention, and password expiry, so IAM user console passwords cannot be short, recycled or kept for ever.",
	"remediation": "Set the password policy (aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --max-password-age 90, or aws_iam_account_password_policy in Terraform). Better still, give people access through IAM Identity Center and keep IAM users for break-glass only.",
	"architecture": {
		"sections": ["001 §7", "004 §1.1"],
		"quote": "IAM: Least privilege access with MFA requirements",
	},
	"parameters": ["password_min_length"],
	"inputs": ["aws.iam_accounts"],
	"judges": "aws.iam_accounts",
}

has_policy(acct) if is_object(acct.password_policy)

shortfalls(acct) := [s |
	some check in ["length", "reuse", "expiry"]
	s := shortfall(check, acct.password_policy, lib.params(acct).password_min_length)
]

shortfall("length", p, minimum) := sprintf("minimum length %d (below %d)", [object.get(p, "minimum_password_length", 0), minimum]) if {
	object.get(p, "minimum_password_length", 0) < minimum
}

shortfall("reuse", p, _) := "no password reuse prevention" if {
	object.get(p, "password_reuse_prevention", null) in {null, 0}
}

shortfall("expiry", p, _) := "passwords never expire" if {
	object.get(p, "expire_passwords", false) != true
	object.get(p, "max_password_age", null) in {null, 0}
}

deny contains lib.finding(acct, msg) if {
	some acct in input.aws.iam_accounts
	not has_policy(acct)
	msg := sprintf("account %s has no IAM password policy (AWS's default: 8 characters, no reuse prevention, no expiry); the %s environment requires a minimum length of %d, reuse prevention and expiry", [
		lib.label(acct), lib.env_of(acct), lib.params(acct).password_min_length,
	])
}

deny contains lib.finding(acct, msg) if {
	some acct in input.aws.iam_accounts
	has_policy(acct)
	problems := shortfalls(acct)
	count(problems) > 0
	msg := sprintf("the IAM password policy of account %s has %s; the %s environment requires a minimum length of %d, reuse prevention and expiry", [
		lib.label(acct), concat(", ", problems), lib.env_of(acct), lib.params(acct).password_min_length,
	])
}
