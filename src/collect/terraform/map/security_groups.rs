//! Security groups with their inline rules, and the rules declared as
//! separate resources (`aws_security_group_rule`,
//! `aws_vpc_security_group_ingress_rule` / `_egress_rule`), which are added
//! to the group they name.

use super::super::model::{Model, SG, VPC};
use super::super::values::Vals;
use super::{positions, set_blocks};
use crate::plan_entity;
use crate::snapshot::aws::{GroupRef, SecurityGroup, SecurityGroupRule};
use crate::snapshot::Snapshot;

/// Protocols as the EC2 API writes them: names for TCP, UDP and ICMP,
/// `-1` for all, numbers for the rest.
pub(crate) fn sg_protocol(p: &str) -> String {
    match p.to_ascii_lowercase().as_str() {
        "6" | "tcp" => "tcp".into(),
        "17" | "udp" => "udp".into(),
        "1" | "icmp" => "icmp".into(),
        "58" | "icmpv6" => "icmpv6".into(),
        "-1" | "all" => "-1".into(),
        other => other.into(),
    }
}

fn norm(key: &str, v: &str) -> String {
    if key == "protocol" {
        sg_protocol(v)
    } else {
        v.to_string()
    }
}

/// A referenced group: `sg-1`, or `123456789012/sg-1` for another account's.
fn group_ref(id: String) -> GroupRef {
    match id.split_once('/') {
        Some((account, group))
            if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) =>
        {
            GroupRef {
                group_id: group.to_string(),
                account_id: Some(account.to_string()),
            }
        }
        _ => GroupRef {
            group_id: id,
            account_id: None,
        },
    }
}

/// The ports of a rule: none for protocol `-1`.
fn ports(protocol: &str, v: &Vals<'_>) -> (Option<i32>, Option<i32>) {
    if protocol == "-1" {
        (None, None)
    } else {
        (
            v.int("from_port").map(|p| p as i32),
            v.int("to_port").map(|p| p as i32),
        )
    }
}

/// An inline `ingress`/`egress` block, or an `aws_security_group_rule`
/// (`groups_key` `source_security_group_id`).
fn rule(m: &Model<'_>, i: usize, v: &Vals<'_>, groups_key: &str) -> SecurityGroupRule {
    let protocol = sg_protocol(&v.str("protocol").unwrap_or_else(|| "-1".into()));
    let (from_port, to_port) = ports(&protocol, v);
    SecurityGroupRule {
        from_port,
        to_port,
        cidr_blocks: v.strings("cidr_blocks"),
        ipv6_cidr_blocks: v.strings("ipv6_cidr_blocks"),
        prefix_list_ids: v.strings("prefix_list_ids"),
        groups: m
            .ref_many(i, v, groups_key, SG)
            .into_iter()
            .map(group_ref)
            .collect(),
        self_reference: v.bool("self").unwrap_or(false),
        description: v.str("description"),
        protocol,
        internet_cidrs: Vec::new(),
    }
}

/// An `aws_vpc_security_group_ingress_rule` / `_egress_rule` (one source each).
fn vpc_rule(m: &Model<'_>, i: usize, v: &Vals<'_>) -> SecurityGroupRule {
    let protocol = sg_protocol(&v.str("ip_protocol").unwrap_or_else(|| "-1".into()));
    let (from_port, to_port) = ports(&protocol, v);
    SecurityGroupRule {
        from_port,
        to_port,
        cidr_blocks: v.str("cidr_ipv4").into_iter().collect(),
        ipv6_cidr_blocks: v.str("cidr_ipv6").into_iter().collect(),
        prefix_list_ids: v.str("prefix_list_id").into_iter().collect(),
        groups: m
            .ref_one(i, v, "referenced_security_group_id", SG)
            .into_iter()
            .map(group_ref)
            .collect(),
        self_reference: false,
        description: v.str("description"),
        protocol,
        internet_cidrs: Vec::new(),
    }
}

pub(super) fn map(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(SG) {
        let v = m.vals(i);
        let is_default = m.instances[i].rtype == "aws_default_security_group";
        let keys = ["protocol", "from_port", "to_port"];
        let ingress = set_blocks(&v, "ingress", &keys, norm)
            .iter()
            .map(|b| rule(m, i, b, "security_groups"))
            .collect();
        let egress = set_blocks(&v, "egress", &keys, norm)
            .iter()
            .map(|b| rule(m, i, b, "security_groups"))
            .collect();
        s.aws.security_groups.push(plan_entity!(SecurityGroup, m, i, None, false, {
            vpc_id: m.ref_one(i, &v, "vpc_id", VPC).unwrap_or_default(),
            group_name: if is_default { "default".into() } else { v.str("name").unwrap_or_default() },
            description: v.str("description"),
            is_default: is_default,
            ingress: ingress,
            egress: egress,
        }));
    }
    let pos = positions(&s.aws.security_groups, |r| &r.id);
    for i in m.of_types(&["aws_security_group_rule"]) {
        let v = m.vals(i);
        let Some(&p) = m
            .ref_one(i, &v, "security_group_id", SG)
            .and_then(|g| pos.get(&g))
        else {
            continue;
        };
        let r = rule(m, i, &v, "source_security_group_id");
        let sg = &mut s.aws.security_groups[p];
        m.touch(i, &mut sg.source);
        if v.str("type").as_deref() == Some("egress") {
            sg.egress.push(r);
        } else {
            sg.ingress.push(r);
        }
    }
    for (ty, egress) in [
        ("aws_vpc_security_group_ingress_rule", false),
        ("aws_vpc_security_group_egress_rule", true),
    ] {
        for i in m.of_types(&[ty]) {
            let v = m.vals(i);
            let Some(&p) = m
                .ref_one(i, &v, "security_group_id", SG)
                .and_then(|g| pos.get(&g))
            else {
                continue;
            };
            let r = vpc_rule(m, i, &v);
            let sg = &mut s.aws.security_groups[p];
            m.touch(i, &mut sg.source);
            if egress {
                sg.egress.push(r);
            } else {
                sg.ingress.push(r);
            }
        }
    }
}
