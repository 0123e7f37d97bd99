package archcheck.rules.kubernetes.k8s_010_test

import data.archcheck.rules.kubernetes.k8s_010
import rego.v1

service(ns, name, type, ports) := {
	"id": sprintf("prod-eks/%s/Service/%s", [ns, name]), "cluster": "prod-eks", "namespace": ns,
	"name": name, "environment": "prod", "service_type": type, "ports": ports,
}

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {"services": objects([
	service("backend", "api", "ClusterIP", [{"port": 8080}]),
	service("backend", "api-lb", "LoadBalancer", [{"port": 443, "node_port": 31443}]),
	service("backend", "api-np", "NodePort", [{"port": 8080, "node_port": 30080}, {"port": 9090, "node_port": 30090}]),
	service("default", "legacy", "LoadBalancer", []),
	service("backend", "db", "ExternalName", []),
	service("kube-system", "kube-dns", "ClusterIP", [{"port": 53}]),
	service("external-dns", "metrics", "NodePort", [{"port": 7979, "node_port": 30979}]),
	service("ingress-nginx", "controller", "LoadBalancer", [{"port": 443, "node_port": 32443}]),
	object.remove(service("unknown", "loose", "NodePort", []), ["namespace"]),
])}}

test_exactly_the_exposed_services_fail if {
	ids := {f.resource | some f in k8s_010.deny with input as inputs}
	ids == {
		"prod-eks/backend/Service/api-lb",
		"prod-eks/backend/Service/api-np",
		"prod-eks/default/Service/legacy",
		"prod-eks/ingress-nginx/Service/controller",
		"prod-eks/unknown/Service/loose",
	}
}

test_messages if {
	msgs := {f.message | some f in k8s_010.deny with input as inputs}
	"Service backend/api-np (cluster prod-eks) is of type NodePort (node ports 30080, 30090); application Services must be ClusterIP, with traffic entering through the Ingress and its ALB" in msgs
	"Service default/legacy (cluster prod-eks) is of type LoadBalancer; application Services must be ClusterIP, with traffic entering through the Ingress and its ALB" in msgs
	"Service loose (cluster prod-eks, namespace not known) is of type NodePort; application Services must be ClusterIP, with traffic entering through the Ingress and its ALB" in msgs
}

test_compliant_services_produce_nothing if {
	count(k8s_010.deny) == 0 with input as {"k8s": {"services": {id: s | some id, s in inputs.k8s.services; s.service_type in {"ClusterIP", "ExternalName"}}}}
}

test_instance_targets_allow_node_ports if {
	ids := {f.resource | some f in k8s_010.deny with input as inputs with data.archcheck.params.prod.alb_target_type as "instance"}
	ids == {"prod-eks/backend/Service/api-lb", "prod-eks/default/Service/legacy", "prod-eks/ingress-nginx/Service/controller"}
}

test_system_namespaces_parameter if {
	ids := {f.resource | some f in k8s_010.deny with input as inputs with data.archcheck.params.prod.system_namespaces as ["backend", "default", "ingress-nginx"]}
	ids == {"prod-eks/external-dns/Service/metrics", "prod-eks/unknown/Service/loose"}
}
