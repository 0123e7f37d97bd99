# IAM-001: the root user has no access keys and has MFA.
#
# Judged per account (`aws.iam_accounts`, one record per account): root
# access keys present fail, root MFA off fails; one finding each. A
# Terraform plan says nothing about the root user (its account record
# carries the password policy only), so a record read from a plan is not
# evaluated.
package archcheck.rules.iam.iam_001

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "IAM-001",
	"title": "Root user has MFA and no access keys",
	"severity": "critical",
	"description": "The root user of every account has MFA enabled and no access keys. The root user can do anything in the account, including closing it and changing its contact details, and no policy can restrict it (SCPs aside); a leaked root key or phished root password is a full compromise.",
	"remediation": "Sign in as root, delete its access keys (Security credentials page) and enable MFA (a hardware key or passkey kept in a safe); or, in an AWS Organization, remove member accounts' root credentials with centralized root access management.",
	"architecture": {
		"sections": ["001 §7", "004 §1.1"],
		"quote": "IAM: Least privilege access with MFA requirements",
	},
	"parameters": [],
	"inputs": ["aws.iam_accounts"],
	"judges": "aws.iam_accounts",
}

from_plan(acct) if object.get(acct, ["source", "kind"], "") == "terraform-plan"

deny contains lib.finding(acct, msg) if {
	some acct in input.aws.iam_accounts
	not from_plan(acct)
	acct.root_access_keys_present == true
	msg := sprintf("the root user of account %s has access keys; the root user must have none", [lib.label(acct)])
}

deny contains lib.finding(acct, msg) if {
	some acct in input.aws.iam_accounts
	not from_plan(acct)
	object.get(acct, "root_mfa_enabled", false) != true
	msg := sprintf("the root user of account %s has no MFA device; the root user must have MFA", [lib.label(acct)])
}

not_evaluated contains lib.not_evaluated(acct, "a Terraform plan does not show the root user's MFA or access keys") if {
	some acct in input.aws.iam_accounts
	from_plan(acct)
}
