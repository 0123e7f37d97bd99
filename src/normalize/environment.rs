//! The environment of every resource, first match wins: the account (when
//! the architecture maps it to exactly one environment), an environment tag
//! (which must name one of the account's environments when it has several),
//! the VPC's environment, the cluster's (Kubernetes), `--environment`, else
//! `unknown`.

use crate::architecture::{Architecture, UNKNOWN_ENVIRONMENT};
use crate::snapshot::{EnvironmentSource, Resource, Snapshot, Tags};
use std::collections::HashMap;

const ENV_TAG_KEYS: [&str; 3] = ["Environment", "env", "environment"];

/// The environment an account or a tag decides, if either does.
fn by_account_or_tag(
    arch: &Architecture,
    account: Option<&str>,
    tags: &Tags,
) -> Option<(String, EnvironmentSource)> {
    let account_envs = account
        .map(|a| arch.environments_of_account(a))
        .unwrap_or_default();
    if account_envs.len() == 1 {
        return Some((account_envs[0].to_string(), EnvironmentSource::Account));
    }
    let tagged = ENV_TAG_KEYS
        .iter()
        .find_map(|k| tags.get(*k))
        .and_then(|v| arch.environment_of_tag_value(v))?;
    if account_envs.is_empty() || account_envs.contains(&tagged) {
        Some((tagged.to_string(), EnvironmentSource::Tag))
    } else {
        None
    }
}

pub(super) fn classify(snapshot: &mut Snapshot, arch: &Architecture, flag: Option<&str>) {
    // 1. Account or tag, for everything.
    snapshot.visit_mut(&mut |_, r: &mut dyn Resource| {
        let m = r.meta();
        if let Some((env, how)) = by_account_or_tag(arch, m.account_id, r.tags()) {
            r.set_environment(env, how);
        }
    });

    // 2. The VPC's environment, for AWS resources that live in one.
    let vpc_env: HashMap<String, String> = snapshot
        .aws
        .vpcs
        .iter()
        .filter_map(|v| Some((v.id.clone(), v.environment.clone()?)))
        .collect();
    let subnet_vpc: HashMap<String, String> = snapshot
        .aws
        .subnets
        .iter()
        .map(|s| (s.id.clone(), s.vpc_id.clone()))
        .collect();
    let group_vpc: HashMap<String, String> = snapshot
        .aws
        .db_subnet_groups
        .iter()
        .map(|g| (g.id.clone(), g.vpc_id.clone()))
        .collect();
    let cluster_vpc: HashMap<String, String> = snapshot
        .aws
        .eks_clusters
        .iter()
        .map(|c| (c.id.clone(), c.vpc_id.clone()))
        .collect();
    let first_subnet_vpc = |ids: &[String]| ids.iter().find_map(|s| subnet_vpc.get(s).cloned());
    let aws = &mut snapshot.aws;
    let set = |r: &mut dyn Resource, vpc: Option<String>| {
        if r.meta().environment.is_none() {
            if let Some(env) = vpc.and_then(|v| vpc_env.get(&v)) {
                r.set_environment(env.clone(), EnvironmentSource::Vpc);
            }
        }
    };
    macro_rules! by_vpc_field {
        ($($c:ident),*) => {$(
            for r in &mut aws.$c { let v = Some(r.vpc_id.clone()); set(r, v); }
        )*};
    }
    by_vpc_field!(
        subnets,
        route_tables,
        nat_gateways,
        vpc_endpoints,
        network_acls,
        security_groups,
        load_balancers,
        ec2_instances,
        db_subnet_groups,
        eks_clusters
    );
    for r in &mut aws.internet_gateways {
        let v = r.vpc_ids.first().cloned();
        set(r, v);
    }
    for r in &mut aws.egress_only_internet_gateways {
        let v = r.vpc_ids.first().cloned();
        set(r, v);
    }
    for r in &mut aws.flow_logs {
        let v = Some(r.resource_id.clone());
        set(r, v);
    }
    for r in &mut aws.rds_instances {
        let v = r
            .db_subnet_group_id
            .as_ref()
            .and_then(|g| group_vpc.get(g).cloned());
        set(r, v);
    }
    for r in &mut aws.rds_clusters {
        let v = r
            .db_subnet_group_id
            .as_ref()
            .and_then(|g| group_vpc.get(g).cloned());
        set(r, v);
    }
    for r in &mut aws.eks_node_groups {
        let v = cluster_vpc
            .get(&r.cluster_id)
            .cloned()
            .or_else(|| first_subnet_vpc(&r.subnet_ids));
        set(r, v);
    }

    // 3. The cluster's environment, for Kubernetes objects.
    let cluster_env: HashMap<String, String> = snapshot
        .k8s
        .clusters
        .iter()
        .filter_map(|c| {
            let mut keys = vec![c.name.as_str(), c.id.as_str()];
            keys.extend(c.server.as_deref());
            keys.extend(c.eks_cluster_id.as_deref());
            Some((
                c.id.clone(),
                arch.environment_of_cluster(&keys)?.to_string(),
            ))
        })
        .collect();
    snapshot.visit_mut(&mut |collection, r: &mut dyn Resource| {
        if !collection.starts_with("k8s.") || r.meta().environment.is_some() {
            return;
        }
        let cluster = r.meta().cluster.unwrap_or_default().to_string();
        let env = cluster_env.get(&cluster).cloned().or_else(|| {
            arch.environment_of_cluster(&[cluster.as_str()])
                .map(String::from)
        });
        if let Some(env) = env {
            r.set_environment(env, EnvironmentSource::Cluster);
        }
    });

    // 4. `--environment`, else unknown.
    snapshot.visit_mut(&mut |_, r: &mut dyn Resource| {
        if r.meta().environment.is_none() {
            match flag {
                Some(env) => r.set_environment(env.to_string(), EnvironmentSource::Flag),
                None => {
                    r.set_environment(UNKNOWN_ENVIRONMENT.to_string(), EnvironmentSource::Unknown)
                }
            }
        }
    });
}
