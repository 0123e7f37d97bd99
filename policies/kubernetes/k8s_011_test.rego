package archcheck.rules.kubernetes.k8s_011_test

import data.archcheck.rules.kubernetes.k8s_011
import rego.v1

workload(ns, name, sa, containers, init) := object.union(
	{
		"id": sprintf("prod-eks/%s/Deployment/%s", [ns, name]), "cluster": "prod-eks", "namespace": ns,
		"name": name, "environment": "prod", "kind": "Deployment",
		"pod": {"containers": containers, "init_containers": init},
	},
	{"pod": {"service_account_name": sa} | sa != ""},
)

container(name, env, env_from) := {"name": name, "image": "x", "env": env, "env_from_secrets": env_from}

inline(name) := {"name": name, "inline_value": true}

secret(name, secret, key) := {"name": name, "secret_name": secret, "secret_key": key}

account(ns, name, role) := object.union(
	{"id": sprintf("prod-eks/%s/ServiceAccount/%s", [ns, name]), "cluster": "prod-eks", "namespace": ns, "name": name, "environment": "prod"},
	{"annotations": {"eks.amazonaws.com/role-arn": role} | role != ""},
)

no_ns(o) := object.remove(o, ["namespace"])

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {
	"workloads": objects([
		workload("backend", "api", "api", [container("app", [inline("AWS_REGION")], [])], []),
		workload("backend", "inline", "", [container("app", [inline("AWS_ACCESS_KEY_ID"), secret("AWS_SECRET_ACCESS_KEY", "app-secrets", "AWS_SECRET_ACCESS_KEY")], [])], []),
		workload("backend", "keyref", "api", [container("app", [secret("S3_SECRET", "app", "aws_secret_access_key")], [])], []),
		workload("backend", "envfrom", "", [container("app", [], ["db-creds", "aws-credentials"])], []),
		workload("backend", "irsa-and-keys", "uploader", [container("app", [inline("AWS_SESSION_TOKEN")], [])], []),
		workload("backend", "benign", "api", [container("app", [inline("AWS_REGION"), inline("AWS_ROLE_ARN"), secret("DB_PASSWORD", "db", "password")], ["aws-secrets-manager-config", "aws-lb-tls"])], []),
		workload("backend", "init", "api", [container("app", [], [])], [container("sync", [{"name": "myapp-aws-secret-key"}], [])]),
		workload("kube-system", "legacy-agent", "", [container("agent", [inline("AWS_ACCESS_KEY_ID")], [])], []),
		no_ns(workload("unknown", "loose", "uploader", [container("app", [secret("KEY", "prod_aws_keys", "id")], [])], [])),
	]),
	"service_accounts": objects([
		account("backend", "api", "arn:aws:iam::111111111111:role/api"),
		account("backend", "uploader", "arn:aws:iam::111111111111:role/uploader"),
		account("backend", "default", ""),
		no_ns(account("unknown", "uploader", "arn:aws:iam::111111111111:role/uploader")),
	]),
}}

findings := {f.resource: f.message | some f in k8s_011.deny with input as inputs}

test_exactly_the_workloads_with_static_keys_fail if {
	ids := {f.resource | some f in k8s_011.deny with input as inputs}
	ids == {
		"prod-eks/backend/Deployment/inline",
		"prod-eks/backend/Deployment/keyref",
		"prod-eks/backend/Deployment/envfrom",
		"prod-eks/backend/Deployment/irsa-and-keys",
		"prod-eks/backend/Deployment/init",
		"prod-eks/unknown/Deployment/loose",
	}
}

test_message_for_keys_in_env if {
	findings["prod-eks/backend/Deployment/inline"] == `container "app" of Deployment backend/inline (cluster prod-eks) is given static AWS credentials: env AWS_ACCESS_KEY_ID (set inline), env AWS_SECRET_ACCESS_KEY (from key AWS_SECRET_ACCESS_KEY of Secret app-secrets); its service account default has no eks.amazonaws.com/role-arn annotation; workloads that call AWS must use IRSA (a service account annotated with eks.amazonaws.com/role-arn), not static keys`
}

test_messages_for_other_heuristics if {
	startswith(findings["prod-eks/backend/Deployment/keyref"], `container "app" of Deployment backend/keyref (cluster prod-eks) is given static AWS credentials: env S3_SECRET (from key aws_secret_access_key of Secret app); its service account api has an IRSA role, but static keys in the environment take precedence over it; `)
	startswith(findings["prod-eks/backend/Deployment/envfrom"], `container "app" of Deployment backend/envfrom (cluster prod-eks) is given static AWS credentials: envFrom Secret aws-credentials; its service account default has no eks.amazonaws.com/role-arn annotation; `)
	startswith(findings["prod-eks/backend/Deployment/init"], `init container "sync" of Deployment backend/init (cluster prod-eks) is given static AWS credentials: env myapp-aws-secret-key (from a non-Secret source); `)
	startswith(findings["prod-eks/unknown/Deployment/loose"], `container "app" of Deployment loose (cluster prod-eks, namespace not known) is given static AWS credentials: env KEY (from key id of Secret prod_aws_keys); its service account uploader has an IRSA role, `)
}

test_compliant_workloads_produce_nothing if {
	count(k8s_011.deny) == 0 with input as {"k8s": {
		"workloads": {id: w | some id, w in inputs.k8s.workloads; w.name in {"api", "benign", "legacy-agent"}},
		"service_accounts": inputs.k8s.service_accounts,
	}}
}

test_system_namespaces_parameter if {
	ids := {f.resource | some f in k8s_011.deny with input as inputs with data.archcheck.params.prod.system_namespaces as ["backend"]}
	ids == {"prod-eks/unknown/Deployment/loose"}
}

test_secret_name_heuristic if {
	every name in ["aws-credentials", "aws-creds", "awscreds", "prod-aws-keys", "aws_access_keys", "aws.secret-access-key", "AWS-IAM-USER"] {
		k8s_011.credentials_secret(name)
	}
	every name in ["aws-secrets-manager", "aws-lb-tls", "db-credentials", "lawsuit-keys", "aws-keystore"] {
		not k8s_011.credentials_secret(name)
	}
}
