//! EKS clusters and managed node groups. An unknown
//! `public_access_cidrs` is left absent (EKS-001 reads that as 0.0.0.0/0);
//! an unknown `endpoint_public_access` reads as on, an unknown
//! `endpoint_private_access` as off.

use super::super::model::{Model, SG, SUBNET, VPC};
use crate::plan_entity;
use crate::snapshot::aws::{EksCluster, EksNodeGroup};
use crate::snapshot::Snapshot;

const CLUSTER: &[&str] = &["aws_eks_cluster"];

pub(super) fn map(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(CLUSTER) {
        let v = m.vals(i);
        let vpc = v
            .block("vpc_config")
            .or_else(|| v.blocks_or_config("vpc_config").into_iter().next());
        let (vpc_id, subnet_ids, security_group_ids, cluster_sg, public, private, cidrs) =
            match &vpc {
                Some(b) => (
                    m.ref_one(i, b, "vpc_id", VPC).unwrap_or_default(),
                    m.ref_many(i, b, "subnet_ids", SUBNET),
                    m.ref_many(i, b, "security_group_ids", SG),
                    b.str("cluster_security_group_id"),
                    b.bool_or("endpoint_public_access", true, true),
                    b.bool_or("endpoint_private_access", false, false),
                    if b.list_has_unknown("public_access_cidrs") {
                        None
                    } else {
                        b.get("public_access_cidrs")
                            .map(|_| b.strings("public_access_cidrs"))
                    },
                ),
                None => (
                    String::new(),
                    Vec::new(),
                    Vec::new(),
                    None,
                    true,
                    false,
                    None,
                ),
            };
        // Envelope encryption: the KMS key, or its address while unknown.
        let kms = v
            .blocks_or_config("encryption_config")
            .into_iter()
            .find_map(|e| {
                let p = e
                    .block("provider")
                    .or_else(|| e.blocks_or_config("provider").into_iter().next())?;
                p.str("key_arn")
                    .or_else(|| m.ref_one(i, &p, "key_arn", &["aws_kms_key", "aws_kms_alias"]))
                    .or_else(|| {
                        Some(format!(
                            "{} (key known after apply)",
                            m.instances[i].address
                        ))
                    })
            });
        let oidc = v
            .block("identity")
            .and_then(|id| id.block("oidc"))
            .and_then(|o| o.str("issuer"));
        s.aws
            .eks_clusters
            .push(plan_entity!(EksCluster, m, i, v.str("name"), true, {
                version: v.str("version").unwrap_or_default(),
                vpc_id: vpc_id,
                subnet_ids: subnet_ids,
                security_group_ids: security_group_ids,
                cluster_security_group_id: cluster_sg,
                endpoint_public_access: public,
                endpoint_private_access: private,
                public_access_cidrs: cidrs,
                secrets_encryption_kms_key: kms,
                enabled_log_types: v.strings("enabled_cluster_log_types"),
                oidc_issuer: oidc,
                endpoint: v.str("endpoint"),
            }));
    }
    for i in m.of_types(&["aws_eks_node_group"]) {
        let v = m.vals(i);
        let remote_sgs = v
            .block("remote_access")
            .map(|r| m.ref_many(i, &r, "source_security_group_ids", SG))
            .unwrap_or_default();
        s.aws.eks_node_groups.push(
            plan_entity!(EksNodeGroup, m, i, v.str("node_group_name"), true, {
                cluster_id: m.ref_one(i, &v, "cluster_name", CLUSTER).unwrap_or_default(),
                subnet_ids: m.ref_many(i, &v, "subnet_ids", SUBNET),
                node_role_arn: m.ref_one(i, &v, "node_role_arn", &["aws_iam_role"]),
                security_group_ids: remote_sgs,
            }),
        );
    }
}
