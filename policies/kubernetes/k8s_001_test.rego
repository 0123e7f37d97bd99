package archcheck.rules.kubernetes.k8s_001_test

import data.archcheck.rules.kubernetes.k8s_001
import rego.v1

namespace(cluster, name) := {
	"id": sprintf("%s/Namespace/%s", [cluster, name]), "cluster": cluster, "name": name,
	"environment": "prod",
}

workload(cluster, ns, name) := {
	"id": sprintf("%s/%s/Deployment/%s", [cluster, ns, name]), "cluster": cluster, "namespace": ns,
	"name": name, "environment": "prod", "kind": "Deployment", "replicas": 2, "pod": {"containers": []},
}

policy(cluster, ns, name, spec) := object.union({
	"id": sprintf("%s/%s/NetworkPolicy/%s", [cluster, ns, name]), "cluster": cluster, "namespace": ns,
	"name": name, "environment": "prod", "kind": "NetworkPolicy", "pod_selector": {},
}, spec)

global(cluster, kind, name, spec) := object.union({
	"id": sprintf("%s/%s/%s", [cluster, kind, name]), "cluster": cluster, "name": name,
	"environment": "prod", "kind": kind,
}, spec)

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {
	"namespaces": objects([
		namespace("prod-eks", "backend"),
		namespace("prod-eks", "frontend"),
		namespace("prod-eks", "payments"),
		namespace("prod-eks", "orders"),
		namespace("prod-eks", "selected"),
		namespace("prod-eks", "default"),
		namespace("prod-eks", "empty"),
		namespace("prod-eks", "kube-system"),
		namespace("prod-eks", "monitoring"),
		namespace("calico-eks", "app"),
		namespace("cilium-eks", "app"),
		namespace("cilium-eks", "open"),
	]),
	"workloads": objects([
		workload("prod-eks", "backend", "api"),
		workload("prod-eks", "frontend", "web"),
		workload("prod-eks", "payments", "pay"),
		workload("prod-eks", "orders", "orders"),
		workload("prod-eks", "selected", "sel"),
		workload("prod-eks", "default", "stray"),
		workload("prod-eks", "kube-system", "coredns"),
		workload("prod-eks", "monitoring", "prometheus"),
		workload("calico-eks", "app", "api"),
		workload("cilium-eks", "app", "api"),
		workload("cilium-eks", "open", "api"),
		# a manifest without a namespace counts for no namespace
		object.remove(workload("prod-eks", "empty", "loose"), ["namespace"]),
	]),
	"network_policies": objects([
		# one policy for both directions
		policy("prod-eks", "backend", "default-deny", {"policy_types": ["Ingress", "Egress"]}),
		policy("prod-eks", "backend", "allow-alb", {"pod_selector": {"matchLabels": {"app": "api"}}, "ingress": [{"from": [{"ipBlock": {"cidr": "10.10.0.0/16"}}]}]}),
		# one per direction; omitted policyTypes means Ingress
		policy("prod-eks", "frontend", "deny-ingress", {"pod_selector": {"matchLabels": {}}}),
		policy("prod-eks", "frontend", "deny-egress", {"policy_types": ["Egress"], "egress": []}),
		# ingress only: egress is open
		policy("prod-eks", "payments", "deny-ingress", {"ingress": []}),
		# [{}] allows all ingress
		policy("prod-eks", "orders", "allow-all-in", {"policy_types": ["Ingress", "Egress"], "ingress": [{}]}),
		# selects only some pods
		policy("prod-eks", "selected", "deny-api", {"pod_selector": {"matchLabels": {"app": "api"}}, "policy_types": ["Ingress", "Egress"]}),
		# Calico global default deny (its DNS rule is a Deny too, so nothing is allowed)
		global("calico-eks", "GlobalNetworkPolicy", "default-deny", {"pod_selector": "all()", "policy_types": ["Ingress", "Egress"], "egress": [{"action": "Deny"}]}),
		# Cilium clusterwide default deny: empty rules
		global("cilium-eks", "CiliumClusterwideNetworkPolicy", "default-deny-ingress", {"pod_selector": {}, "ingress": [{}]}),
		policy("cilium-eks", "app", "deny-egress", {"kind": "CiliumNetworkPolicy", "egress": [{}]}),
		policy("cilium-eks", "open", "allow-egress", {"kind": "CiliumNetworkPolicy", "egress": [{"toEntities": ["world"]}]}),
	]),
}}

test_exactly_the_namespaces_without_default_deny_fail if {
	ids := {f.resource | some f in k8s_001.deny with input as inputs}
	ids == {
		"prod-eks/Namespace/payments",
		"prod-eks/Namespace/orders",
		"prod-eks/Namespace/selected",
		"prod-eks/Namespace/default",
		"cilium-eks/Namespace/open",
	}
}

test_message_names_the_missing_direction_and_existing_policies if {
	some f in k8s_001.deny with input as inputs
	f.resource == "prod-eks/Namespace/payments"
	f.message == "namespace payments (cluster prod-eks) does not deny egress by default (its NetworkPolicies: deny-ingress); application namespaces must deny both directions by default with a NetworkPolicy whose podSelector is {}, whose policyTypes list the direction and which has no rules for it"
}

test_message_for_a_namespace_without_policies if {
	some f in k8s_001.deny with input as inputs
	f.resource == "prod-eks/Namespace/default"
	startswith(f.message, "namespace default (cluster prod-eks) does not deny ingress or egress by default (it has no NetworkPolicy); ")
}

test_allow_all_rule_is_not_a_default_deny if {
	some f in k8s_001.deny with input as inputs
	f.resource == "prod-eks/Namespace/orders"
	startswith(f.message, "namespace orders (cluster prod-eks) does not deny ingress by default (its NetworkPolicies: allow-all-in); ")
}

test_compliant_namespaces_produce_nothing if {
	keep := {"prod-eks/Namespace/backend", "prod-eks/Namespace/frontend", "calico-eks/Namespace/app", "cilium-eks/Namespace/app"}
	count(k8s_001.deny) == 0 with input as {"k8s": {
		"namespaces": {id: ns | some id, ns in inputs.k8s.namespaces; id in keep},
		"workloads": inputs.k8s.workloads,
		"network_policies": inputs.k8s.network_policies,
	}}
}

test_calico_allow_rule_breaks_the_global_deny if {
	gnp := global("calico-eks", "GlobalNetworkPolicy", "default-deny", {"pod_selector": "all()", "policy_types": ["Ingress", "Egress"], "egress": [{"action": "Allow", "protocol": "UDP"}]})
	some f in k8s_001.deny with input as {"k8s": {
		"namespaces": objects([namespace("calico-eks", "app")]),
		"workloads": objects([workload("calico-eks", "app", "api")]),
		"network_policies": objects([gnp]),
	}}
	f.message == "namespace app (cluster calico-eks) does not deny egress by default (it has no NetworkPolicy); application namespaces must deny both directions by default with a NetworkPolicy whose podSelector is {}, whose policyTypes list the direction and which has no rules for it"
}

test_calico_default_types_without_egress_rules_are_ingress_only if {
	gnp := global("calico-eks", "GlobalNetworkPolicy", "deny", {})
	ids := {f.resource | some f in k8s_001.deny with input as {"k8s": {
		"namespaces": objects([namespace("calico-eks", "app")]),
		"workloads": objects([workload("calico-eks", "app", "api")]),
		"network_policies": objects([gnp]),
	}}}
	ids == {"calico-eks/Namespace/app"}
}

test_a_global_policy_of_another_cluster_does_not_count if {
	ids := {f.resource | some f in k8s_001.deny with input as {"k8s": {
		"namespaces": objects([namespace("prod-eks", "app")]),
		"workloads": objects([workload("prod-eks", "app", "api")]),
		"network_policies": {id: p | some id, p in inputs.k8s.network_policies; p.cluster == "calico-eks"},
	}}}
	ids == {"prod-eks/Namespace/app"}
}

test_system_namespaces_parameter if {
	ids := {f.resource | some f in k8s_001.deny with input as inputs with data.archcheck.params.prod.system_namespaces as ["payments", "orders", "selected", "open"]}
	ids == {"prod-eks/Namespace/default", "prod-eks/Namespace/monitoring"}
}

test_calico_default_types_with_only_egress_rules_are_egress_only if {
	gnp := global("calico-eks", "GlobalNetworkPolicy", "deny-egress", {"egress": [{"action": "Deny"}]})
	some f in k8s_001.deny with input as {"k8s": {
		"namespaces": objects([namespace("calico-eks", "app")]),
		"workloads": objects([workload("calico-eks", "app", "api")]),
		"network_policies": objects([gnp]),
	}}
	startswith(f.message, "namespace app (cluster calico-eks) does not deny ingress by default (it has no NetworkPolicy); ")
}
