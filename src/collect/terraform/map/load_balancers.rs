//! Load balancers (`aws_lb`/`aws_alb`, classic `aws_elb`), their listeners
//! and WAF web ACL associations. A plan shows every association it
//! manages, so `waf_known` is true: an internet-facing ALB without one in
//! the plan has none (unless it is associated outside Terraform).

use super::super::model::{Model, SG, SUBNET, VPC};
use super::positions;
use crate::plan_entity;
use crate::snapshot::aws::{Listener, ListenerAction, LoadBalancer};
use crate::snapshot::Snapshot;

const LB: &[&str] = &["aws_lb", "aws_alb", "aws_elb"];

pub(super) fn map(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(LB) {
        let v = m.vals(i);
        let classic = m.instances[i].rtype == "aws_elb";
        // `internal` unknown reads as internet-facing (the stricter case).
        let scheme = if v.bool_or("internal", false, false) {
            "internal"
        } else {
            "internet-facing"
        };
        let mut subnet_ids = m.ref_many(i, &v, "subnets", SUBNET);
        for b in v.blocks_or_config("subnet_mapping") {
            if let Some(id) = m.ref_one(i, &b, "subnet_id", SUBNET) {
                if !subnet_ids.contains(&id) {
                    subnet_ids.push(id);
                }
            }
        }
        let listeners = if classic {
            v.blocks_or_config("listener")
                .iter()
                .map(|l| Listener {
                    arn: None,
                    port: l.int("lb_port").unwrap_or_default() as i32,
                    protocol: l
                        .str("lb_protocol")
                        .unwrap_or_default()
                        .to_ascii_uppercase(),
                    ssl_policy: None,
                    default_actions: Vec::new(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let name = v.str("name");
        s.aws.load_balancers.push(plan_entity!(LoadBalancer, m, i, name, true, {
            lb_type: if classic { "classic".into() } else { v.str("load_balancer_type").unwrap_or_else(|| "application".into()) },
            scheme: scheme.into(),
            vpc_id: m.ref_one(i, &v, "vpc_id", VPC).unwrap_or_default(),
            subnet_ids: subnet_ids,
            security_group_ids: m.ref_many(i, &v, "security_groups", SG),
            listeners: listeners,
            waf_known: true,
        }));
    }
    let pos = positions(&s.aws.load_balancers, |r| &r.id);
    for i in m.of_types(&["aws_lb_listener", "aws_alb_listener"]) {
        let v = m.vals(i);
        let Some(&p) = m
            .ref_one(i, &v, "load_balancer_arn", LB)
            .and_then(|lb| pos.get(&lb))
        else {
            continue;
        };
        let default_actions = v
            .blocks_or_config("default_action")
            .iter()
            .map(|a| ListenerAction {
                action_type: a.str("type").unwrap_or_default(),
                redirect_protocol: a.block("redirect").and_then(|r| r.str("protocol")),
            })
            .collect();
        let lb = &mut s.aws.load_balancers[p];
        m.touch(i, &mut lb.source);
        let protocol = v.str("protocol").unwrap_or_else(|| {
            if lb.lb_type == "application" {
                "HTTP".into()
            } else {
                "TCP".into()
            }
        });
        lb.listeners.push(Listener {
            arn: v.str("arn"),
            port: v.int("port").unwrap_or_default() as i32,
            protocol: protocol.to_ascii_uppercase(),
            ssl_policy: v.str("ssl_policy"),
            default_actions,
        });
    }
    for (ty, acl_key, acl_types) in [
        (
            "aws_wafv2_web_acl_association",
            "web_acl_arn",
            &["aws_wafv2_web_acl"][..],
        ),
        (
            "aws_wafregional_web_acl_association",
            "web_acl_id",
            &["aws_wafregional_web_acl"][..],
        ),
    ] {
        for i in m.of_types(&[ty]) {
            let v = m.vals(i);
            let Some(&p) = m
                .ref_one(i, &v, "resource_arn", LB)
                .and_then(|lb| pos.get(&lb))
            else {
                continue;
            };
            let acl = m
                .ref_one(i, &v, acl_key, acl_types)
                .unwrap_or_else(|| m.instances[i].address.clone());
            s.aws.load_balancers[p].waf_web_acl_arn = Some(acl);
        }
    }
}
