# IAM-004: no old access keys; no IAM user access keys at all in prod.
#
# For every active access key of an IAM user:
# - where the environment's `forbid_user_access_keys` holds (prod by
#   default: CI uses GitHub OIDC roles), the key fails whatever its age;
# - elsewhere it fails when it was created more than
#   `access_key_max_age_days` days before "now" (the snapshot's
#   `collected_at`, else the current time).
# Inactive keys pass. A key with no known creation date is not evaluated,
# except in a Terraform plan, where such a key is one the plan creates (a
# new key). One finding per key, on the user.
package archcheck.rules.iam.iam_004

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "IAM-004",
	"title": "No old IAM access keys, none at all in prod",
	"severity": "high",
	"description": "No IAM user has an active access key older than access_key_max_age_days (90 by default), and in environments where forbid_user_access_keys holds (prod by default) no IAM user has an active access key at all: CI/CD reaches AWS through GitHub OIDC federation and workloads through IRSA, so long-lived keys only add leak risk.",
	"remediation": "Replace the key: move CI to an IAM role assumed through GitHub OIDC (aws-actions/configure-aws-credentials with role-to-assume) and workloads to IRSA, then deactivate and delete the key (aws iam update-access-key --status Inactive, then delete-access-key). Where a key must remain outside prod, rotate it within the maximum age.",
	"architecture": {
		"sections": ["001 §5", "001 §7", "002 §4"],
		"quote": "no long-lived secrets/tokens",
	},
	"parameters": ["access_key_max_age_days", "forbid_user_access_keys"],
	"inputs": ["aws.iam_users"],
	"judges": "aws.iam_users",
}

day_ns := 86400000000000

from_plan(user) if object.get(user, ["source", "kind"], "") == "terraform-plan"

active_keys(user) := [k | some k in object.get(user, "access_keys", []); k.active == true]

created_ns(key) := lib.rfc3339_ns(object.get(key, "created_at", ""))

age_days(key) := floor((data.archcheck.lib.now_ns - created_ns(key)) / day_ns)

age_text(key) := sprintf(", created %s, %s old", [key.created_at, days_text(age_days(key))]) if created_ns(key)
else := ""

days_text(n) := "1 day" if n == 1
else := sprintf("%d days", [n])

deny contains lib.finding(user, msg) if {
	some user in input.aws.iam_users
	lib.params(user).forbid_user_access_keys == true
	some key in active_keys(user)
	msg := sprintf("%s has an active access key %s%s; the %s environment allows no IAM user access keys (CI uses OIDC roles, workloads IRSA)", [
		lib.iam_label("user", user), key.access_key_id, age_text(key), lib.env_of(user),
	])
}

deny contains lib.finding(user, msg) if {
	some user in input.aws.iam_users
	p := lib.params(user)
	p.forbid_user_access_keys != true
	some key in active_keys(user)
	data.archcheck.lib.now_ns - created_ns(key) > p.access_key_max_age_days * day_ns
	msg := sprintf("%s has an active access key %s created %s, %s old; the %s environment allows access keys at most %s old", [
		lib.iam_label("user", user), key.access_key_id, key.created_at, days_text(age_days(key)), lib.env_of(user), days_text(p.access_key_max_age_days),
	])
}

not_evaluated contains lib.not_evaluated(user, sprintf("the creation date of its active access key %s is not known", [key.access_key_id])) if {
	some user in input.aws.iam_users
	lib.params(user).forbid_user_access_keys != true
	not from_plan(user)
	some key in active_keys(user)
	not created_ns(key)
}
