//! EC2 security groups and their rules.

use super::all_items;
use super::network::ident;
use super::scope::{error_message, Scope};
use crate::snapshot::aws::{GroupRef, SecurityGroup, SecurityGroupRule};
use crate::snapshot::Snapshot;
use aws_sdk_ec2::types as t;
use aws_sdk_ec2::Client;

pub async fn collect(client: &Client, scope: &Scope, out: &mut Snapshot) {
    match all_items!(client.describe_security_groups()).await {
        Ok(groups) => out
            .aws
            .security_groups
            .extend(groups.iter().map(|g| security_group(scope, g))),
        Err(e) => out.errors.push(scope.error(
            "ec2",
            "DescribeSecurityGroups",
            &["aws.security_groups"],
            error_message(&e),
        )),
    }
}

fn security_group(scope: &Scope, g: &t::SecurityGroup) -> SecurityGroup {
    let native = g.group_id().unwrap_or_default();
    let group_name = g.group_name().unwrap_or_default().to_string();
    let mut identity = ident(scope, "security-group", native, g.tags());
    if identity.name.is_none() {
        identity.name = Some(group_name.clone());
    }
    SecurityGroup {
        vpc_id: scope.ec2_ref(g.vpc_id().unwrap_or_default()),
        is_default: group_name == "default",
        group_name,
        description: g.description().map(String::from),
        ingress: g
            .ip_permissions()
            .iter()
            .map(|p| rule(scope, native, p))
            .collect(),
        egress: g
            .ip_permissions_egress()
            .iter()
            .map(|p| rule(scope, native, p))
            .collect(),
        ..SecurityGroup::with_identity(identity)
    }
}

/// One `IpPermission` as one rule; a reference to the group itself sets
/// `self_reference` instead of appearing in `groups`.
fn rule(scope: &Scope, own_group: &str, p: &t::IpPermission) -> SecurityGroupRule {
    let protocol = p.ip_protocol().unwrap_or("-1").to_string();
    let all = protocol == "-1";
    let mut self_reference = false;
    let mut groups = Vec::new();
    for pair in p.user_id_group_pairs() {
        let Some(gid) = pair.group_id() else { continue };
        if gid == own_group {
            self_reference = true;
            continue;
        }
        let owner = pair.user_id().unwrap_or(&scope.account_id);
        let owner_scope = Scope {
            account_id: owner.to_string(),
            ..scope.clone()
        };
        groups.push(GroupRef {
            group_id: owner_scope.ec2_ref(gid),
            account_id: Some(owner.to_string()),
        });
    }
    let description = p
        .ip_ranges()
        .iter()
        .find_map(|r| r.description())
        .or_else(|| p.user_id_group_pairs().iter().find_map(|r| r.description()))
        .map(String::from);
    SecurityGroupRule {
        from_port: p.from_port().filter(|_| !all),
        to_port: p.to_port().filter(|_| !all),
        protocol,
        cidr_blocks: p
            .ip_ranges()
            .iter()
            .filter_map(|r| r.cidr_ip())
            .map(String::from)
            .collect(),
        ipv6_cidr_blocks: p
            .ipv6_ranges()
            .iter()
            .filter_map(|r| r.cidr_ipv6())
            .map(String::from)
            .collect(),
        prefix_list_ids: p
            .prefix_list_ids()
            .iter()
            .filter_map(|r| r.prefix_list_id())
            .map(String::from)
            .collect(),
        groups,
        self_reference,
        description,
        internet_cidrs: Vec::new(),
    }
}
