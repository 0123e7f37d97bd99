package archcheck.rules.kubernetes.k8s_003_test

import data.archcheck.rules.kubernetes.k8s_003
import rego.v1

workload(kind, ns, name) := {
	"id": sprintf("prod-eks/%s/%s/%s", [ns, kind, name]), "cluster": "prod-eks", "namespace": ns,
	"name": name, "environment": "prod", "kind": kind, "pod": {"containers": []},
}

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {"workloads": objects([
	workload("Deployment", "default", "api"),
	workload("CronJob", "default", "report"),
	workload("Deployment", "backend", "api"),
	workload("DaemonSet", "kube-system", "aws-node"),
	object.remove(workload("Deployment", "unknown", "loose"), ["namespace"]),
])}}

test_exactly_the_workloads_in_default_fail if {
	ids := {f.resource | some f in k8s_003.deny with input as inputs}
	ids == {"prod-eks/default/Deployment/api", "prod-eks/default/CronJob/report"}
}

test_message_names_the_workload if {
	some f in k8s_003.deny with input as inputs
	f.resource == "prod-eks/default/Deployment/api"
	f.message == "Deployment default/api (cluster prod-eks) runs in the default namespace; workloads belong in their own application namespace"
}

test_compliant_workloads_produce_nothing if {
	count(k8s_003.deny) == 0 with input as {"k8s": {"workloads": objects([workload("Deployment", "backend", "api")])}}
}

test_unknown_namespace_is_not_evaluated if {
	ids := {n.resource | some n in k8s_003.not_evaluated with input as inputs}
	ids == {"prod-eks/unknown/Deployment/loose"}
}
