package archcheck.rules.kubernetes.k8s_007_test

import data.archcheck.rules.kubernetes.k8s_007
import rego.v1

namespace(name, env, level) := object.union(
	{"id": sprintf("eks/Namespace/%s", [name]), "cluster": "eks", "name": name, "environment": env},
	{"labels": {"pod-security.kubernetes.io/enforce": level} | level != ""},
)

workload(ns, env) := {
	"id": sprintf("eks/%s/Deployment/app", [ns]), "cluster": "eks", "namespace": ns,
	"name": "app", "environment": env, "kind": "Deployment", "pod": {"containers": []},
}

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {
	"namespaces": objects([
		namespace("prod-restricted", "prod", "restricted"),
		namespace("prod-baseline", "prod", "baseline"),
		namespace("prod-unlabelled", "prod", ""),
		namespace("prod-typo", "prod", "restriced"),
		namespace("prod-idle", "prod", ""),
		namespace("dev-baseline", "dev", "baseline"),
		namespace("dev-privileged", "dev", "privileged"),
		namespace("kube-system", "prod", "privileged"),
		namespace("logging", "prod", ""),
	]),
	"workloads": objects([workload(n, e) | some [n, e] in [
		["prod-restricted", "prod"], ["prod-baseline", "prod"], ["prod-unlabelled", "prod"], ["prod-typo", "prod"],
		["dev-baseline", "dev"], ["dev-privileged", "dev"], ["kube-system", "prod"], ["logging", "prod"],
	]]),
}}

test_exactly_the_namespaces_below_their_level_fail if {
	ids := {f.resource | some f in k8s_007.deny with input as inputs}
	ids == {"eks/Namespace/prod-baseline", "eks/Namespace/prod-unlabelled", "eks/Namespace/prod-typo", "eks/Namespace/dev-privileged"}
}

test_messages if {
	msgs := {f.resource: f.message | some f in k8s_007.deny with input as inputs}
	msgs["eks/Namespace/prod-baseline"] == "namespace prod-baseline (cluster eks) enforces Pod Security level baseline; the prod environment requires pod-security.kubernetes.io/enforce=restricted or stricter"
	msgs["eks/Namespace/prod-unlabelled"] == "namespace prod-unlabelled (cluster eks) has no pod-security.kubernetes.io/enforce label (the cluster default, usually privileged, applies); the prod environment requires pod-security.kubernetes.io/enforce=restricted or stricter"
	msgs["eks/Namespace/prod-typo"] == `namespace prod-typo (cluster eks) enforces Pod Security level "restriced", which is not a level (privileged, baseline, restricted); the prod environment requires pod-security.kubernetes.io/enforce=restricted or stricter`
	msgs["eks/Namespace/dev-privileged"] == "namespace dev-privileged (cluster eks) enforces Pod Security level privileged; the dev environment requires pod-security.kubernetes.io/enforce=baseline or stricter"
}

test_compliant_namespaces_produce_nothing if {
	count(k8s_007.deny) == 0 with input as {"k8s": {
		"namespaces": {id: ns | some id, ns in inputs.k8s.namespaces; ns.name in {"prod-restricted", "dev-baseline", "prod-idle", "kube-system", "logging"}},
		"workloads": inputs.k8s.workloads,
	}}
}

test_pod_security_parameter if {
	ids := {f.resource | some f in k8s_007.deny with input as inputs
		with data.archcheck.params.prod.pod_security as "baseline"
		with data.archcheck.params.dev.pod_security as "restricted"}
	ids == {"eks/Namespace/prod-unlabelled", "eks/Namespace/prod-typo", "eks/Namespace/dev-baseline", "eks/Namespace/dev-privileged"}
}

test_system_namespaces_parameter if {
	ids := {f.resource | some f in k8s_007.deny with input as inputs with data.archcheck.params.prod.system_namespaces as ["prod-baseline", "prod-unlabelled", "prod-typo"]}
	ids == {"eks/Namespace/dev-privileged", "eks/Namespace/logging"}
}
