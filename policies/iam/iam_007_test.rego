package archcheck.rules.iam.iam_007_test

import data.archcheck.rules.iam.iam_007
import rego.v1

issuer := "oidc.eks.us-east-1.amazonaws.com/id/ABC"

provider := sprintf("arn:aws:iam::111111111111:oidc-provider/%s", [issuer])

role(name, statement) := {
	"id": name, "native_id": sprintf("AROA%s", [name]), "name": name, "account_id": "111111111111",
	"environment": "prod", "trust_policy": {"Version": "2012-10-17", "Statement": statement},
}

stmt(condition) := {
	"Effect": "Allow", "Principal": {"Federated": provider},
	"Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition,
}

sub := sprintf("%s:sub", [issuer])

aud := {sprintf("%s:aud", [issuer]): "sts.amazonaws.com"}

inputs := {"aws": {"iam_roles": {
	"pinned": role("pinned", [stmt({"StringEquals": object.union(aud, {sub: "system:serviceaccount:backend:backend-api"})})]),
	"two-sas": role("two-sas", stmt({"StringEquals": {sub: ["system:serviceaccount:backend:api", "system:serviceaccount:backend:worker"]}})),
	"aud-only": role("aud-only", [stmt({"StringEquals": aud})]),
	"namespace-wide": role("namespace-wide", [stmt({"StringLike": {sub: "system:serviceaccount:backend:*"}})]),
	"no-condition": role("no-condition", [object.remove(stmt({}), {"Condition"})]),
	"malformed": role("malformed", [stmt({"StringEquals": {sub: "system:serviceaccount:backend"}})]),
	"github": role("github", [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}]),
}}}

test_exactly_the_unpinned_irsa_roles_fail if {
	ids := {f.resource | some f in iam_007.deny with input as inputs}
	ids == {"aud-only", "namespace-wide", "no-condition", "malformed"}
}

test_message_no_sub if {
	some f in iam_007.deny with input as inputs
	f.resource == "aud-only"
	f.message == "IAM role aud-only (account 111111111111) trusts the EKS OIDC provider oidc.eks.us-east-1.amazonaws.com/id/ABC with no condition on oidc.eks.us-east-1.amazonaws.com/id/ABC:sub, so every service account of the cluster can assume it; the trust policy must restrict sub to named service accounts (system:serviceaccount:NAMESPACE:NAME, no wildcards)"
}

test_message_wildcard if {
	some f in iam_007.deny with input as inputs
	f.resource == "namespace-wide"
	f.message == "IAM role namespace-wide (account 111111111111) trusts the EKS OIDC provider oidc.eks.us-east-1.amazonaws.com/id/ABC for oidc.eks.us-east-1.amazonaws.com/id/ABC:sub system:serviceaccount:backend:* (StringLike), which does not name one service account; the trust policy must restrict sub to named service accounts (system:serviceaccount:NAMESPACE:NAME, no wildcards)"
}

test_compliant_roles_produce_nothing if {
	count(iam_007.deny) == 0 with input as {"aws": {"iam_roles": {k: inputs.aws.iam_roles[k] | some k in ["pinned", "two-sas", "github"]}}}
}

test_condition_keys_compare_case_insensitively if {
	upper := {"StringEquals": {"OIDC.EKS.US-EAST-1.AMAZONAWS.COM/ID/ABC:SUB": "system:serviceaccount:backend:api"}}
	count(iam_007.deny) == 0 with input as {"aws": {"iam_roles": {"r": role("r", [stmt(upper)])}}}
}

test_single_statement_object_and_text if {
	single := role("single", stmt({"StringEquals": aud}))
	text := object.union(role("text", []), {"trust_policy": json.marshal({"Statement": [stmt({"StringEquals": aud})]})})
	ids := {f.resource | some f in iam_007.deny with input as {"aws": {"iam_roles": {"single": single, "text": text}}}}
	ids == {"single", "text"}
}
