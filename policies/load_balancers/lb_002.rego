# LB-002: internet-facing listeners use TLS 1.2+; plain HTTP only redirects.
#
# Every listener of an internet-facing load balancer (gateway load balancers
# excepted) is judged by its protocol (case-insensitive):
# - HTTPS, TLS (and SSL on a classic ELB): the security policy must be one of
#   the predefined TLS 1.2+ policies: ELBSecurityPolicy-TLS13-1-2-*,
#   ELBSecurityPolicy-TLS13-1-3-*, ELBSecurityPolicy-TLS-1-2-* and
#   ELBSecurityPolicy-FS-1-2-*. Everything else fails: the policies that allow
#   TLS 1.0/1.1 (ELBSecurityPolicy-2016-08, -2015-05, -TLS-1-0-2015-04,
#   -TLS-1-1-2017-01, -FS-2018-06, -FS-1-1-2019-08, and the TLS13-1-0-* and
#   TLS13-1-1-* families, which look like TLS 1.3 policies but accept 1.0 and
#   1.1), and custom classic-ELB policies, whose protocols cannot be checked.
#   A listener without a policy fails too: AWS then applies
#   ELBSecurityPolicy-2016-08 (the default outside the console).
# - HTTP: passes only when it has default actions and every one is a redirect
#   whose protocol is HTTPS. Listener rules other than the default actions
#   are not in the snapshot and not judged.
# - QUIC passes (QUIC always runs TLS 1.3). Any other protocol (TCP, UDP,
#   TCP_UDP, ...) fails: the load balancer does not terminate TLS, so the
#   architecture's TLS 1.2+ requirement cannot hold at the edge.
# A load balancer whose scheme is unknown is reported as not evaluated.
package archcheck.rules.load_balancers.lb_002

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "LB-002",
	"title": "Internet-facing listeners use TLS 1.2 or later; HTTP only redirects to HTTPS",
	"severity": "high",
	"description": "Every listener of an internet-facing load balancer is HTTPS or TLS with a predefined security policy that allows only TLS 1.2 and later (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-*, -FS-1-2-*); a plain HTTP listener is allowed only when every default action redirects to HTTPS. Policies allowing TLS 1.0 or 1.1 (including the default ELBSecurityPolicy-2016-08) and listeners that do not terminate TLS (TCP, UDP) fail.",
	"remediation": "Set the listener's security policy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or another TLS 1.2+ policy), make HTTP listeners redirect to HTTPS with status HTTP_301, and replace TCP listeners on internet-facing load balancers with TLS listeners.",
	"architecture": {
		"sections": ["000 §2.2", "001 §3", "003 §2"],
		"quote": "TLS 1.2+ termination at ALB (ACM certificate)",
	},
	"parameters": [],
	"inputs": ["aws.load_balancers"],
	"judges": "aws.load_balancers",
}

tls_protocols := {"HTTPS", "TLS", "SSL"}

tls12_policy_prefixes := [
	"ELBSecurityPolicy-TLS13-1-2-",
	"ELBSecurityPolicy-TLS13-1-3-",
	"ELBSecurityPolicy-TLS-1-2-",
	"ELBSecurityPolicy-FS-1-2-",
]

tls12_policy(policy) if {
	some prefix in tls12_policy_prefixes
	startswith(policy, prefix)
}

judged(lb) if {
	object.get(lb, "lb_type", "") != "gateway"
	lb.scheme == "internet-facing"
}

redirects_to_https(action) if {
	action.type == "redirect"
	upper(object.get(action, "redirect_protocol", "")) == "HTTPS"
}

# What is wrong with a listener (undefined: nothing).
problem(listener) := "sets no TLS security policy, so AWS applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1" if {
	upper(listener.protocol) in tls_protocols
	object.get(listener, "ssl_policy", "") == ""
} else := sprintf("uses TLS security policy %s, which is not a TLS 1.2+ policy", [listener.ssl_policy]) if {
	upper(listener.protocol) in tls_protocols
	not tls12_policy(listener.ssl_policy)
} else := sprintf("does not redirect to HTTPS (default actions: %s)", [actions_text(listener)]) if {
	upper(listener.protocol) == "HTTP"
	not only_redirects_to_https(listener)
} else := "does not terminate TLS" if {
	not upper(listener.protocol) in (tls_protocols | {"HTTP", "QUIC"})
}

only_redirects_to_https(listener) if {
	count(listener.default_actions) > 0
	every action in listener.default_actions {
		redirects_to_https(action)
	}
}

action_text(action) := sprintf("redirect to %s", [object.get(action, "redirect_protocol", "the same protocol")]) if {
	action.type == "redirect"
} else := action.type

actions_text(listener) := "none" if count(object.get(listener, "default_actions", [])) == 0
else := concat(", ", [action_text(a) | some a in listener.default_actions])

deny contains lib.finding(lb, msg) if {
	some lb in input.aws.load_balancers
	judged(lb)
	some listener in lb.listeners
	msg := sprintf("internet-facing load balancer %s: %s listener on port %d %s; internet-facing listeners must be HTTPS or TLS with a TLS 1.2+ security policy, and HTTP listeners may only redirect to HTTPS", [
		lib.label(lb),
		listener.protocol,
		listener.port,
		problem(listener),
	])
}

not_evaluated contains lib.not_evaluated(lb, "its scheme (internet-facing or internal) is not known") if {
	some lb in input.aws.load_balancers
	object.get(lb, "lb_type", "") != "gateway"
	not object.get(lb, "scheme", "") in {"internet-facing", "internal"}
}
