package archcheck.rules.iam.iam_005_test

import data.archcheck.rules.iam.iam_005
import rego.v1

role(name, policies) := {
	"id": sprintf("arn:aws:iam::111111111111:role/%s", [name]), "arn": sprintf("arn:aws:iam::111111111111:role/%s", [name]),
	"native_id": sprintf("AROA%s", [name]), "name": name, "account_id": "111111111111", "environment": "prod",
	"policies": policies,
}

user(name, policies) := object.union(role(name, policies), {"id": name, "arn": null})

policy(name, kind, statement) := {"name": name, "kind": kind, "document": {"Version": "2012-10-17", "Statement": statement}}

admin_stmt := {"Effect": "Allow", "Action": "*", "Resource": "*"}

inputs := {"aws": {
	"iam_roles": {
		"arn:aws:iam::111111111111:role/app": role("app", [policy("app-s3", "customer", [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}])]),
		"arn:aws:iam::111111111111:role/deploy": role("deploy", [policy("deploy-all", "customer", [{"Effect": "Allow", "Action": ["ecr:*", "*"], "Resource": ["*"]}])]),
		"arn:aws:iam::111111111111:role/inline": role("inline", [policy("everything", "inline", admin_stmt)]),
		"arn:aws:iam::111111111111:role/starstar": role("starstar", [policy("ss", "customer", [{"Effect": "Allow", "Action": "*:*", "Resource": "*"}])]),
		"arn:aws:iam::111111111111:role/denied": role("denied", [policy("deny-all", "customer", [{"Effect": "Deny", "Action": "*", "Resource": "*"}])]),
		"arn:aws:iam::111111111111:role/scoped": role("scoped", [policy("scoped", "customer", [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::bucket/*"}])]),
		"arn:aws:iam::111111111111:role/aws-admin": role("aws-admin", [{"name": "AdministratorAccess", "kind": "aws", "document": {}}]),
		"arn:aws:iam::111111111111:role/json-text": role("json-text", [{"name": "text", "kind": "inline", "document": "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"}]),
	},
	"iam_users": {"bob": user("bob", [policy("bob-admin", "inline", [admin_stmt])])},
}}

test_exactly_the_admin_policies_fail if {
	ids := {f.resource | some f in iam_005.deny with input as inputs}
	ids == {
		"arn:aws:iam::111111111111:role/deploy",
		"arn:aws:iam::111111111111:role/inline",
		"arn:aws:iam::111111111111:role/starstar",
		"arn:aws:iam::111111111111:role/json-text",
		"bob",
	}
}

test_message_role if {
	some f in iam_005.deny with input as inputs
	f.resource == "arn:aws:iam::111111111111:role/deploy"
	f.message == "IAM role deploy (account 111111111111) has the customer-managed policy deploy-all, which allows every action (*) on every resource (*); only break-glass roles may have such a policy, and the prod environment lists none (break_glass_roles)"
}

test_message_user if {
	some f in iam_005.deny with input as inputs
	f.resource == "bob"
	f.message == "IAM user bob (account 111111111111) has the inline policy bob-admin, which allows every action (*) on every resource (*); no IAM user may have such a policy (full access belongs to a break-glass role)"
}

test_compliant_roles_produce_nothing if {
	count(iam_005.deny) == 0 with input as {"aws": {"iam_roles": {k: inputs.aws.iam_roles[k] |
		some k in ["arn:aws:iam::111111111111:role/app", "arn:aws:iam::111111111111:role/denied", "arn:aws:iam::111111111111:role/scoped", "arn:aws:iam::111111111111:role/aws-admin"]
	}}}
}

test_break_glass_roles_parameter if {
	glass := ["inline", "arn:aws:iam::111111111111:role/starstar", "bob"]
	ids := {f.resource | some f in iam_005.deny with input as inputs with data.archcheck.params.prod.break_glass_roles as glass}
	ids == {"arn:aws:iam::111111111111:role/deploy", "arn:aws:iam::111111111111:role/json-text", "bob"}
	some f in iam_005.deny with input as inputs with data.archcheck.params.prod.break_glass_roles as glass
	f.resource == "arn:aws:iam::111111111111:role/deploy"
	f.message == "IAM role deploy (account 111111111111) has the customer-managed policy deploy-all, which allows every action (*) on every resource (*); only the prod environment's break-glass roles (inline, arn:aws:iam::111111111111:role/starstar, bob) may have such a policy"
}

test_unknown_document_is_not_evaluated if {
	r := role("planned", [{"name": "existing-policy", "arn": "arn:aws:iam::111111111111:policy/existing-policy", "kind": "customer", "document": null}])
	inp := {"aws": {"iam_roles": {r.id: r}}}
	count(iam_005.deny) == 0 with input as inp
	ne := iam_005.not_evaluated with input as inp
	{n.resource | some n in ne} == {r.id}
	some n in ne
	n.reason == "the document of its customer-managed policy existing-policy is not in the input"
}

test_unknown_user_document_is_not_evaluated if {
	u := user("carol", [{"name": "carol-inline", "kind": "inline", "document": null}])
	ne := iam_005.not_evaluated with input as {"aws": {"iam_users": {"carol": u}}}
	ne == {{"resource": "carol", "reason": "the document of its inline policy carol-inline is not in the input"}}
}

test_unparseable_document_text_is_not_evaluated if {
	r := role("texty", [{"name": "broken", "kind": "inline", "document": "{not json"}])
	ne := iam_005.not_evaluated with input as {"aws": {"iam_roles": {r.id: r}}}
	{n.resource | some n in ne} == {r.id}
}
