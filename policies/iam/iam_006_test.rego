package archcheck.rules.iam.iam_006_test

import data.archcheck.rules.iam.iam_006
import rego.v1

gh := "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"

role(name, statement) := {
	"id": name, "native_id": sprintf("AROA%s", [name]), "name": name, "account_id": "222222222222",
	"environment": "dev", "trust_policy": {"Version": "2012-10-17", "Statement": statement},
}

stmt(condition) := {
	"Effect": "Allow", "Principal": {"Federated": gh},
	"Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition,
}

aud := {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}

inputs := {"aws": {"iam_roles": {
	"pinned": role("pinned", [stmt({"StringEquals": object.union(aud, {"token.actions.githubusercontent.com:sub": "repo:innovate/app:ref:refs/heads/main"})})]),
	"any-ref": role("any-ref", stmt({"StringEquals": aud, "StringLike": {"token.actions.githubusercontent.com:sub": ["repo:innovate/app:*", "repo:innovate/web:environment:prod"]}})),
	"no-sub": role("no-sub", [stmt({"StringEquals": aud})]),
	"org-wide": role("org-wide", [stmt({"StringEquals": aud, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:innovate/*"}})]),
	"bare-star": role("bare-star", [stmt({"StringEquals": aud, "StringLike": {"token.actions.githubusercontent.com:sub": "*"}})]),
	"no-aud": role("no-aud", [stmt({"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:innovate/app:ref:refs/heads/main"}})]),
	"if-exists": role("if-exists", [stmt({"StringEquals": aud, "StringLikeIfExists": {"token.actions.githubusercontent.com:sub": "repo:innovate/app:*"}})]),
	"and-pinned": role("and-pinned", [stmt({"StringEquals": object.union(aud, {"token.actions.githubusercontent.com:sub": "repo:innovate/app:ref:refs/heads/main"}), "StringLike": {"token.actions.githubusercontent.com:sub": "*"}})]),
	"eks": role("eks", [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::222222222222:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/A"}, "Action": "sts:AssumeRoleWithWebIdentity"}]),
	"service": role("service", [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]),
}}}

test_exactly_the_loose_github_roles_fail if {
	ids := {f.resource | some f in iam_006.deny with input as inputs}
	ids == {"no-sub", "org-wide", "bare-star", "no-aud", "if-exists"}
}

test_message_no_sub if {
	some f in iam_006.deny with input as inputs
	f.resource == "no-sub"
	f.message == "IAM role no-sub (account 222222222222) trusts GitHub Actions (token.actions.githubusercontent.com) with no condition on token.actions.githubusercontent.com:sub, so a workflow of any GitHub repository can assume it; the trust policy must restrict sub to named repositories (repo:ORG/REPO:…)"
}

test_message_org_wide if {
	some f in iam_006.deny with input as inputs
	f.resource == "org-wide"
	f.message == "IAM role org-wide (account 222222222222) trusts GitHub Actions (token.actions.githubusercontent.com) for token.actions.githubusercontent.com:sub repo:innovate/* (StringLike), which does not name one repository; the trust policy must restrict sub to named repositories (repo:ORG/REPO:…, no wildcard in the organisation or repository)"
}

test_message_no_aud if {
	some f in iam_006.deny with input as inputs
	f.resource == "no-aud"
	f.message == "IAM role no-aud (account 222222222222) trusts GitHub Actions (token.actions.githubusercontent.com) without checking token.actions.githubusercontent.com:aud; the trust policy must require the audience (sts.amazonaws.com)"
}

test_compliant_roles_produce_nothing if {
	count(iam_006.deny) == 0 with input as {"aws": {"iam_roles": {k: inputs.aws.iam_roles[k] | some k in ["pinned", "any-ref", "and-pinned", "eks", "service"]}}}
}

test_enterprise_issuer_and_list_principal if {
	ent := "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com/acme"
	r := role("ent", {
		"Effect": "Allow", "Principal": {"Federated": [ent]}, "Action": ["sts:AssumeRoleWithWebIdentity"],
		"Condition": {"StringEquals": {
			"token.actions.githubusercontent.com/acme:aud": ["sts.amazonaws.com"],
			"token.actions.githubusercontent.com/acme:sub": ["repo:acme/app:ref:refs/heads/main", "repo:*"],
		}},
	})
	some f in iam_006.deny with input as {"aws": {"iam_roles": {"ent": r}}}
	f.message == "IAM role ent (account 222222222222) trusts GitHub Actions (token.actions.githubusercontent.com/acme) for token.actions.githubusercontent.com/acme:sub repo:* (StringEquals), which does not name one repository; the trust policy must restrict sub to named repositories (repo:ORG/REPO:…, no wildcard in the organisation or repository)"
	count(iam_006.deny) == 1 with input as {"aws": {"iam_roles": {"ent": r}}}
}

test_trust_policy_as_json_text if {
	doc := json.marshal({"Statement": stmt({"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}, "StringEquals": aud})})
	r := object.union(role("text", []), {"trust_policy": doc})
	{f.resource | some f in iam_006.deny with input as {"aws": {"iam_roles": {"text": r}}}} == {"text"}
}

test_single_statement_object if {
	r := role("single", stmt({"StringEquals": aud}))
	{f.resource | some f in iam_006.deny with input as {"aws": {"iam_roles": {"single": r}}}} == {"single"}
}
