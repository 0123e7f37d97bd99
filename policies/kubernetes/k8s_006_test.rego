package archcheck.rules.kubernetes.k8s_006_test

import data.archcheck.rules.kubernetes.k8s_006
import rego.v1

hardened := {"allow_privilege_escalation": false, "capabilities_drop": ["ALL"]}

container(name, sc) := {"name": name, "image": "x", "security_context": sc}

workload(ns, name, pod_sc, containers, init) := {
	"id": sprintf("prod-eks/%s/Deployment/%s", [ns, name]), "cluster": "prod-eks", "namespace": ns,
	"name": name, "environment": "prod", "kind": "Deployment",
	"pod": {"security_context": pod_sc, "containers": containers, "init_containers": init},
}

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {"workloads": objects([
	# pod-level runAsNonRoot is the containers' default
	workload("backend", "api", {"run_as_non_root": true}, [container("app", hardened)], [container("migrate", object.union(hardened, {"run_as_user": 1000}))]),
	# non-zero runAsUser alone is non-root; NET_BIND_SERVICE may be added; lower-case "all" is ALL
	workload("backend", "web", {"run_as_user": 101}, [container("nginx", {"allow_privilege_escalation": false, "capabilities_drop": ["all"], "capabilities_add": ["CAP_NET_BIND_SERVICE"]})], []),
	# container runAsUser 0 overrides the pod's runAsNonRoot
	workload("backend", "root", {"run_as_non_root": true}, [container("app", object.union(hardened, {"run_as_user": 0}))], []),
	# container runAsNonRoot false overrides the pod's true
	workload("backend", "override", {"run_as_non_root": true}, [container("app", object.union(hardened, {"run_as_non_root": false}))], []),
	workload("backend", "bare", {}, [container("app", {})], []),
	workload("backend", "priv", {"run_as_non_root": true}, [container("app", {"privileged": true, "allow_privilege_escalation": true, "capabilities_drop": ["ALL"], "capabilities_add": ["SYS_ADMIN", "NET_ADMIN"]})], []),
	workload("backend", "init", {"run_as_non_root": true}, [container("app", hardened)], [container("setup", {"privileged": true, "allow_privilege_escalation": false, "capabilities_drop": ["ALL"]})]),
	workload("kube-system", "aws-node", {}, [container("aws-node", {"privileged": true})], []),
	object.remove(workload("unknown", "loose", {"run_as_non_root": true}, [container("app", {"capabilities_drop": ["ALL"]})], []), ["namespace"]),
])}}

test_exactly_the_workloads_with_unsafe_containers_fail if {
	ids := {f.resource | some f in k8s_006.deny with input as inputs}
	ids == {
		"prod-eks/backend/Deployment/root",
		"prod-eks/backend/Deployment/override",
		"prod-eks/backend/Deployment/bare",
		"prod-eks/backend/Deployment/priv",
		"prod-eks/backend/Deployment/init",
		"prod-eks/unknown/Deployment/loose",
	}
}

test_message_lists_every_problem if {
	some f in k8s_006.deny with input as inputs
	f.resource == "prod-eks/backend/Deployment/bare"
	f.message == `container "app" of Deployment backend/bare (cluster prod-eks) sets neither runAsNonRoot nor a non-zero runAsUser (the image's user, possibly root, applies), does not set allowPrivilegeEscalation to false (escalation is allowed by default) and does not drop ALL capabilities; containers must run as non-root, unprivileged, with allowPrivilegeEscalation false and capabilities drop [ALL]`
}

test_messages_for_root_privileged_and_init if {
	msgs := {f.message | some f in k8s_006.deny with input as inputs}
	`container "app" of Deployment backend/root (cluster prod-eks) runs as root (runAsUser 0); containers must run as non-root, unprivileged, with allowPrivilegeEscalation false and capabilities drop [ALL]` in msgs
	`container "app" of Deployment backend/override (cluster prod-eks) sets runAsNonRoot false and no runAsUser; containers must run as non-root, unprivileged, with allowPrivilegeEscalation false and capabilities drop [ALL]` in msgs
	`container "app" of Deployment backend/priv (cluster prod-eks) is privileged, sets allowPrivilegeEscalation true and adds capabilities NET_ADMIN, SYS_ADMIN; containers must run as non-root, unprivileged, with allowPrivilegeEscalation false and capabilities drop [ALL]` in msgs
	`init container "setup" of Deployment backend/init (cluster prod-eks) is privileged; containers must run as non-root, unprivileged, with allowPrivilegeEscalation false and capabilities drop [ALL]` in msgs
}

test_compliant_workloads_produce_nothing if {
	count(k8s_006.deny) == 0 with input as {"k8s": {"workloads": {id: w |
		some id, w in inputs.k8s.workloads
		id in {"prod-eks/backend/Deployment/api", "prod-eks/backend/Deployment/web"}
	}}}
}

test_system_namespaces_parameter if {
	ids := {f.resource | some f in k8s_006.deny with input as inputs with data.archcheck.params.prod.system_namespaces as ["backend"]}
	ids == {"prod-eks/unknown/Deployment/loose"}
}
