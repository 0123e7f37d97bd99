# LB-003: internet-facing ALBs have an AWS WAF web ACL.
#
# Where `waf_required` holds for its environment, an application load
# balancer whose scheme is internet-facing must have `waf_web_acl_arn`.
# Network and classic load balancers cannot take a web ACL and are not
# judged. When the collector could not read the association (`waf_known`
# false, e.g. no wafv2:GetWebACLForResource permission) and no ARN is known,
# the ALB is reported as not evaluated, as is an ALB whose scheme is unknown.
package archcheck.rules.load_balancers.lb_003

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "LB-003",
	"title": "Internet-facing ALBs have an AWS WAF web ACL",
	"severity": "medium",
	"description": "An internet-facing Application Load Balancer has an AWS WAF web ACL associated (managed rules against common attacks, rate limiting), in the environments where waf_required holds (prod by default).",
	"remediation": "Associate a WAFv2 web ACL with the load balancer (aws_wafv2_web_acl_association, or the alb.ingress.kubernetes.io/wafv2-acl-arn annotation for the AWS Load Balancer Controller) with at least the AWS managed common rule set and a rate-based rule.",
	"architecture": {
		"sections": ["000 §2.2", "001 §3", "003 §2"],
		"quote": "**AWS WAF** (on Application Load Balancer):",
	},
	"parameters": ["waf_required"],
	"inputs": ["aws.load_balancers"],
	"judges": "aws.load_balancers",
}

required(lb) if {
	lb.lb_type == "application"
	lib.params(lb).waf_required == true
}

no_web_acl(lb) if object.get(lb, "waf_web_acl_arn", "") == ""

deny contains lib.finding(lb, msg) if {
	some lb in input.aws.load_balancers
	required(lb)
	lb.scheme == "internet-facing"
	no_web_acl(lb)
	object.get(lb, "waf_known", true) != false
	msg := sprintf("internet-facing application load balancer %s (%s environment) has no AWS WAF web ACL associated; internet-facing ALBs must be protected by a WAF web ACL", [
		lib.label(lb),
		object.get(lb, "environment", "unknown"),
	])
}

not_evaluated contains lib.not_evaluated(lb, "its WAF web ACL association could not be read") if {
	some lb in input.aws.load_balancers
	required(lb)
	lb.scheme == "internet-facing"
	no_web_acl(lb)
	object.get(lb, "waf_known", true) == false
}

not_evaluated contains lib.not_evaluated(lb, "its scheme (internet-facing or internal) is not known") if {
	some lb in input.aws.load_balancers
	required(lb)
	not object.get(lb, "scheme", "") in {"internet-facing", "internal"}
}
