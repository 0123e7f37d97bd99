//! One mapper per family of resource types, from plan instances to the
//! snapshot schema. Each mapper reads only its types; [`KNOWN_TYPES`] lists
//! every type some mapper reads (a type not in it is counted as unknown).
//!
//! Mapping runs in order: the resources first, then what attaches to them
//! (routes and associations to route tables, rules to security and network
//! ACL groups, listeners to load balancers, Aurora instances to clusters,
//! policies to roles and users), then fields derived from other resources
//! (the VPC of a load balancer, a DB subnet group, an instance or an EKS
//! cluster from its subnets).

mod compute;
mod database;
mod eks;
mod iam;
mod kubernetes;
mod load_balancers;
mod network;
mod security_groups;

use super::model::Model;
use super::values::{constant_str, Vals};
use crate::snapshot::Snapshot;
use std::collections::HashMap;

/// Every resource type the plan reader maps or reads for another's sake.
pub const KNOWN_TYPES: &[&str] = &[
    // network
    "aws_vpc",
    "aws_default_vpc",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_subnet",
    "aws_default_subnet",
    "aws_route_table",
    "aws_default_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_internet_gateway",
    "aws_internet_gateway_attachment",
    "aws_egress_only_internet_gateway",
    "aws_nat_gateway",
    "aws_vpc_endpoint",
    "aws_vpc_endpoint_route_table_association",
    "aws_vpc_endpoint_subnet_association",
    "aws_flow_log",
    "aws_cloudwatch_log_group",
    "aws_network_acl",
    "aws_default_network_acl",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    // security groups
    "aws_security_group",
    "aws_default_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    // load balancers
    "aws_lb",
    "aws_alb",
    "aws_elb",
    "aws_lb_listener",
    "aws_alb_listener",
    "aws_wafv2_web_acl_association",
    "aws_wafregional_web_acl_association",
    // databases
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_rds_global_cluster",
    "aws_db_subnet_group",
    "aws_db_instance_automated_backups_replication",
    // eks
    "aws_eks_cluster",
    "aws_eks_node_group",
    // iam
    "aws_iam_role",
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_policy_attachment",
    "aws_iam_user",
    "aws_iam_user_policy",
    "aws_iam_user_policy_attachment",
    "aws_iam_user_login_profile",
    "aws_iam_access_key",
    "aws_iam_openid_connect_provider",
    "aws_iam_account_password_policy",
    // accounts and compute
    "aws_config_configuration_recorder",
    "aws_config_configuration_recorder_status",
    "aws_instance",
    // kubernetes
    "kubernetes_namespace",
    "kubernetes_namespace_v1",
    "kubernetes_deployment",
    "kubernetes_deployment_v1",
    "kubernetes_stateful_set",
    "kubernetes_stateful_set_v1",
    "kubernetes_daemonset",
    "kubernetes_daemon_set_v1",
    "kubernetes_network_policy",
    "kubernetes_network_policy_v1",
    "kubernetes_service",
    "kubernetes_service_v1",
    "kubernetes_ingress_v1",
    "kubernetes_resource_quota",
    "kubernetes_resource_quota_v1",
    "kubernetes_limit_range",
    "kubernetes_limit_range_v1",
    "kubernetes_service_account",
    "kubernetes_service_account_v1",
    "kubernetes_cluster_role_binding",
    "kubernetes_cluster_role_binding_v1",
    "kubernetes_role_binding",
    "kubernetes_role_binding_v1",
    "kubernetes_horizontal_pod_autoscaler_v2",
    "kubernetes_pod_disruption_budget_v1",
    "kubernetes_manifest",
];

/// Maps every instance of `model` into `snapshot`.
pub fn map_all(m: &Model<'_>, s: &mut Snapshot) {
    network::map(m, s);
    security_groups::map(m, s);
    load_balancers::map(m, s);
    database::map(m, s);
    eks::map(m, s);
    iam::map(m, s);
    compute::map(m, s);
    kubernetes::map(m, s);
    derive_vpcs(s);
}

/// Position of each resource in a collection, by `id`.
pub(crate) fn positions<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, r)| (id(r).to_string(), i))
        .collect()
}

/// VPCs a plan leaves unknown on resources that live in subnets: the VPC of
/// their first subnet whose VPC is known.
fn derive_vpcs(s: &mut Snapshot) {
    let subnet_vpc: HashMap<String, String> = s
        .aws
        .subnets
        .iter()
        .filter(|x| !x.vpc_id.is_empty())
        .map(|x| (x.id.clone(), x.vpc_id.clone()))
        .collect();
    let first = |ids: &[String]| {
        ids.iter()
            .find_map(|id| subnet_vpc.get(id).cloned())
            .unwrap_or_default()
    };
    for r in &mut s.aws.load_balancers {
        if r.vpc_id.is_empty() {
            r.vpc_id = first(&r.subnet_ids);
        }
    }
    for r in &mut s.aws.db_subnet_groups {
        if r.vpc_id.is_empty() {
            r.vpc_id = first(&r.subnet_ids);
        }
    }
    for r in &mut s.aws.eks_clusters {
        if r.vpc_id.is_empty() {
            r.vpc_id = first(&r.subnet_ids);
        }
    }
    for r in &mut s.aws.ec2_instances {
        if r.vpc_id.is_empty() {
            r.vpc_id = first(std::slice::from_ref(&r.subnet_id));
        }
    }
    for r in &mut s.aws.nat_gateways {
        if r.vpc_id.is_empty() {
            r.vpc_id = first(std::slice::from_ref(&r.subnet_id));
        }
    }
}

/// The blocks of a set-typed attribute (`ingress`, `route`), each read with
/// the configured block it comes from: sets do not keep the order of the
/// configuration, so a planned block is paired with the first unused
/// configured block whose constants for `keys` agree with it (`norm`
/// normalises both sides). When the plan knows no block, the configured
/// blocks themselves.
pub(crate) fn set_blocks<'a>(
    v: &Vals<'a>,
    key: &str,
    keys: &[&str],
    norm: fn(&str, &str) -> String,
) -> Vec<Vals<'a>> {
    let planned = v.blocks(key);
    if planned.is_empty() {
        return v.blocks_or_config(key);
    }
    let cfgs = v.config_blocks(key);
    let mut used = vec![false; cfgs.len()];
    planned
        .into_iter()
        .map(|b| {
            let hit = cfgs.iter().enumerate().position(|(n, c)| {
                !used[n]
                    && keys
                        .iter()
                        .all(|k| match (constant_str(c.get(*k)), b.str(k)) {
                            (Some(want), Some(have)) => norm(k, &want) == norm(k, &have),
                            (Some(_), None) => false,
                            (None, _) => true,
                        })
            });
            match hit {
                Some(n) => {
                    used[n] = true;
                    b.with_config(Some(cfgs[n]))
                }
                None => b.with_config(None),
            }
        })
        .collect()
}

/// Identity normalisation for [`set_blocks`].
pub(crate) fn same(_: &str, v: &str) -> String {
    v.to_string()
}

/// A JSON policy document given as a string (unparsable or unknown: null).
pub(crate) fn document(v: &Vals<'_>, key: &str) -> serde_json::Value {
    match v.get(key) {
        Some(serde_json::Value::String(s)) => {
            serde_json::from_str(s).unwrap_or(serde_json::Value::Null)
        }
        Some(other @ serde_json::Value::Object(_)) => other.clone(),
        _ => serde_json::Value::Null,
    }
}
