# K8S-011: workloads reach AWS through IRSA, not static access keys.
#
# Judged: every workload of an application namespace or of an unknown
# namespace (a manifest without metadata.namespace), and every container of
# its pod template, init and sidecar containers included. Whether a workload
# calls AWS is only visible through its credentials, so the control flags
# static AWS credentials handed to a container (the workload fails whatever
# its service account says: the SDKs read environment credentials before the
# IRSA web identity token, so they would win). Heuristic, documented:
# - an env var whose name, `-` read as `_` and case ignored, is or ends in
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
#   AWS_ACCESS_KEY or AWS_SECRET_KEY (older SDK names), whatever its source:
#   inline, a Secret, or a ConfigMap / other reference;
# - an env var read from a Secret key named so (`aws_secret_access_key`),
#   or from a Secret named like AWS credentials;
# - `envFrom` a Secret named like AWS credentials: the word `aws` followed,
#   with or without a separator, by `cred(s)`, `credential(s)`, `key(s)`,
#   `access-key(s)`, `secret-key(s)`, `secret-access-key(s)` or `iam-user`,
#   as whole words (`-`, `_` and `.` separate words; case ignored):
#   `aws-credentials`, `prod-aws-keys`, `awscreds`, `AWS_ACCESS_KEYS`; not
#   `aws-secrets-manager`, `aws-lb-tls` or `aws-keystore`.
# The message says whether the pod's service account (`default` when the
# pod names none, looked up in the workload's namespace of the same cluster)
# carries the `eks.amazonaws.com/role-arn` annotation.
package archcheck.rules.kubernetes.k8s_011

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-011",
	"title": "Workloads use IRSA, not static AWS keys",
	"severity": "high",
	"description": "Pods that call AWS APIs get short-lived credentials through IAM Roles for Service Accounts: their service account is annotated with `eks.amazonaws.com/role-arn`. Long-lived access keys in environment variables or in Secrets named like AWS credentials leak through logs, manifests and `kubectl describe`, are never rotated, and override the IRSA role.",
	"remediation": "Create an IAM role trusted by the cluster's OIDC provider for this service account, annotate the service account with `eks.amazonaws.com/role-arn: <role ARN>`, set `serviceAccountName` on the pod, then remove the AWS_* key variables and the credentials Secret and deactivate the access key.",
	"architecture": {
		"sections": ["000 §3.1", "000 §4.2", "003 §3", "004 §5.1"],
		"quote": "Pod-level security enforced via IAM roles for service accounts (IRSA).",
	},
	"parameters": ["system_namespaces"],
	"inputs": ["k8s.workloads", "k8s.service_accounts"],
	"judges": "k8s.workloads",
}

irsa_annotation := "eks.amazonaws.com/role-arn"

key_names := ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY", "AWS_SECRET_KEY"]

# The name is, or ends in `_` plus, one of key_names (`-` read as `_`, case ignored).
key_like(name) if {
	n := upper(replace(name, "-", "_"))
	contains(n, "AWS_")
	some key in key_names
	key_suffix(n, key)
}

key_suffix(n, key) if n == key

key_suffix(n, key) if endswith(n, concat("", ["_", key]))

# Words that name credentials after "aws", each with and without its inner dashes.
credential_words := {w |
	some word in ["creds", "cred", "credentials", "credential", "keys", "key", "access-keys", "access-key", "secret-keys", "secret-key", "secret-access-keys", "secret-access-key", "iam-user"]
	some w in {word, replace(word, "-", "")}
}

# Secret names like AWS credentials, as whole words ("-" "_" "." separate words).
credentials_secret(name) if {
	n := lower(name)
	contains(n, "aws")
	padded := concat("", ["-", replace(replace(n, "_", "-"), ".", "-"), "-"])
	some word in credential_words
	some sep in ["-", ""]
	contains(padded, concat("", ["-aws", sep, word, "-"]))
}

# --- What a container is given, in words ---

source(env) := sprintf("from key %s of Secret %s", [env.secret_key, env.secret_name]) if {
	object.get(env, "secret_name", "") != ""
	object.get(env, "secret_key", "") != ""
} else := sprintf("from Secret %s", [env.secret_name]) if {
	object.get(env, "secret_name", "") != ""
} else := "set inline" if {
	env.inline_value == true
} else := "from a non-Secret source"

suspicious_env(env) if key_like(env.name)

suspicious_env(env) if key_like(env.secret_key)

suspicious_env(env) if credentials_secret(env.secret_name)

# Something given to the container mentions "aws" (every suspicious name
# does): a quick check that spares building credentials(c) for the others.
maybe_aws(c) if contains(lower(json.marshal([object.get(c, "env", []), object.get(c, "env_from_secrets", [])])), "aws")

credentials(c) := array.concat(
	[sprintf("env %s (%s)", [env.name, source(env)]) | some env in object.get(c, "env", []); suspicious_env(env)],
	[sprintf("envFrom Secret %s", [s]) | some s in object.get(c, "env_from_secrets", []); credentials_secret(s)],
)

# --- Service accounts ---

# "cluster/namespace/name" of the service accounts with an IRSA role.
irsa_accounts contains concat("/", [lib.k8s_ns_key(sa), sa.name]) if {
	some sa in input.k8s.service_accounts
	object.get(object.get(sa, "annotations", {}), irsa_annotation, "") != ""
}

account_name(w) := name if {
	name := w.pod.service_account_name
	name != ""
} else := "default"

account_note(w) := sprintf("its service account %s has an IRSA role, but static keys in the environment take precedence over it", [account_name(w)]) if {
	concat("/", [lib.k8s_ns_key(w), account_name(w)]) in irsa_accounts
} else := sprintf("its service account %s has no %s annotation", [account_name(w), irsa_annotation])

deny contains lib.finding(w, msg) if {
	some w in data.archcheck.lib.k8s_judged_workloads
	some key in ["containers", "init_containers"]
	some c in object.get(object.get(w, "pod", {}), key, [])
	maybe_aws(c)
	found := credentials(c)
	count(found) > 0
	word := lib.k8s_container_word(key, c)
	msg := sprintf("%s is given static AWS credentials: %s; %s; workloads that call AWS must use IRSA (a service account annotated with %s), not static keys", [
		lib.k8s_container_label(word, c, w),
		concat(", ", found),
		account_note(w),
		irsa_annotation,
	])
}
