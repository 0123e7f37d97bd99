package archcheck.rules.kubernetes.k8s_004_test

import data.archcheck.rules.kubernetes.k8s_004
import rego.v1

full := {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}}

container(name, resources) := {"name": name, "image": "x", "resources": resources}

workload(kind, ns, name, containers, init) := {
	"id": sprintf("prod-eks/%s/%s/%s", [ns, kind, name]), "cluster": "prod-eks", "namespace": ns,
	"name": name, "environment": "prod", "kind": kind,
	"pod": {"containers": containers, "init_containers": init},
}

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {"workloads": objects([
	workload("Deployment", "backend", "api", [container("app", full)], [container("migrate", {})]),
	workload("Deployment", "backend", "limits-only", [container("app", {"limits": {"cpu": "1", "memory": "1Gi"}})], []),
	workload("Job", "backend", "zero", [container("job", {"requests": {"cpu": "0", "memory": "64Mi"}, "limits": {"memory": "64Mi"}})], []),
	workload("DaemonSet", "kube-system", "aws-node", [container("aws-node", {})], []),
	workload("Deployment", "monitoring", "prometheus", [container("prometheus", {})], []),
	object.remove(workload("Deployment", "unknown", "loose", [container("app", {"requests": {"cpu": "100m", "memory": "128Mi"}})], []), ["namespace"]),
])}}

test_exactly_the_workloads_with_unsized_containers_fail if {
	ids := {f.resource | some f in k8s_004.deny with input as inputs}
	ids == {"prod-eks/backend/Deployment/api", "prod-eks/backend/Job/zero", "prod-eks/unknown/Deployment/loose"}
}

test_message_names_container_and_gaps if {
	some f in k8s_004.deny with input as inputs
	f.resource == "prod-eks/backend/Deployment/api"
	f.message == `init container "migrate" of Deployment backend/api (cluster prod-eks) sets no cpu request, no memory request and no memory limit; every container must set cpu and memory requests and a memory limit`
}

test_zero_request_and_unknown_namespace_messages if {
	msgs := {f.message | some f in k8s_004.deny with input as inputs}
	`container "job" of Job backend/zero (cluster prod-eks) sets no cpu request; every container must set cpu and memory requests and a memory limit` in msgs
	`container "app" of Deployment loose (cluster prod-eks, namespace not known) sets no memory limit; every container must set cpu and memory requests and a memory limit` in msgs
}

test_compliant_workloads_produce_nothing if {
	count(k8s_004.deny) == 0 with input as {"k8s": {"workloads": objects([
		workload("Deployment", "backend", "api", [container("app", full)], [container("migrate", full)]),
		inputs.k8s.workloads["prod-eks/backend/Deployment/limits-only"],
	])}}
}

test_system_namespaces_parameter if {
	ids := {f.resource | some f in k8s_004.deny with input as inputs with data.archcheck.params.prod.system_namespaces as ["backend"]}
	ids == {"prod-eks/monitoring/Deployment/prometheus", "prod-eks/unknown/Deployment/loose"}
}
