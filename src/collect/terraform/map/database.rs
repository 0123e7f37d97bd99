//! RDS instances, Aurora clusters with their instances, global clusters,
//! DB subnet groups and cross-region automated-backup replication.
//!
//! Values a plan leaves unknown stay unknown: an unknown
//! `backup_retention_period` (not set in the configuration: the provider
//! computes it) is absent, which DB-002 reads as AWS's default of 1; an
//! Aurora member's unknown AZ is absent. Flags read as the non-compliant
//! value when unknown (`publicly_accessible` true; `multi_az`,
//! `storage_encrypted`, `deletion_protection` false).

use super::super::model::{Model, SG, SUBNET};
use super::super::values::Vals;
use super::positions;
use crate::plan_entity;
use crate::snapshot::aws::{
    BackupReplication, ClusterMember, DbSubnetGroup, RdsCluster, RdsInstance,
};
use crate::snapshot::Snapshot;

const INSTANCE: &[&str] = &["aws_db_instance", "aws_rds_cluster_instance"];
const CLUSTER: &[&str] = &["aws_rds_cluster"];
const GLOBAL: &[&str] = &["aws_rds_global_cluster"];
const SUBNET_GROUP: &[&str] = &["aws_db_subnet_group"];

fn retention(v: &Vals<'_>) -> Option<u32> {
    v.int("backup_retention_period").map(|d| d.max(0) as u32)
}

pub(super) fn map(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(SUBNET_GROUP) {
        let v = m.vals(i);
        s.aws
            .db_subnet_groups
            .push(plan_entity!(DbSubnetGroup, m, i, v.str("name"), true, {
                subnet_ids: m.ref_many(i, &v, "subnet_ids", SUBNET),
            }));
    }

    for i in m.of_types(CLUSTER) {
        let v = m.vals(i);
        s.aws.rds_clusters.push(plan_entity!(RdsCluster, m, i, v.str("cluster_identifier"), true, {
            engine: v.str("engine").unwrap_or_else(|| if v.is_unknown("engine") { String::new() } else { "aurora".into() }),
            engine_version: v.str("engine_version").or_else(|| v.str("engine_version_actual")).unwrap_or_default(),
            backup_retention_period: retention(&v),
            storage_encrypted: v.bool_or("storage_encrypted", false, false),
            deletion_protection: v.bool_or("deletion_protection", false, false),
            performance_insights_enabled: v.bool_or("performance_insights_enabled", false, false),
            db_subnet_group_id: m.ref_one(i, &v, "db_subnet_group_name", SUBNET_GROUP),
            security_group_ids: m.ref_many(i, &v, "vpc_security_group_ids", SG),
            port: v.int("port").map(|p| p as i32),
            global_cluster_id: m.ref_one(i, &v, "global_cluster_identifier", GLOBAL),
            replication_source: m.ref_one(i, &v, "replication_source_identifier", CLUSTER),
        }));
    }
    let cluster_pos = positions(&s.aws.rds_clusters, |r| &r.id);
    // A global cluster created from an existing cluster makes it a member.
    for i in m.of_types(GLOBAL) {
        let v = m.vals(i);
        if let Some(&p) = m
            .ref_one(i, &v, "source_db_cluster_identifier", CLUSTER)
            .and_then(|c| cluster_pos.get(&c))
        {
            s.aws.rds_clusters[p]
                .global_cluster_id
                .get_or_insert_with(|| m.id(i).to_string());
        }
    }

    for i in m.of_types(INSTANCE) {
        let v = m.vals(i);
        let member = m.instances[i].rtype == "aws_rds_cluster_instance";
        let cluster_id = if member {
            m.ref_one(i, &v, "cluster_identifier", CLUSTER)
        } else {
            None
        };
        let cluster = cluster_id
            .as_ref()
            .and_then(|c| cluster_pos.get(c))
            .map(|&p| &s.aws.rds_clusters[p]);
        let mut r = plan_entity!(RdsInstance, m, i, v.str("identifier"), true, {
            engine: v.str("engine").or_else(|| cluster.map(|c| c.engine.clone())).unwrap_or_default(),
            engine_version: v.str("engine_version").or_else(|| v.str("engine_version_actual")).unwrap_or_default(),
            instance_class: v.str("instance_class"),
            multi_az: v.bool_or("multi_az", false, false),
            availability_zone: v.str("availability_zone"),
            backup_retention_period: retention(&v),
            publicly_accessible: v.bool_or("publicly_accessible", false, true),
            storage_encrypted: v.bool_or("storage_encrypted", false, false),
            deletion_protection: v.bool_or("deletion_protection", false, false),
            performance_insights_enabled: v.bool_or("performance_insights_enabled", false, false),
            db_subnet_group_id: m.ref_one(i, &v, "db_subnet_group_name", SUBNET_GROUP),
            security_group_ids: m.ref_many(i, &v, "vpc_security_group_ids", SG),
            port: v.int("port").map(|p| p as i32),
            read_replica_source: if member { None } else { m.ref_one(i, &v, "replicate_source_db", &INSTANCE[..1]) },
        });
        if let Some(c) = cluster {
            // Storage, backups, network and deletion protection are the cluster's.
            r.storage_encrypted = c.storage_encrypted;
            r.backup_retention_period = c.backup_retention_period;
            r.deletion_protection = c.deletion_protection;
            r.security_group_ids = c.security_group_ids.clone();
            r.port = r.port.or(c.port);
            if r.db_subnet_group_id.is_none() {
                r.db_subnet_group_id = c.db_subnet_group_id.clone();
            }
        }
        r.cluster_id = cluster_id;
        s.aws.rds_instances.push(r);
    }

    // Cluster members, and read replicas on their sources.
    let instance_pos = positions(&s.aws.rds_instances, |r| &r.id);
    let mut replicas: Vec<(usize, String)> = Vec::new();
    for r in &s.aws.rds_instances {
        if let Some(&p) = r.cluster_id.as_ref().and_then(|c| cluster_pos.get(c)) {
            s.aws.rds_clusters[p].members.push(ClusterMember {
                instance_id: r.id.clone(),
                is_writer: false,
                availability_zone: r.availability_zone.clone(),
            });
        }
        if let Some(&p) = r
            .read_replica_source
            .as_ref()
            .and_then(|src| instance_pos.get(src))
        {
            replicas.push((p, r.id.clone()));
        }
    }
    for (p, id) in replicas {
        s.aws.rds_instances[p].read_replica_ids.push(id);
    }
    let cluster_replicas: Vec<(usize, String)> = s
        .aws
        .rds_clusters
        .iter()
        .filter_map(|c| {
            Some((
                *cluster_pos.get(c.replication_source.as_ref()?)?,
                c.id.clone(),
            ))
        })
        .collect();
    for (p, id) in cluster_replicas {
        s.aws.rds_clusters[p].read_replica_ids.push(id);
    }

    // Automated backups replicated to the region of the replication
    // resource's provider (AWS allows only another region).
    for i in m.of_types(&["aws_db_instance_automated_backups_replication"]) {
        let v = m.vals(i);
        let Some(&p) = m
            .ref_one(i, &v, "source_db_instance_arn", &INSTANCE[..1])
            .and_then(|db| instance_pos.get(&db))
        else {
            continue;
        };
        let region = m.region(i);
        s.aws.rds_instances[p]
            .backup_replications
            .push(BackupReplication {
                destination_region: if region.is_empty() {
                    "unknown".into()
                } else {
                    region.to_string()
                },
            });
    }
}
