# IAM-003: every IAM user with a console password has MFA.
#
# A user with `password_enabled` and not `mfa_active` fails. A Terraform
# plan shows login profiles but not MFA devices (users read from a plan
# always have mfa_active false), so a plan user with a password is not
# evaluated rather than failed.
package archcheck.rules.iam.iam_003

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "IAM-003",
	"title": "IAM users with a console password have MFA",
	"severity": "high",
	"description": "Every IAM user that can sign in to the console with a password has an MFA device, so a phished or guessed password alone does not give access to the account.",
	"remediation": "Assign an MFA device to the user (a passkey or hardware key preferably), and enforce it with a policy denying everything but MFA self-service without aws:MultiFactorAuthPresent; or remove the console password (delete-login-profile) and give the person access through IAM Identity Center.",
	"architecture": {
		"sections": ["001 §7", "004 §1.1"],
		"quote": "IAM: Least privilege access with MFA requirements",
	},
	"parameters": [],
	"inputs": ["aws.iam_users"],
	"judges": "aws.iam_users",
}

from_plan(user) if object.get(user, ["source", "kind"], "") == "terraform-plan"

deny contains lib.finding(user, msg) if {
	some user in input.aws.iam_users
	user.password_enabled == true
	object.get(user, "mfa_active", false) != true
	not from_plan(user)
	msg := sprintf("%s can sign in to the console with a password but has no MFA device; every IAM user with a console password must have MFA", [lib.iam_label("user", user)])
}

not_evaluated contains lib.not_evaluated(user, "a Terraform plan shows the user's console password but not its MFA devices") if {
	some user in input.aws.iam_users
	user.password_enabled == true
	from_plan(user)
}
