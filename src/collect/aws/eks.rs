//! EKS clusters (endpoint access, encryption, logging, OIDC issuer,
//! version) and their managed node groups.

use super::all_items;
use super::scope::{error_message, tags_from, Scope};
use crate::snapshot::aws::{EksCluster, EksNodeGroup};
use crate::snapshot::Snapshot;
use aws_sdk_eks::types as t;
use aws_sdk_eks::Client;

pub async fn collect(client: &Client, scope: &Scope, out: &mut Snapshot) {
    let names = match all_items!(client.list_clusters()).await {
        Ok(n) => n,
        Err(e) => {
            out.errors
                .push(scope.error("eks", "ListClusters", &[], error_message(&e)));
            return;
        }
    };
    for name in names {
        match client.describe_cluster().name(&name).send().await {
            Ok(r) => {
                if let Some(c) = r.cluster() {
                    out.aws.eks_clusters.push(cluster(scope, c));
                }
            }
            Err(e) => {
                out.errors.push(scope.error(
                    "eks",
                    "DescribeCluster",
                    &["aws.eks_clusters"],
                    format!("{name}: {}", error_message(&e)),
                ));
                continue;
            }
        }
        let cluster_id = out
            .aws
            .eks_clusters
            .last()
            .map(|c| c.id.clone())
            .unwrap_or_default();
        let groups = match all_items!(client.list_nodegroups().cluster_name(&name)).await {
            Ok(g) => g,
            Err(e) => {
                out.errors.push(scope.error(
                    "eks",
                    "ListNodegroups",
                    &["aws.eks_node_groups"],
                    format!("{name}: {}", error_message(&e)),
                ));
                continue;
            }
        };
        for group in groups {
            match client
                .describe_nodegroup()
                .cluster_name(&name)
                .nodegroup_name(&group)
                .send()
                .await
            {
                Ok(r) => {
                    if let Some(g) = r.nodegroup() {
                        out.aws
                            .eks_node_groups
                            .push(node_group(scope, &cluster_id, g));
                    }
                }
                Err(e) => out.errors.push(scope.error(
                    "eks",
                    "DescribeNodegroup",
                    &["aws.eks_node_groups"],
                    format!("{name}/{group}: {}", error_message(&e)),
                )),
            }
        }
    }
}

fn eks_arn(scope: &Scope, path: &str) -> String {
    format!(
        "arn:{}:eks:{}:{}:{path}",
        scope.partition, scope.region, scope.account_id
    )
}

fn cluster(scope: &Scope, c: &t::Cluster) -> EksCluster {
    let name = c.name().unwrap_or_default();
    let arn = c
        .arn()
        .map(String::from)
        .unwrap_or_else(|| eks_arn(scope, &format!("cluster/{name}")));
    let tags = tags_from(
        c.tags()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    let vpc = c.resources_vpc_config();
    EksCluster {
        version: c.version().unwrap_or_default().to_string(),
        vpc_id: scope.ec2_ref(vpc.and_then(|v| v.vpc_id()).unwrap_or_default()),
        subnet_ids: vpc
            .map(|v| v.subnet_ids().iter().map(|s| scope.ec2_ref(s)).collect())
            .unwrap_or_default(),
        security_group_ids: vpc
            .map(|v| {
                v.security_group_ids()
                    .iter()
                    .map(|s| scope.ec2_ref(s))
                    .collect()
            })
            .unwrap_or_default(),
        cluster_security_group_id: vpc
            .and_then(|v| v.cluster_security_group_id())
            .map(|s| scope.ec2_ref(s)),
        endpoint_public_access: vpc.is_some_and(|v| v.endpoint_public_access()),
        endpoint_private_access: vpc.is_some_and(|v| v.endpoint_private_access()),
        public_access_cidrs: vpc
            .filter(|v| v.endpoint_public_access())
            .map(|v| v.public_access_cidrs().to_vec()),
        secrets_encryption_kms_key: c
            .encryption_config()
            .iter()
            // `resources` is deprecated (EKS encrypts all API data): any
            // provider key means envelope encryption with KMS.
            .find_map(|e| e.provider().and_then(|p| p.key_arn()))
            .map(String::from),
        enabled_log_types: c
            .logging()
            .map(|l| {
                l.cluster_logging()
                    .iter()
                    .filter(|s| s.enabled().unwrap_or(false))
                    .flat_map(|s| s.types())
                    .map(|t| t.as_str().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        oidc_issuer: c
            .identity()
            .and_then(|i| i.oidc())
            .and_then(|o| o.issuer())
            .map(String::from),
        endpoint: c.endpoint().map(String::from),
        ..EksCluster::with_identity(scope.identity(arn.clone(), name, Some(arn), tags, Some(name)))
    }
}

fn node_group(scope: &Scope, cluster_id: &str, g: &t::Nodegroup) -> EksNodeGroup {
    let name = g.nodegroup_name().unwrap_or_default();
    let arn = g.nodegroup_arn().map(String::from).unwrap_or_else(|| {
        eks_arn(
            scope,
            &format!("nodegroup/{}/{name}", g.cluster_name().unwrap_or_default()),
        )
    });
    let tags = tags_from(
        g.tags()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    let mut security_group_ids: Vec<String> = g
        .remote_access()
        .map(|r| {
            r.source_security_groups()
                .iter()
                .map(|s| scope.ec2_ref(s))
                .collect()
        })
        .unwrap_or_default();
    if let Some(sg) = g.resources().and_then(|r| r.remote_access_security_group()) {
        security_group_ids.push(scope.ec2_ref(sg));
    }
    EksNodeGroup {
        cluster_id: cluster_id.to_string(),
        subnet_ids: g.subnets().iter().map(|s| scope.ec2_ref(s)).collect(),
        node_role_arn: g.node_role().map(String::from),
        security_group_ids,
        ..EksNodeGroup::with_identity(scope.identity(
            arn.clone(),
            name,
            Some(arn),
            tags,
            Some(name),
        ))
    }
}
