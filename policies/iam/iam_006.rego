# IAM-006: roles trusted by GitHub's OIDC provider are pinned to repositories.
#
# A trust-policy statement with Effect Allow, a Federated principal of
# GitHub Actions' OIDC provider (token.actions.githubusercontent.com, also
# with a GitHub Enterprise suffix) and the action
# sts:AssumeRoleWithWebIdentity (or sts:*, *) must:
# - restrict `<issuer>:sub` with StringEquals, StringLike (or their
#   ForAnyValue / IgnoreCase forms; IfExists and ForAllValues pass when the
#   claim is missing and do not count) to values that each name one
#   repository: `repo:ORG/REPO` or `repo:ORG/REPO:<anything>`, with no `*`
#   or `?` in ORG or REPO. So `repo:org/app:ref:refs/heads/main` and
#   `repo:org/app:*` pass; `*`, `repo:*`, `repo:org/*` (every repository of
#   the organisation, present and future) and `repo:org/app-*` fail. A
#   statement passes when one of its operators restricts sub that way
#   (conditions of different operators must all hold). Custom sub claims
#   (OIDC subject customisation) are not recognised and fail;
# - check `<issuer>:aud` (any of those operators, with a value other than
#   `*`).
# One finding per statement and problem.
package archcheck.rules.iam.iam_006

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "IAM-006",
	"title": "GitHub OIDC roles are restricted to named repositories",
	"severity": "critical",
	"description": "An IAM role that trusts GitHub Actions' OIDC provider restricts the token's sub claim to named repositories (repo:ORG/REPO:…, no wildcard in the organisation or repository) and checks its aud claim. Without a sub condition, or with a wildcard such as repo:* or repo:org/*, a workflow in any GitHub repository (or in any repository of the organisation, including ones created later) can assume the role.",
	"remediation": "Add to the trust policy's condition: StringEquals (or StringLike for branch/environment patterns) token.actions.githubusercontent.com:sub = repo:ORG/REPO:ref:refs/heads/main (or :environment:prod), and StringEquals token.actions.githubusercontent.com:aud = sts.amazonaws.com.",
	"architecture": {
		"sections": ["001 §5", "001 §7", "003 §1"],
		"quote": "GitHub OIDC → short-lived deploy roles.",
	},
	"parameters": [],
	"inputs": ["aws.iam_roles"],
	"judges": "aws.iam_roles",
}

# IDs of the roles whose trust policy names GitHub's provider, found with
# plain references so that the other roles (most of them) cost next to
# nothing; only these are read in full. `Statement[_]` walks a list of
# statements, or the values of a single statement object (none of which
# has a Principal); a trust policy kept as JSON text is parsed.
trusting_roles := {role.id |
	some role in input.aws.iam_roles
	f := role.trust_policy.Statement[_].Principal.Federated
	contains(json.marshal(f), "token.actions.githubusercontent.com")
} | {role.id |
	some role in input.aws.iam_roles
	f := role.trust_policy.Statement.Principal.Federated
	contains(json.marshal(f), "token.actions.githubusercontent.com")
} | {role.id |
	some role in input.aws.iam_roles
	is_string(role.trust_policy)
}

# [statement, issuer] for every statement of a role trusting GitHub.
github_statements(role) := [[stmt, issuer] |
	some stmt in lib.iam_statements(object.get(role, "trust_policy", {}))
	lib.iam_allows(stmt)
	lib.iam_web_identity_action(stmt)
	some principal in lib.iam_federated(stmt)
	is_string(principal)
	contains(principal, "token.actions.githubusercontent.com")
	issuer := lib.iam_oidc_host(principal)
]

# A sub value that names one repository.
repo_scoped(v) if {
	is_string(v)
	startswith(v, "repo:")
	claims := split(substring(v, 5, -1), ":")
	repo := claims[0]
	parts := split(repo, "/")
	count(parts) == 2
	every p in parts {
		p != ""
		not contains(p, "*")
		not contains(p, "?")
	}
}

# Some operator restricts sub to repositories only (conditions of
# different operators must all hold, so one suffices).
pinned(subs) if {
	some [_, values] in subs
	count(values) > 0
	every v in values {
		repo_scoped(v)
	}
}

audience_checked(auds) if {
	some [_, values] in auds
	count(values) > 0
	every v in values {
		v != "*"
	}
}

broad_values(subs) := sort({sprintf("%v (%s)", [v, op]) |
	some [op, values] in subs
	some v in values
	not repo_scoped(v)
})

# What is wrong with one trusting statement, as message tails.
problems(issuer, subs, auds) := {m |
	not pinned(subs)
	count(broad_values(subs)) == 0
	m := sprintf("with no condition on %s:sub, so a workflow of any GitHub repository can assume it; the trust policy must restrict sub to named repositories (repo:ORG/REPO:…)", [issuer])
} | {m |
	not pinned(subs)
	broad := broad_values(subs)
	count(broad) > 0
	m := sprintf("for %s:sub %s, which does not name one repository; the trust policy must restrict sub to named repositories (repo:ORG/REPO:…, no wildcard in the organisation or repository)", [issuer, concat(", ", broad)])
} | {m |
	not audience_checked(auds)
	m := sprintf("without checking %s:aud; the trust policy must require the audience (sts.amazonaws.com)", [issuer])
}

deny contains lib.finding(role, msg) if {
	some id in trusting_roles
	role := input.aws.iam_roles[id]
	some [stmt, issuer] in github_statements(role)
	subs := lib.iam_conditions(stmt, concat(":", [issuer, "sub"]))
	auds := lib.iam_conditions(stmt, concat(":", [issuer, "aud"]))
	some problem in problems(issuer, subs, auds)
	msg := sprintf("%s trusts GitHub Actions (%s) %s", [lib.iam_label("role", role), issuer, problem])
}
