//! RDS: DB instances, Aurora clusters and their members, DB subnet groups,
//! automated-backup replication, and DB snapshots (DB-008 looks for a recent
//! copy of a prod database in another region).

use super::all_items;
use super::scope::{error_message, tags_from, Scope};
use crate::snapshot::aws::*;
use crate::snapshot::{Snapshot, Tags};
use aws_sdk_rds::types as t;
use aws_sdk_rds::Client;

pub async fn collect(client: &Client, scope: &Scope, out: &mut Snapshot) {
    let (instances, clusters, groups, snaps, cluster_snaps) = tokio::join!(
        all_items!(client.describe_db_instances()),
        all_items!(client.describe_db_clusters()),
        all_items!(client.describe_db_subnet_groups()),
        all_items!(client.describe_db_snapshots()),
        all_items!(client.describe_db_cluster_snapshots()),
    );
    let mut fail = |op: &str, collection: &str, msg: String| {
        out.errors.push(scope.error("rds", op, &[collection], msg));
    };
    let instances = instances
        .map_err(|e| {
            fail(
                "DescribeDBInstances",
                "aws.rds_instances",
                error_message(&e),
            )
        })
        .unwrap_or_default();
    let clusters = clusters
        .map_err(|e| fail("DescribeDBClusters", "aws.rds_clusters", error_message(&e)))
        .unwrap_or_default();
    let groups = groups
        .map_err(|e| {
            fail(
                "DescribeDBSubnetGroups",
                "aws.db_subnet_groups",
                error_message(&e),
            )
        })
        .unwrap_or_default();
    let snaps = snaps
        .map_err(|e| fail("DescribeDBSnapshots", "aws.db_snapshots", error_message(&e)))
        .unwrap_or_default();
    let cluster_snaps = cluster_snaps
        .map_err(|e| {
            fail(
                "DescribeDBClusterSnapshots",
                "aws.db_snapshots",
                error_message(&e),
            )
        })
        .unwrap_or_default();

    let aws = &mut out.aws;
    aws.rds_instances
        .extend(instances.iter().map(|i| instance(scope, i)));
    aws.rds_clusters
        .extend(clusters.iter().map(|c| cluster(scope, c, &instances)));
    for g in &groups {
        aws.db_subnet_groups.push(subnet_group(scope, g));
    }
    aws.db_snapshots
        .extend(snaps.iter().map(|s| db_snapshot(scope, s)));
    aws.db_snapshots
        .extend(cluster_snaps.iter().map(|s| cluster_snapshot(scope, s)));
}

fn rds_tags(tags: &[t::Tag]) -> Tags {
    tags_from(tags.iter().filter_map(|t| {
        Some((
            t.key()?.to_string(),
            t.value().unwrap_or_default().to_string(),
        ))
    }))
}

fn ident(
    scope: &Scope,
    kind: &str,
    name: &str,
    arn: Option<&str>,
    tags: Tags,
) -> crate::snapshot::AwsIdentity {
    let arn = arn
        .map(String::from)
        .unwrap_or_else(|| scope.rds_arn(kind, name));
    scope.identity(arn.clone(), name, Some(arn), tags, Some(name))
}

/// The region in an ARN (`arn:aws:rds:us-west-2:…`).
fn arn_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|r| !r.is_empty())
}

fn instance(scope: &Scope, i: &t::DbInstance) -> RdsInstance {
    let name = i.db_instance_identifier().unwrap_or_default();
    RdsInstance {
        engine: i.engine().unwrap_or_default().to_string(),
        engine_version: i.engine_version().unwrap_or_default().to_string(),
        instance_class: i.db_instance_class().map(String::from),
        multi_az: i.multi_az().unwrap_or(false),
        availability_zone: i.availability_zone().map(String::from),
        backup_retention_period: i.backup_retention_period().map(|d| d.max(0) as u32),
        publicly_accessible: i.publicly_accessible().unwrap_or(false),
        storage_encrypted: i.storage_encrypted().unwrap_or(false),
        deletion_protection: i.deletion_protection().unwrap_or(false),
        performance_insights_enabled: i.performance_insights_enabled().unwrap_or(false),
        db_subnet_group_id: i
            .db_subnet_group()
            .and_then(|g| g.db_subnet_group_name())
            .map(|n| scope.rds_arn("subgrp", n)),
        security_group_ids: i
            .vpc_security_groups()
            .iter()
            .filter_map(|g| g.vpc_security_group_id())
            .map(|g| scope.ec2_ref(g))
            .collect(),
        port: i.endpoint().and_then(|e| e.port()).or(i.db_instance_port()),
        cluster_id: i
            .db_cluster_identifier()
            .map(|c| scope.rds_arn("cluster", c)),
        read_replica_source: i
            .read_replica_source_db_instance_identifier()
            .map(String::from),
        read_replica_ids: i.read_replica_db_instance_identifiers().to_vec(),
        backup_replications: i
            .db_instance_automated_backups_replications()
            .iter()
            .filter_map(|r| r.db_instance_automated_backups_arn())
            .filter_map(arn_region)
            .map(|r| BackupReplication {
                destination_region: r.to_string(),
            })
            .collect(),
        ..RdsInstance::with_identity(ident(
            scope,
            "db",
            name,
            i.db_instance_arn(),
            rds_tags(i.tag_list()),
        ))
    }
}

fn cluster(scope: &Scope, c: &t::DbCluster, instances: &[t::DbInstance]) -> RdsCluster {
    let name = c.db_cluster_identifier().unwrap_or_default();
    let az_of = |member: &str| {
        instances
            .iter()
            .find(|i| i.db_instance_identifier() == Some(member))
            .and_then(|i| i.availability_zone())
            .map(String::from)
    };
    RdsCluster {
        engine: c.engine().unwrap_or_default().to_string(),
        engine_version: c.engine_version().unwrap_or_default().to_string(),
        backup_retention_period: c.backup_retention_period().map(|d| d.max(0) as u32),
        storage_encrypted: c.storage_encrypted().unwrap_or(false),
        deletion_protection: c.deletion_protection().unwrap_or(false),
        performance_insights_enabled: c.performance_insights_enabled().unwrap_or(false),
        db_subnet_group_id: c.db_subnet_group().map(|n| scope.rds_arn("subgrp", n)),
        security_group_ids: c
            .vpc_security_groups()
            .iter()
            .filter_map(|g| g.vpc_security_group_id())
            .map(|g| scope.ec2_ref(g))
            .collect(),
        port: c.port(),
        members: c
            .db_cluster_members()
            .iter()
            .filter_map(|m| {
                let member = m.db_instance_identifier()?;
                Some(ClusterMember {
                    instance_id: scope.rds_arn("db", member),
                    is_writer: m.is_cluster_writer().unwrap_or(false),
                    availability_zone: az_of(member),
                })
            })
            .collect(),
        global_cluster_id: c.global_cluster_identifier().map(String::from),
        replication_source: c.replication_source_identifier().map(String::from),
        read_replica_ids: c.read_replica_identifiers().to_vec(),
        ..RdsCluster::with_identity(ident(
            scope,
            "cluster",
            name,
            c.db_cluster_arn(),
            rds_tags(c.tag_list()),
        ))
    }
}

fn subnet_group(scope: &Scope, g: &t::DbSubnetGroup) -> DbSubnetGroup {
    let name = g.db_subnet_group_name().unwrap_or_default();
    DbSubnetGroup {
        vpc_id: scope.ec2_ref(g.vpc_id().unwrap_or_default()),
        subnet_ids: g
            .subnets()
            .iter()
            .filter_map(|s| s.subnet_identifier())
            .map(|s| scope.ec2_ref(s))
            .collect(),
        ..DbSubnetGroup::with_identity(ident(
            scope,
            "subgrp",
            name,
            g.db_subnet_group_arn(),
            Tags::new(),
        ))
    }
}

/// The source database's ARN: a copy made from another region names its
/// source snapshot's ARN, whose region is the database's.
fn source(scope: &Scope, kind: &str, db: &str, source_arn: Option<&str>) -> (String, String) {
    let region = source_arn
        .and_then(arn_region)
        .unwrap_or(&scope.region)
        .to_string();
    let src = Scope {
        region: region.clone(),
        ..scope.clone()
    };
    (src.rds_arn(kind, db), region)
}

fn db_snapshot(scope: &Scope, s: &t::DbSnapshot) -> DbSnapshot {
    let name = s.db_snapshot_identifier().unwrap_or_default();
    let (source_db_id, source_region) = source(
        scope,
        "db",
        s.db_instance_identifier().unwrap_or_default(),
        s.source_db_snapshot_identifier()
            .filter(|a| a.starts_with("arn:")),
    );
    DbSnapshot {
        source_db_id,
        source_region: s.source_region().map(String::from).unwrap_or(source_region),
        created_at: s
            .snapshot_create_time()
            .and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
            .unwrap_or_default(),
        snapshot_type: s.snapshot_type().unwrap_or_default().to_string(),
        ..DbSnapshot::with_identity(ident(
            scope,
            "snapshot",
            name,
            s.db_snapshot_arn(),
            rds_tags(s.tag_list()),
        ))
    }
}

fn cluster_snapshot(scope: &Scope, s: &t::DbClusterSnapshot) -> DbSnapshot {
    let name = s.db_cluster_snapshot_identifier().unwrap_or_default();
    let (source_db_id, source_region) = source(
        scope,
        "cluster",
        s.db_cluster_identifier().unwrap_or_default(),
        s.source_db_cluster_snapshot_arn(),
    );
    DbSnapshot {
        source_db_id,
        source_region,
        created_at: s
            .snapshot_create_time()
            .and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
            .unwrap_or_default(),
        snapshot_type: s.snapshot_type().unwrap_or_default().to_string(),
        ..DbSnapshot::with_identity(ident(
            scope,
            "cluster-snapshot",
            name,
            s.db_cluster_snapshot_arn(),
            rds_tags(s.tag_list()),
        ))
    }
}
