package archcheck.rules.kubernetes.k8s_005_test

import data.archcheck.rules.kubernetes.k8s_005
import rego.v1

probed(name) := {"name": name, "image": "x", "liveness_probe": true, "readiness_probe": true}

container(name, extra) := object.union({"name": name, "image": "x"}, extra)

workload(kind, ns, name, containers, init) := {
	"id": sprintf("prod-eks/%s/%s/%s", [ns, kind, name]), "cluster": "prod-eks", "namespace": ns,
	"name": name, "environment": "prod", "kind": kind,
	"pod": {"containers": containers, "init_containers": init},
}

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {"workloads": objects([
	workload("Deployment", "backend", "api", [probed("app")], [container("migrate", {})]),
	workload("Deployment", "backend", "startup-only", [container("app", {"startup_probe": true, "liveness_probe": true})], []),
	workload("StatefulSet", "backend", "cache", [probed("redis")], [container("proxy", {"restart_policy": "Always", "readiness_probe": true})]),
	workload("Pod", "backend", "debug", [container("shell", {})], []),
	workload("Job", "backend", "migrate", [container("migrate", {})], []),
	workload("CronJob", "backend", "report", [container("report", {})], []),
	workload("DaemonSet", "kube-system", "aws-node", [container("aws-node", {})], []),
	workload("Deployment", "argocd", "argocd-server", [container("server", {})], []),
	object.remove(workload("Deployment", "unknown", "loose", [container("app", {"liveness_probe": true})], []), ["namespace"]),
])}}

test_exactly_the_long_running_workloads_without_probes_fail if {
	ids := {f.resource | some f in k8s_005.deny with input as inputs}
	ids == {
		"prod-eks/backend/Deployment/startup-only",
		"prod-eks/backend/StatefulSet/cache",
		"prod-eks/backend/Pod/debug",
		"prod-eks/unknown/Deployment/loose",
	}
}

test_message_says_the_startup_probe_does_not_count if {
	some f in k8s_005.deny with input as inputs
	f.resource == "prod-eks/backend/Deployment/startup-only"
	f.message == `container "app" of Deployment backend/startup-only (cluster prod-eks) has no readiness probe (its startup probe does not count); long-running containers need a liveness and a readiness probe`
}

test_sidecar_init_container_is_judged if {
	some f in k8s_005.deny with input as inputs
	f.resource == "prod-eks/backend/StatefulSet/cache"
	f.message == `sidecar container "proxy" of StatefulSet backend/cache (cluster prod-eks) has no liveness probe; long-running containers need a liveness and a readiness probe`
}

test_message_for_both_probes_missing if {
	some f in k8s_005.deny with input as inputs
	f.resource == "prod-eks/backend/Pod/debug"
	f.message == `container "shell" of Pod backend/debug (cluster prod-eks) has no liveness probe and no readiness probe; long-running containers need a liveness and a readiness probe`
}

test_compliant_workloads_produce_nothing if {
	count(k8s_005.deny) == 0 with input as {"k8s": {"workloads": objects([
		workload("Deployment", "backend", "api", [probed("app")], [container("migrate", {}), object.union(probed("proxy"), {"restart_policy": "Always"})]),
		inputs.k8s.workloads["prod-eks/backend/Job/migrate"],
	])}}
}

test_system_namespaces_parameter if {
	ids := {f.resource | some f in k8s_005.deny with input as inputs with data.archcheck.params.prod.system_namespaces as ["backend"]}
	ids == {"prod-eks/argocd/Deployment/argocd-server", "prod-eks/unknown/Deployment/loose"}
}
