package archcheck.rules.load_balancers.lb_002_test

import data.archcheck.rules.load_balancers.lb_002
import rego.v1

lb(id, scheme, listeners) := {
	"id": id, "native_id": id, "environment": "prod", "lb_type": "application",
	"scheme": scheme, "subnet_ids": ["pub-a"], "listeners": listeners,
}

https(port, policy) := {"port": port, "protocol": "HTTPS", "ssl_policy": policy, "default_actions": [{"type": "forward"}]}

http(actions) := {"port": 80, "protocol": "HTTP", "default_actions": actions}

redirect(protocol) := {"type": "redirect", "redirect_protocol": protocol}

good := [https(443, "ELBSecurityPolicy-TLS13-1-2-2021-06"), http([redirect("HTTPS")])]

inputs := {"aws": {"load_balancers": {
	"ok": lb("ok", "internet-facing", good),
	"ok-policies": lb("ok-policies", "internet-facing", [
		https(443, "ELBSecurityPolicy-TLS13-1-3-2021-06"),
		https(8443, "ELBSecurityPolicy-TLS-1-2-Ext-2018-06"),
		https(9443, "ELBSecurityPolicy-FS-1-2-Res-2020-10"),
		https(10443, "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"),
	]),
	"ok-nlb": object.union(lb("ok-nlb", "internet-facing", [{"port": 443, "protocol": "TLS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}]), {"lb_type": "network"}),
	"old-policy": lb("old-policy", "internet-facing", [https(443, "ELBSecurityPolicy-2016-08")]),
	"tls13-1-0": lb("tls13-1-0", "internet-facing", [https(443, "ELBSecurityPolicy-TLS13-1-0-2021-06")]),
	"fs-1-1": lb("fs-1-1", "internet-facing", [https(443, "ELBSecurityPolicy-FS-1-1-2019-08")]),
	"no-policy": lb("no-policy", "internet-facing", [object.remove(https(443, ""), ["ssl_policy"])]),
	"http-forward": lb("http-forward", "internet-facing", [https(443, "ELBSecurityPolicy-TLS13-1-2-2021-06"), http([{"type": "forward"}])]),
	"http-redirect-http": lb("http-redirect-http", "internet-facing", [http([redirect("#{protocol}")])]),
	"http-no-actions": lb("http-no-actions", "internet-facing", [http([])]),
	"nlb-tcp": object.union(lb("nlb-tcp", "internet-facing", [{"port": 443, "protocol": "TCP", "default_actions": [{"type": "forward"}]}]), {"lb_type": "network"}),
	"clb-ssl": object.union(lb("clb-ssl", "internet-facing", [{"port": 443, "protocol": "SSL", "ssl_policy": "my-custom-policy"}]), {"lb_type": "classic"}),
	"internal-http": lb("internal-http", "internal", [http([{"type": "forward"}])]),
	"gwlb": {"id": "gwlb", "native_id": "gwlb", "lb_type": "gateway", "listeners": [{"port": 6081, "protocol": "GENEVE"}]},
}}}

test_exactly_the_weak_listeners_fail if {
	ids := {f.resource | some f in lb_002.deny with input as inputs}
	ids == {"old-policy", "tls13-1-0", "fs-1-1", "no-policy", "http-forward", "http-redirect-http", "http-no-actions", "nlb-tcp", "clb-ssl"}
}

test_message_for_an_old_policy if {
	some f in lb_002.deny with input as inputs
	f.resource == "old-policy"
	f.message == "internet-facing load balancer old-policy: HTTPS listener on port 443 uses TLS security policy ELBSecurityPolicy-2016-08, which is not a TLS 1.2+ policy; internet-facing listeners must be HTTPS or TLS with a TLS 1.2+ security policy, and HTTP listeners may only redirect to HTTPS"
}

test_message_for_a_missing_policy if {
	some f in lb_002.deny with input as inputs
	f.resource == "no-policy"
	contains(f.message, "HTTPS listener on port 443 sets no TLS security policy, so AWS applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1;")
}

test_message_for_http if {
	msgs := {f.message | some f in lb_002.deny with input as inputs; f.resource in {"http-forward", "http-redirect-http", "http-no-actions", "nlb-tcp"}}
	msgs == {
		"internet-facing load balancer http-forward: HTTP listener on port 80 does not redirect to HTTPS (default actions: forward); internet-facing listeners must be HTTPS or TLS with a TLS 1.2+ security policy, and HTTP listeners may only redirect to HTTPS",
		"internet-facing load balancer http-redirect-http: HTTP listener on port 80 does not redirect to HTTPS (default actions: redirect to #{protocol}); internet-facing listeners must be HTTPS or TLS with a TLS 1.2+ security policy, and HTTP listeners may only redirect to HTTPS",
		"internet-facing load balancer http-no-actions: HTTP listener on port 80 does not redirect to HTTPS (default actions: none); internet-facing listeners must be HTTPS or TLS with a TLS 1.2+ security policy, and HTTP listeners may only redirect to HTTPS",
		"internet-facing load balancer nlb-tcp: TCP listener on port 443 does not terminate TLS; internet-facing listeners must be HTTPS or TLS with a TLS 1.2+ security policy, and HTTP listeners may only redirect to HTTPS",
	}
}

test_one_finding_per_bad_listener if {
	l := lb("two-bad", "internet-facing", [https(443, "ELBSecurityPolicy-2015-05"), https(8443, "ELBSecurityPolicy-TLS-1-1-2017-01"), http([redirect("HTTPS")])])
	count(lb_002.deny) == 2 with input as {"aws": {"load_balancers": {"two-bad": l}}}
}

test_compliant_load_balancers_produce_nothing if {
	snap := {"aws": {"load_balancers": {
		"ok": inputs.aws.load_balancers.ok,
		"ok-policies": inputs.aws.load_balancers["ok-policies"],
		"ok-nlb": inputs.aws.load_balancers["ok-nlb"],
		"internal-http": inputs.aws.load_balancers["internal-http"],
		"gwlb": inputs.aws.load_balancers.gwlb,
	}}}
	count(lb_002.deny) == 0 with input as snap
	count(lb_002.not_evaluated) == 0 with input as snap
}

test_lowercase_protocols_are_judged_too if {
	l := lb("lower", "internet-facing", [{"port": 80, "protocol": "http", "default_actions": [{"type": "redirect", "redirect_protocol": "https"}]}, {"port": 443, "protocol": "https", "ssl_policy": "ELBSecurityPolicy-2016-08"}])
	{f.message | some f in lb_002.deny with input as {"aws": {"load_balancers": {"lower": l}}}} == {"internet-facing load balancer lower: https listener on port 443 uses TLS security policy ELBSecurityPolicy-2016-08, which is not a TLS 1.2+ policy; internet-facing listeners must be HTTPS or TLS with a TLS 1.2+ security policy, and HTTP listeners may only redirect to HTTPS"}
}

test_unknown_scheme_is_not_evaluated if {
	l := object.remove(lb("plan-lb", "", [http([{"type": "forward"}])]), ["scheme"])
	snap := {"aws": {"load_balancers": {"plan-lb": l}}}
	count(lb_002.deny) == 0 with input as snap
	lb_002.not_evaluated == {{"resource": "plan-lb", "reason": "its scheme (internet-facing or internal) is not known"}} with input as snap
}
