# IAM-005: no customer policy grants `*` on `*`.
#
# Every customer-managed or inline policy (kind other than `aws`) attached
# to an IAM role or user is read statement by statement (Statement may be
# one object or a list; Action and Resource a string or a list): a
# statement with Effect Allow whose Action includes `*` (or `*:*`) and
# whose Resource includes `*` fails, conditions or not. Roles named in the
# environment's `break_glass_roles` (by name or ARN) are exempt; users
# never are. AWS-managed policies (AdministratorAccess) belong to the
# reviewed access model and are not judged here. NotAction statements are
# not judged (they do not grant `*` literally). A customer or inline policy
# whose document is not in the input (a plan attaching an existing policy
# by ARN) makes its role or user not evaluated. One finding per policy.
package archcheck.rules.iam.iam_005

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "IAM-005",
	"title": "No customer policy grants * on *",
	"severity": "high",
	"description": "No customer-managed or inline IAM policy attached to a role or user allows every action on every resource (Action \"*\", Resource \"*\"), except on the break-glass roles the architecture lists. Full administrator rights written into a custom policy defeat least privilege: a compromised workload, CI job or user with it owns the account.",
	"remediation": "Replace the statement with the actions and resources the role or user needs (IAM Access Analyzer can generate a policy from CloudTrail activity); keep full administrator access to a break-glass role listed in break_glass_roles, assumed with MFA and alerted on.",
	"architecture": {
		"sections": ["001 §7", "002 §4", "004 §5.1"],
		"quote": "Least privilege access",
	},
	"parameters": ["break_glass_roles"],
	"inputs": ["aws.iam_roles", "aws.iam_users"],
	"judges": "aws.iam_roles",
}

full_actions := {"*", "*:*"}

# A statement allows every action on every resource. Only customer and
# inline documents that contain the string "*" somewhere (a cheap test on
# the serialised document) are read statement by statement.
grants_everything(policy) if {
	contains(json.marshal(policy.document), "\"*")
	some stmt in lib.iam_statements(policy.document)
	lib.iam_allows(stmt)
	some action in lib.as_list(object.get(stmt, "Action", []))
	action in full_actions
	"*" in lib.as_list(object.get(stmt, "Resource", []))
}

# The document is missing (null or empty) or JSON text that does not parse.
unknown_document(policy) if object.get(policy, "document", null) in {null, {}, ""}

unknown_document(policy) if {
	is_string(policy.document)
	policy.document != ""
	count(lib.iam_document(policy.document)) == 0
}

break_glass(role) if {
	names := lib.params(role).break_glass_roles
	some ref in [object.get(role, "name", ""), object.get(role, "arn", ""), role.id]
	ref != ""
	ref in names
}

kind_text(policy) := "inline policy" if policy.kind == "inline"
else := "customer-managed policy"

deny contains lib.finding(role, msg) if {
	some role in input.aws.iam_roles
	some policy in role.policies
	policy.kind != "aws"
	grants_everything(policy)
	not break_glass(role)
	msg := message("role", role, policy)
}

deny contains lib.finding(user, msg) if {
	some user in input.aws.iam_users
	some policy in user.policies
	policy.kind != "aws"
	grants_everything(policy)
	msg := message("user", user, policy)
}

message(kind, principal, policy) := sprintf("%s has the %s %s, which allows every action (*) on every resource (*); %s", [
	lib.iam_label(kind, principal), kind_text(policy), policy.name, exemption_text(kind, principal),
])

exemption_text("role", role) := sprintf("only the %s environment's break-glass roles (%s) may have such a policy", [lib.env_of(role), concat(", ", names)]) if {
	names := lib.params(role).break_glass_roles
	count(names) > 0
} else := sprintf("only break-glass roles may have such a policy, and the %s environment lists none (break_glass_roles)", [lib.env_of(role)])

exemption_text("user", _) := "no IAM user may have such a policy (full access belongs to a break-glass role)"

not_evaluated contains lib.not_evaluated(role, sprintf("the document of its %s %s is not in the input", [kind_text(policy), policy.name])) if {
	some role in input.aws.iam_roles
	some policy in role.policies
	policy.kind != "aws"
	unknown_document(policy)
	not break_glass(role)
}

not_evaluated contains lib.not_evaluated(user, sprintf("the document of its %s %s is not in the input", [kind_text(policy), policy.name])) if {
	some user in input.aws.iam_users
	some policy in user.policies
	policy.kind != "aws"
	unknown_document(policy)
}
