# IAM-007: roles trusted by an EKS OIDC provider are pinned to service accounts.
#
# A trust-policy statement with Effect Allow, a Federated principal of an
# EKS cluster's OIDC provider (its URL contains `oidc.eks.`) and the
# action sts:AssumeRoleWithWebIdentity (or sts:*, *) must restrict
# `<issuer>:sub` (StringEquals, StringLike or their ForAnyValue /
# IgnoreCase forms) to values that each name one service account:
# `system:serviceaccount:NAMESPACE:NAME`, with no `*` or `?` anywhere
# (so StringLike `system:serviceaccount:backend:*` fails, as does a
# condition on `aud` only, which lets every pod of the cluster assume the
# role). A statement passes when one of its operators restricts sub that
# way. One finding per statement.
package archcheck.rules.iam.iam_007

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "IAM-007",
	"title": "IRSA roles are restricted to named service accounts",
	"severity": "high",
	"description": "An IAM role that trusts an EKS cluster's OIDC provider (IRSA) restricts the token's sub claim to named service accounts (system:serviceaccount:NAMESPACE:NAME, no wildcards). Without it, any pod of the cluster that mounts a projected service-account token (any service account in any namespace) can assume the role and use its permissions.",
	"remediation": "Add to the trust policy's condition: StringEquals <issuer>:sub = system:serviceaccount:<namespace>:<service-account> (one value per service account that needs the role), next to <issuer>:aud = sts.amazonaws.com.",
	"architecture": {
		"sections": ["000 §3.1", "002 §4", "003 §3", "004 §5.1"],
		"quote": "Least privilege access, IAM roles for service accounts (IRSA) for EKS pods",
	},
	"parameters": [],
	"inputs": ["aws.iam_roles"],
	"judges": "aws.iam_roles",
}

# IDs of the roles whose trust policy names an EKS provider, found with
# plain references so that the other roles (most of them) cost next to
# nothing; only these are read in full. `Statement[_]` walks a list of
# statements, or the values of a single statement object (none of which
# has a Principal); a trust policy kept as JSON text is parsed.
trusting_roles := {role.id |
	some role in input.aws.iam_roles
	f := role.trust_policy.Statement[_].Principal.Federated
	contains(json.marshal(f), "oidc.eks.")
} | {role.id |
	some role in input.aws.iam_roles
	f := role.trust_policy.Statement.Principal.Federated
	contains(json.marshal(f), "oidc.eks.")
} | {role.id |
	some role in input.aws.iam_roles
	is_string(role.trust_policy)
}

# [statement, issuer] for every statement of a role trusting an EKS cluster.
eks_statements(role) := [[stmt, issuer] |
	some stmt in lib.iam_statements(object.get(role, "trust_policy", {}))
	lib.iam_allows(stmt)
	lib.iam_web_identity_action(stmt)
	some principal in lib.iam_federated(stmt)
	is_string(principal)
	contains(principal, "oidc.eks.")
	issuer := lib.iam_oidc_host(principal)
]

# A sub value that names one service account.
service_account(v) if {
	is_string(v)
	startswith(v, "system:serviceaccount:")
	not contains(v, "*")
	not contains(v, "?")
	parts := split(substring(v, 22, -1), ":")
	count(parts) == 2
	parts[0] != ""
	parts[1] != ""
}

# Some operator restricts sub to service accounts only (conditions of
# different operators must all hold, so one suffices).
pinned(subs) if {
	some [_, values] in subs
	count(values) > 0
	every v in values {
		service_account(v)
	}
}

broad_values(subs) := sort({sprintf("%v (%s)", [v, op]) |
	some [op, values] in subs
	some v in values
	not service_account(v)
})

problem(issuer, subs) := sprintf("with no condition on %s:sub, so every service account of the cluster can assume it", [issuer]) if {
	count(broad_values(subs)) == 0
} else := sprintf("for %s:sub %s, which does not name one service account", [issuer, concat(", ", broad_values(subs))])

deny contains lib.finding(role, msg) if {
	some id in trusting_roles
	role := input.aws.iam_roles[id]
	some [stmt, issuer] in eks_statements(role)
	subs := lib.iam_conditions(stmt, concat(":", [issuer, "sub"]))
	not pinned(subs)
	msg := sprintf("%s trusts the EKS OIDC provider %s %s; the trust policy must restrict sub to named service accounts (system:serviceaccount:NAMESPACE:NAME, no wildcards)", [
		lib.iam_label("role", role), issuer, problem(issuer, subs),
	])
}
