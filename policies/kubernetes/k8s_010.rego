# K8S-010: no LoadBalancer or NodePort Service in application namespaces.
#
# Judged: Services of an application namespace or of an unknown namespace (a
# manifest without metadata.namespace). Traffic enters through the Ingress
# and its ALB (AWS Load Balancer Controller), so a Service of type
# LoadBalancer (its own NLB/CLB, internal ones included) or NodePort (a port
# on every node) fails. One exception keeps K8S-010 consistent with SG-002:
# where `alb_target_type` is `instance`, the ALB sends traffic to NodePorts,
# so the backend Services of the Ingress must be NodePort and NodePort is
# allowed (LoadBalancer still fails). Ingress controllers that run their own
# load balancer (ingress-nginx) belong in `system_namespaces`.
package archcheck.rules.kubernetes.k8s_010

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-010",
	"title": "No LoadBalancer or NodePort Services in application namespaces",
	"severity": "medium",
	"description": "Application Services are ClusterIP: traffic from the internet enters only through the Ingress (the ALB with its WAF and TLS policy). A LoadBalancer Service creates a load balancer outside that path, and a NodePort Service opens a port on every node; both bypass the ALB. NodePort is accepted where the ALB targets instances (`alb_target_type: instance`).",
	"remediation": "Change the Service to `type: ClusterIP` and expose it through an Ingress (AWS Load Balancer Controller, `alb.ingress.kubernetes.io/target-type: ip`).",
	"architecture": {
		"sections": ["000 §2.2", "001 §4.1", "001 §3"],
		"quote": "via **AWS Load Balancer Controller** (ALB + WAF)",
	},
	"parameters": ["system_namespaces", "alb_target_type"],
	"inputs": ["k8s.services"],
	"judges": "k8s.services",
}

forbidden(svc) if svc.service_type == "LoadBalancer"

forbidden(svc) if {
	svc.service_type == "NodePort"
	lib.params(svc).alb_target_type != "instance"
}

node_ports(svc) := [sprintf("%d", [p.node_port]) | some p in object.get(svc, "ports", []); is_number(p.node_port)]

ports_text(svc) := sprintf(" (node ports %s)", [concat(", ", node_ports(svc))]) if count(node_ports(svc)) > 0
else := ""

deny contains lib.finding(svc, msg) if {
	some svc in input.k8s.services
	lib.k8s_judged(svc)
	forbidden(svc)
	msg := sprintf("%s is of type %s%s; application Services must be ClusterIP, with traffic entering through the Ingress and its ALB", [
		lib.k8s_label("Service", svc),
		svc.service_type,
		ports_text(svc),
	])
}
