//! `--config-aggregator` mode: AWS Config configuration items
//! (`fixtures/aws/config-aggregator-items.json`, see its README) mapped to
//! the snapshot schema, then judged like any other snapshot.
#![cfg(feature = "aws")]

mod common;

use archcheck::collect::aws::aggregator::{map_items, query, RESOURCE_TYPES};
use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;

const A: &str = "333333333333";

fn ec2(kind: &str, id: &str) -> String {
    format!("arn:aws:ec2:us-east-1:{A}:{kind}/{id}")
}

fn items() -> Vec<Value> {
    let text =
        std::fs::read_to_string(common::root().join("fixtures/aws/config-aggregator-items.json"))
            .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_query_asks_for_every_mapped_type_with_configuration_and_tags() {
    let q = query();
    assert!(q.starts_with("SELECT resourceId, resourceType"), "{q}");
    assert!(q.contains("configuration") && q.contains("tags"), "{q}");
    for t in RESOURCE_TYPES {
        assert!(q.contains(&format!("'{t}'")), "{t} missing from {q}");
    }
}

#[test]
fn configuration_items_map_to_the_snapshot_schema() {
    let s = map_items(&items());
    let aws = &s.aws;
    assert_eq!(aws.accounts.len(), 1);
    assert_eq!(aws.accounts[0].id, A);
    assert_eq!(aws.accounts[0].regions, vec!["us-east-1".to_string()]);
    assert_eq!(aws.vpcs.len(), 1);
    assert_eq!(aws.vpcs[0].id, ec2("vpc", "vpc-0a1b2c3d4e5f60001"));
    assert_eq!(aws.vpcs[0].cidr_block, "10.10.0.0/16");
    assert_eq!(aws.vpcs[0].tags["Environment"], "prod");
    assert_eq!(aws.subnets.len(), 3);
    let data = aws
        .subnets
        .iter()
        .find(|s| s.name.as_deref() == Some("orders-data-a"))
        .unwrap();
    assert_eq!(data.availability_zone_id.as_deref(), Some("use1-az1"));
    assert_eq!(data.vpc_id, aws.vpcs[0].id);
    let rt = &aws.route_tables[0];
    assert_eq!(rt.subnet_ids.len(), 2);
    let default = rt
        .routes
        .iter()
        .find(|r| r.destination_cidr_block.as_deref() == Some("0.0.0.0/0"))
        .unwrap();
    assert_eq!(format!("{:?}", default.target_kind), "Igw");
    assert_eq!(
        default.target_id,
        ec2("internet-gateway", "igw-0a1b2c3d4e5f60031")
    );
    let admin = aws
        .security_groups
        .iter()
        .find(|g| g.group_name == "orders-admin")
        .unwrap();
    assert_eq!(admin.ingress[0].cidr_blocks, vec!["0.0.0.0/0".to_string()]);
    assert_eq!(admin.ingress[0].from_port, Some(22));
    let db_sg = aws
        .security_groups
        .iter()
        .find(|g| g.group_name == "orders-db")
        .unwrap();
    assert_eq!(db_sg.ingress[0].groups[0].group_id, admin.id);
    let db = &aws.rds_instances[0];
    assert_eq!(db.id, format!("arn:aws:rds:us-east-1:{A}:db:orders"));
    assert!(!db.storage_encrypted && db.multi_az);
    assert_eq!(db.port, Some(5432));
    assert_eq!(aws.db_subnet_groups[0].subnet_ids.len(), 2);
    assert_eq!(
        db.db_subnet_group_id.as_deref(),
        Some(aws.db_subnet_groups[0].id.as_str())
    );
    let eks = &aws.eks_clusters[0];
    assert_eq!(
        eks.enabled_log_types,
        vec!["api".to_string(), "audit".to_string()]
    );
    assert!(eks.secrets_encryption_kms_key.is_some());
    assert_eq!(eks.public_access_cidrs, Some(vec!["0.0.0.0/0".to_string()]));
    // Every resource says it came from AWS Config.
    assert!(
        aws.vpcs[0].source.as_ref().unwrap().kind == archcheck::snapshot::SourceKind::AwsConfig
    );
}

#[test]
fn a_mapped_inventory_scans_to_exactly_its_seeded_findings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aggregated.json");
    std::fs::write(&path, serde_json::to_string(&map_items(&items())).unwrap()).unwrap();
    let out = Command::cargo_bin("archcheck")
        .unwrap()
        .args(["scan", "--snapshot"])
        .arg(&path)
        .args([
            "--rules",
            "NET-003,SG-004,DB-003,DB-004,EKS-001,EKS-002,EKS-003",
        ])
        .args(["--format", "json", "--fail-on", "none"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: BTreeSet<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource"]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let eks = format!("arn:aws:eks:us-east-1:{A}:cluster/orders-eks");
    let want: BTreeSet<(String, String)> = [
        ("NET-003", ec2("subnet", "subnet-0a1b2c3d4e5f60021")),
        ("NET-003", ec2("subnet", "subnet-0a1b2c3d4e5f60022")),
        ("SG-004", ec2("security-group", "sg-0a1b2c3d4e5f60051")),
        ("DB-004", format!("arn:aws:rds:us-east-1:{A}:db:orders")),
        ("EKS-001", eks.clone()),
        ("EKS-003", eks),
    ]
    .into_iter()
    .map(|(r, id)| (r.to_string(), id))
    .collect();
    assert_eq!(got, want, "{report:#}");
}
