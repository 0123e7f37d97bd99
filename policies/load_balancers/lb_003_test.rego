package archcheck.rules.load_balancers.lb_003_test

import data.archcheck.rules.load_balancers.lb_003
import rego.v1

lb(id, env, lb_type, scheme, acl) := object.union(
	{
		"id": id, "native_id": id, "environment": env, "lb_type": lb_type,
		"scheme": scheme, "subnet_ids": ["pub-a"], "listeners": [], "waf_known": true,
	},
	{"waf_web_acl_arn": acl | acl != ""},
)

acl := "arn:aws:wafv2:us-east-1:111111111111:regional/webacl/prod/abc"

inputs := {"aws": {"load_balancers": {
	"alb-waf": lb("alb-waf", "prod", "application", "internet-facing", acl),
	"alb-bare": lb("alb-bare", "prod", "application", "internet-facing", ""),
	"alb-empty-arn": object.union(lb("alb-empty-arn", "prod", "application", "internet-facing", ""), {"waf_web_acl_arn": ""}),
	"alb-internal": lb("alb-internal", "prod", "application", "internal", ""),
	"nlb-bare": lb("nlb-bare", "prod", "network", "internet-facing", ""),
	"alb-dev": lb("alb-dev", "dev", "application", "internet-facing", ""),
	"alb-unknown": object.union(lb("alb-unknown", "prod", "application", "internet-facing", ""), {"waf_known": false}),
}}}

test_exactly_the_unprotected_internet_facing_albs_fail if {
	ids := {f.resource | some f in lb_003.deny with input as inputs}
	ids == {"alb-bare", "alb-empty-arn"}
}

test_message if {
	some f in lb_003.deny with input as inputs
	f.resource == "alb-bare"
	f.message == "internet-facing application load balancer alb-bare (prod environment) has no AWS WAF web ACL associated; internet-facing ALBs must be protected by a WAF web ACL"
}

test_compliant_alb_produces_nothing if {
	snap := {"aws": {"load_balancers": {"alb-waf": inputs.aws.load_balancers["alb-waf"]}}}
	count(lb_003.deny) == 0 with input as snap
	count(lb_003.not_evaluated) == 0 with input as snap
}

test_waf_required_parameter if {
	ids := {f.resource | some f in lb_003.deny with input as inputs with data.archcheck.params.dev.waf_required as true}
	ids == {"alb-bare", "alb-empty-arn", "alb-dev"}
	count(lb_003.deny) == 0 with input as inputs with data.archcheck.params.prod.waf_required as false
}

test_unreadable_association_is_not_evaluated if {
	lb_003.not_evaluated == {{"resource": "alb-unknown", "reason": "its WAF web ACL association could not be read"}} with input as inputs
}

test_unknown_scheme_is_not_evaluated if {
	l := object.remove(lb("plan-alb", "prod", "application", "", ""), ["scheme"])
	snap := {"aws": {"load_balancers": {"plan-alb": l}}}
	count(lb_003.deny) == 0 with input as snap
	lb_003.not_evaluated == {{"resource": "plan-alb", "reason": "its scheme (internet-facing or internal) is not known"}} with input as snap
}
