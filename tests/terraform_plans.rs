//! The Terraform plan reader on real plans (fixtures/plans/shared, from
//! other projects' test suites, Terraform 0.12 to 1.1) and on hand-written
//! plans in the shape of Terraform 1.x output (fixtures/plans/hand-written,
//! written by its generate.py): what they map to, the references resolved
//! across modules and count / for_each, and the findings the real controls
//! give on them.

#![recursion_limit = "256"]

use archcheck::architecture::Architecture;
use archcheck::collect::terraform::{self, PlanOutput};
use archcheck::engine::{PolicyEngine, PolicyLibrary};
use archcheck::scan::{scan, ScanOptions, ScanReport};
use archcheck::snapshot::aws::{RouteTargetKind, Subnet};
use archcheck::snapshot::{Snapshot, SourceKind};
use assert_cmd::Command;
use serde_json::json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/plans")
        .join(rel)
}

fn load(rel: &str) -> PlanOutput {
    terraform::load(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn run(snapshot: &mut Snapshot) -> ScanReport {
    let arch = Architecture::builtin();
    let engine = PolicyEngine::new(&PolicyLibrary::builtin(), arch.to_rego_data()).unwrap();
    scan(snapshot, &arch, &engine, &ScanOptions::default()).unwrap()
}

/// The controls that existed when these tests were written; findings of
/// controls added later are not asserted here.
const CONTROLS: &[&str] = &[
    "NET-001", "NET-002", "NET-003", "NET-004", "NET-005", "NET-006", "NET-007", "NET-008",
    "NET-009", "NET-010", "NET-011", "LB-001", "LB-002", "LB-003", "SG-001", "SG-002", "SG-003",
    "SG-004", "SG-005", "DB-001", "DB-002", "DB-003", "DB-004", "DB-005", "DB-006", "DB-007",
    "DB-008", "DB-009", "EKS-001", "EKS-002", "EKS-003", "EKS-004", "EKS-005", "EKS-006",
];

/// The cross-resource controls the hand-written plans are about.
const RELATIONS: &[&str] = &["NET-003", "NET-004", "SG-002", "SG-003", "DB-005"];

/// (rule, resource id) of the findings of `controls`.
fn findings(report: &ScanReport, controls: &[&str]) -> BTreeSet<(String, String)> {
    report
        .findings
        .iter()
        .filter(|f| controls.contains(&f.rule_id.as_str()))
        .map(|f| (f.rule_id.clone(), f.resource.id.clone()))
        .collect()
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// (rule, scope) of what controls reported as not evaluated.
fn not_evaluated(report: &ScanReport, controls: &[&str]) -> BTreeSet<(String, String)> {
    report
        .controls
        .iter()
        .filter(|c| controls.contains(&c.rule_id.as_str()))
        .flat_map(|c| {
            c.not_evaluated
                .iter()
                .map(move |n| (c.rule_id.clone(), n.scope.clone()))
        })
        .collect()
}

fn subnet<'a>(s: &'a Snapshot, id: &str) -> &'a Subnet {
    s.aws
        .subnets
        .iter()
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("no subnet {id}"))
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> BTreeSet<String> {
    items.iter().map(|x| id(x).to_string()).collect()
}

// ---------------------------------------------------------------- real plans

#[test]
fn every_shared_plan_loads_and_keeps_its_addresses() {
    let dir = fixture("shared");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let out = terraform::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(out.snapshot.resource_count() > 0, "{}", path.display());
        out.snapshot.visit(&mut |_, r| {
            let src = r.meta().source.expect("source");
            assert_eq!(src.kind, SourceKind::TerraformPlan);
            assert!(src.address.is_some());
            assert_eq!(src.plan_action.as_deref(), Some("create"));
        });
        n += 1;
    }
    assert_eq!(n, 5, "the five plans of fixtures/plans/shared");
}

#[test]
fn terragoat_maps_and_resolves_its_relations() {
    let out = load("shared/checkov_terragoat_tfplan.json");
    let s = &out.snapshot;
    assert_eq!(out.summary.format_version, "0.1");
    assert_eq!(out.summary.instances, 55);
    assert_eq!(out.summary.unknown_types.get("aws_s3_bucket"), Some(&6));
    assert!(
        out.summary.unresolved_references.is_empty(),
        "{:?}",
        out.summary.unresolved_references
    );
    assert_eq!(
        ids(&s.aws.vpcs, |v| &v.id),
        set_of(&["aws_vpc.eks_vpc", "aws_vpc.web_vpc"])
    );
    assert_eq!(s.aws.subnets.len(), 4);
    assert_eq!(s.aws.security_groups.len(), 2);
    assert_eq!(subnet(s, "aws_subnet.web_subnet").vpc_id, "aws_vpc.web_vpc");
    assert_eq!(
        subnet(s, "aws_subnet.eks_subnet1").vpc_id,
        "aws_vpc.eks_vpc"
    );
    assert_eq!(
        s.aws.vpcs[0].region, "us-west-2",
        "from the provider configuration"
    );
    let rt = &s.aws.route_tables[0];
    assert_eq!(
        rt.subnet_ids,
        vec!["aws_subnet.web_subnet", "aws_subnet.web_subnet2"]
    );
    assert_eq!(rt.routes[0].target_kind, RouteTargetKind::Igw);
    assert_eq!(rt.routes[0].target_id, "aws_internet_gateway.web_igw");
    // aws_security_group_rule resources land on their group.
    let db_sg = s
        .aws
        .security_groups
        .iter()
        .find(|g| g.id == "aws_security_group.default")
        .unwrap();
    assert_eq!(db_sg.ingress[0].from_port, Some(3306));
    assert_eq!(db_sg.egress[0].cidr_blocks, vec!["0.0.0.0/0"]);
    let db = &s.aws.rds_instances[0];
    assert!(db.publicly_accessible);
    assert_eq!(db.native_id, "rds-123456789123-acme-corp");
    assert_eq!(
        db.db_subnet_group_id.as_deref(),
        Some("aws_db_subnet_group.default")
    );
    assert_eq!(db.security_group_ids, vec!["aws_security_group.default"]);
    assert_eq!(db.backup_retention_period, Some(0));
    let eks = &s.aws.eks_clusters[0];
    assert_eq!(
        eks.subnet_ids,
        vec!["aws_subnet.eks_subnet1", "aws_subnet.eks_subnet2"]
    );
    assert_eq!(eks.vpc_id, "aws_vpc.eks_vpc", "from its subnets");
    assert_eq!(eks.public_access_cidrs, None, "unknown in the plan");
    assert_eq!(s.aws.flow_logs[0].resource_id, "aws_vpc.web_vpc");
    assert_eq!(s.aws.iam_users[0].access_keys.len(), 1);

    let report = run(&mut out.snapshot.clone());
    assert_eq!(
        findings(&report, CONTROLS),
        set(&[
            ("DB-001", "aws_db_instance.default"),
            ("DB-002", "aws_db_instance.default"),
            ("DB-003", "aws_db_instance.default"),
            ("DB-004", "aws_db_instance.default"),
            ("DB-005", "aws_db_subnet_group.default"),
            ("DB-006", "aws_db_instance.default"),
            ("DB-007", "aws_db_instance.default"),
            ("DB-009", "aws_db_instance.default"),
            ("EKS-001", "aws_eks_cluster.eks_cluster"),
            ("EKS-002", "aws_eks_cluster.eks_cluster"),
            ("EKS-003", "aws_eks_cluster.eks_cluster"),
            ("EKS-005", "aws_eks_cluster.eks_cluster"),
            ("LB-002", "aws_elb.weblb"),
            ("NET-001", "aws_vpc.eks_vpc"),
            ("NET-001", "aws_vpc.web_vpc"),
            ("NET-002", "aws_subnet.web_subnet"),
            ("NET-002", "aws_subnet.web_subnet2"),
            ("NET-005", "aws_db_instance.default"),
            ("NET-006", "aws_subnet.eks_subnet1"),
            ("NET-006", "aws_subnet.eks_subnet2"),
            ("NET-007", "aws_vpc.web_vpc"),
            ("NET-008", "aws_vpc.eks_vpc"),
            ("NET-009", "aws_vpc.eks_vpc"),
            ("NET-009", "aws_vpc.web_vpc"),
            ("SG-001", "aws_security_group.web-node"),
            ("SG-003", "aws_security_group.default"),
            ("SG-004", "aws_security_group.web-node"),
            ("SG-005", "aws_security_group.default"),
        ])
    );
}

fn set_of(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_nat_layout_of_the_community_vpc_module_resolves_by_count_index() {
    let out = load("shared/tfcompliance_issue-158_vpc_nat_plan.out.json");
    let s = &out.snapshot;
    assert!(
        out.summary.unresolved_references.is_empty(),
        "{:?}",
        out.summary.unresolved_references
    );
    assert_eq!(out.summary.unknown_types.get("aws_eip"), Some(&3));
    assert_eq!(s.aws.vpcs.len(), 1);
    assert_eq!(s.aws.subnets.len(), 6);
    assert_eq!(s.aws.nat_gateways.len(), 3);
    assert_eq!(s.aws.route_tables.len(), 4);
    // `vpc_id = local.vpc_id`: the module's one VPC.
    assert!(s
        .aws
        .subnets
        .iter()
        .all(|x| x.vpc_id == "module.vpc.aws_vpc.this[0]"));
    for i in 0..3 {
        let nat = &s.aws.nat_gateways[i];
        assert_eq!(nat.subnet_id, format!("module.vpc.aws_subnet.public[{i}]"));
        let rt = s
            .aws
            .route_tables
            .iter()
            .find(|r| r.id == format!("module.vpc.aws_route_table.private[{i}]"))
            .unwrap();
        assert_eq!(
            rt.subnet_ids,
            vec![format!("module.vpc.aws_subnet.private[{i}]")]
        );
        assert_eq!(rt.routes[0].target_kind, RouteTargetKind::Nat);
        assert_eq!(
            rt.routes[0].target_id,
            format!("module.vpc.aws_nat_gateway.this[{i}]")
        );
    }
    let report = run(&mut out.snapshot.clone());
    assert_eq!(
        findings(&report, CONTROLS),
        set(&[
            ("NET-001", "module.vpc.aws_vpc.this[0]"),
            ("NET-008", "module.vpc.aws_vpc.this[0]"),
            ("NET-009", "module.vpc.aws_vpc.this[0]"),
        ]),
        "one NAT gateway per AZ: NET-003 and NET-004 pass"
    );
}

#[test]
fn module_outputs_are_followed_through_nested_modules_and_variables() {
    let out = load("shared/regula_resource_view_06_tf_v1_0_vpc_sg.json");
    let s = &out.snapshot;
    assert_eq!(out.summary.format_version, "0.2");
    assert_eq!(s.aws.vpcs.len(), 4);
    assert_eq!(s.aws.security_groups.len(), 3);
    let grandchild = "module.child1.module.grandchild1.aws_vpc.grandchild";
    for sg in &s.aws.security_groups {
        // root: module.child1.grandchild_vpc; child2: var.child_vpc_id from
        // the same output; grandchild: its own VPC.
        assert_eq!(sg.vpc_id, grandchild, "{}", sg.id);
    }
    let report = run(&mut out.snapshot.clone());
    let f = findings(&report, CONTROLS);
    assert!(
        f.iter()
            .all(|(r, _)| ["NET-001", "NET-007", "NET-008", "NET-009"].contains(&r.as_str())),
        "{f:?}"
    );
    assert_eq!(f.len(), 16);
}

#[test]
fn flow_logs_with_their_log_group_retention() {
    let out = load("shared/regula_vpc_flow_log_infra.json");
    let s = &out.snapshot;
    assert_eq!(s.aws.vpcs.len(), 2);
    let fl = &s.aws.flow_logs[0];
    assert_eq!(fl.resource_id, "aws_vpc.valid_vpc");
    assert_eq!(fl.traffic_type, "ALL");
    assert_eq!(fl.log_destination_type, "cloud-watch-logs");
    assert!(fl.retention_known, "the log group is in the plan");
    assert_eq!(
        fl.retention_days, None,
        "retention_in_days 0 keeps logs forever"
    );
    let report = run(&mut out.snapshot.clone());
    assert_eq!(
        findings(&report, CONTROLS),
        set(&[
            ("NET-001", "aws_vpc.invalid_vpc"),
            ("NET-001", "aws_vpc.valid_vpc"),
            ("NET-007", "aws_vpc.invalid_vpc"),
            ("NET-007", "aws_vpc.valid_vpc"),
            ("NET-008", "aws_vpc.invalid_vpc"),
            ("NET-009", "aws_vpc.invalid_vpc"),
            ("NET-009", "aws_vpc.valid_vpc"),
        ])
    );
}

#[test]
fn iam_roles_and_users_with_inline_policies() {
    let out = load("shared/checkov_plan_with_iam_policies_tfplan.json");
    let s = &out.snapshot;
    assert_eq!(out.summary.format_version, "1.0");
    assert_eq!(s.aws.iam_users.len(), 1);
    assert_eq!(s.aws.iam_roles.len(), 1);
    assert_eq!(s.aws.iam_roles[0].region, "global");
    assert_eq!(
        s.aws.iam_roles[0].policies.len(),
        1,
        "aws_iam_role_policy lands on its role"
    );
    assert_eq!(
        s.aws.iam_users[0].policies.len(),
        1,
        "aws_iam_user_policy lands on its user"
    );
    assert!(out.summary.unknown_types.contains_key("aws_iam_group"));
    let report = run(&mut out.snapshot.clone());
    assert!(findings(&report, CONTROLS).is_empty());
}

// ---------------------------------------------------------------- hand-written plans

#[test]
fn hand_written_relations_inside_one_module() {
    let out = load("hand-written/hand-written-one-module.json");
    let s = &out.snapshot;
    assert!(
        out.summary.unresolved_references.is_empty(),
        "{:?}",
        out.summary.unresolved_references
    );
    // Account from allowed_account_ids, Environment from default_tags
    // (tags_all known on the VPC, merged from default_tags on subnets).
    assert_eq!(s.aws.vpcs[0].account_id, "111111111111");
    assert_eq!(
        s.aws.vpcs[0].tags.get("Environment").map(String::as_str),
        Some("prod")
    );
    assert_eq!(
        subnet(s, "aws_subnet.data_a")
            .tags
            .get("Environment")
            .map(String::as_str),
        Some("prod")
    );
    assert_eq!(
        subnet(s, "aws_subnet.data_a").name.as_deref(),
        Some("prod-data-a")
    );
    // aws_vpc_security_group_ingress_rule: the referenced group and the CIDR.
    let app = s
        .aws
        .security_groups
        .iter()
        .find(|g| g.id == "aws_security_group.app")
        .unwrap();
    assert_eq!(app.ingress.len(), 2);
    assert_eq!(app.ingress[0].groups[0].group_id, "aws_security_group.alb");
    assert_eq!(app.ingress[1].cidr_blocks, vec!["10.10.0.0/16"]);
    // aws_db_instance_automated_backups_replication: the aws.dr provider's region.
    let db = &s.aws.rds_instances[0];
    assert_eq!(db.backup_replications.len(), 1);
    assert_eq!(db.backup_replications[0].destination_region, "us-west-2");
    assert_eq!(db.region, "us-east-1");
    // Inline route to the NAT gateway, whose ID is unknown inside a known set.
    let rt = s
        .aws
        .route_tables
        .iter()
        .find(|r| r.id == "aws_route_table.app_a")
        .unwrap();
    assert_eq!(rt.routes[0].target_kind, RouteTargetKind::Nat);
    assert_eq!(rt.routes[0].target_id, "aws_nat_gateway.nat_a");

    let report = run(&mut out.snapshot.clone());
    assert_eq!(
        findings(&report, RELATIONS),
        set(&[
            ("NET-003", "aws_subnet.data_a"),
            ("NET-004", "aws_subnet.app_b"),
            ("SG-002", "aws_security_group.app"),
            ("SG-003", "aws_security_group.db"),
            ("DB-005", "aws_db_subnet_group.db"),
        ])
    );
    assert!(not_evaluated(&report, RELATIONS).is_empty());
    assert!(
        findings(&report, &["DB-008"]).is_empty(),
        "backups are replicated to us-west-2"
    );
}

#[test]
fn hand_written_relations_across_modules() {
    let out = load("hand-written/hand-written-across-modules.json");
    let s = &out.snapshot;
    assert!(
        out.summary.unresolved_references.is_empty(),
        "{:?}",
        out.summary.unresolved_references
    );
    // var.subnet_ids <- module.network.db_subnet_ids: the data subnets and app["a"].
    let group = &s.aws.db_subnet_groups[0];
    assert_eq!(
        group.subnet_ids.iter().cloned().collect::<BTreeSet<_>>(),
        set_of(&[
            r#"module.network.aws_subnet.data["a"]"#,
            r#"module.network.aws_subnet.data["b"]"#,
            r#"module.network.aws_subnet.data["c"]"#,
            r#"module.network.aws_subnet.app["a"]"#,
        ])
    );
    assert_eq!(group.vpc_id, "module.network.aws_vpc.this");
    // var.app_security_group_id <- module.app.security_group_id.
    let db_sg = s
        .aws
        .security_groups
        .iter()
        .find(|g| g.id == "module.database.aws_security_group.db")
        .unwrap();
    assert_eq!(db_sg.vpc_id, "module.network.aws_vpc.this");
    assert_eq!(
        db_sg.ingress[0].groups[0].group_id,
        "module.app.aws_security_group.app"
    );
    // each.value.id with for_each over the subnets; each.key on route tables.
    let public = s
        .aws
        .route_tables
        .iter()
        .find(|r| r.id == "module.network.aws_route_table.public")
        .unwrap();
    assert_eq!(public.subnet_ids.len(), 3);
    let app_c = s
        .aws
        .route_tables
        .iter()
        .find(|r| r.id == r#"module.network.aws_route_table.app["c"]"#)
        .unwrap();
    assert_eq!(
        app_c.routes[0].target_id,
        r#"module.network.aws_nat_gateway.this["c"]"#
    );
    // The default route table is the VPC's main one; data["c"] has no association.
    let main = s.aws.route_tables.iter().find(|r| r.is_main).unwrap();
    assert_eq!(main.id, "module.network.aws_default_route_table.main");
    assert_eq!(main.vpc_id, "module.network.aws_vpc.this");
    // Aurora: members with unknown AZs, retention left to AWS.
    let cluster = &s.aws.rds_clusters[0];
    assert_eq!(cluster.members.len(), 2);
    assert!(cluster
        .members
        .iter()
        .all(|m| m.availability_zone.is_none()));
    assert_eq!(cluster.backup_retention_period, None);

    let mut snapshot = out.snapshot.clone();
    let report = run(&mut snapshot);
    assert_eq!(
        subnet(&snapshot, r#"module.network.aws_subnet.data["c"]"#)
            .route_table_id
            .as_deref(),
        Some("module.network.aws_default_route_table.main")
    );
    assert_eq!(
        findings(&report, RELATIONS),
        set(&[
            ("NET-004", r#"module.network.aws_subnet.app["b"]"#),
            ("SG-002", "module.app.aws_security_group.app"),
            ("SG-003", "module.database.aws_security_group.db"),
            ("DB-005", "module.database.aws_db_subnet_group.db"),
        ])
    );
    assert!(not_evaluated(&report, RELATIONS).is_empty());
    assert_eq!(
        findings(&report, &["DB-002"]),
        set(&[("DB-002", "module.database.aws_rds_cluster.db")])
    );
    assert_eq!(
        not_evaluated(&report, &["DB-001"]),
        set(&[("DB-001", "module.database.aws_rds_cluster.db")]),
        "two members whose AZs the plan leaves unknown"
    );
}

#[test]
fn hand_written_relations_with_count() {
    let out = load("hand-written/hand-written-count.json");
    let s = &out.snapshot;
    assert_eq!(
        out.summary.unresolved_references,
        vec!["module.vpc.aws_route_table_association.private_extra: route_table_id".to_string()]
    );
    for i in 0..3 {
        let rt = s
            .aws
            .route_tables
            .iter()
            .find(|r| r.id == format!("module.vpc.aws_route_table.private[{i}]"))
            .unwrap();
        assert_eq!(
            rt.routes[0].target_id,
            format!("module.vpc.aws_nat_gateway.this[{i}]")
        );
    }
    let app = s
        .aws
        .security_groups
        .iter()
        .find(|g| g.id == "aws_security_group.app")
        .unwrap();
    assert_eq!(app.ingress.len(), 3);
    // The association to an unresolvable table makes the VPC's main table untrusted.
    assert!(s.aws.route_tables.iter().all(|r| !r.is_main));

    let report = run(&mut out.snapshot.clone());
    assert_eq!(
        findings(&report, RELATIONS),
        set(&[
            ("NET-003", "module.vpc.aws_subnet.data[0]"),
            ("NET-003", "module.vpc.aws_subnet.data[1]"),
            ("NET-003", "module.vpc.aws_subnet.data[2]"),
            ("SG-002", "aws_security_group.app"),
            ("DB-005", "aws_db_subnet_group.mixed"),
        ])
    );
    assert_eq!(
        not_evaluated(&report, RELATIONS),
        set(&[("NET-004", "module.vpc.aws_subnet.app[2]")])
    );
}

// ---------------------------------------------------------------- actions, known IDs, kubernetes

/// A hand-written plan of changes to existing resources: known IDs and
/// ARNs, an update, a replacement, a no-op and a destruction.
fn changes_plan() -> serde_json::Value {
    let arn = |kind: &str, id: &str| format!("arn:aws:ec2:eu-west-1:222222222222:{kind}/{id}");
    let res = |address: &str, values: serde_json::Value, actions: &[&str]| {
        let (t, n) = address.split_once('.').unwrap();
        (
            json!({"address": address, "mode": "managed", "type": t, "name": n, "values": values}),
            json!({"address": address, "mode": "managed", "type": t, "name": n,
                   "change": {"actions": actions, "before": {}, "after": values, "after_unknown": {}}}),
        )
    };
    let items = [
        res(
            "aws_vpc.main",
            json!({"id": "vpc-1", "arn": arn("vpc", "vpc-1"), "cidr_block": "10.0.0.0/16",
                                   "tags_all": {"Environment": "dev", "Name": "dev-vpc"}}),
            &["no-op"],
        ),
        res(
            "aws_subnet.data",
            json!({"id": "subnet-1", "arn": arn("subnet", "subnet-1"), "vpc_id": "vpc-1",
                                      "cidr_block": "10.0.21.0/24", "tags_all": {"Name": "dev-data-a"}}),
            &["update"],
        ),
        res(
            "aws_route_table.data",
            json!({"id": "rtb-1", "arn": arn("route-table", "rtb-1"), "vpc_id": "vpc-1",
                                           "route": [{"cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"}]}),
            &["delete", "create"],
        ),
        res(
            "aws_route_table_association.data",
            json!({"id": "rtbassoc-1", "subnet_id": "subnet-1",
                                                        "route_table_id": "rtb-1"}),
            &["no-op"],
        ),
    ];
    let (planned, mut changes): (Vec<_>, Vec<_>) = items.into_iter().unzip();
    changes.push(json!({"address": "aws_subnet.old", "mode": "managed", "type": "aws_subnet", "name": "old",
                        "change": {"actions": ["delete"], "before": {"id": "subnet-9"}, "after": null}}));
    json!({"format_version": "1.1", "planned_values": {"root_module": {"resources": planned}},
           "resource_changes": changes})
}

#[test]
fn known_ids_become_snapshot_ids_and_actions_are_kept() {
    let out = terraform::read_plan(&changes_plan().to_string(), "changes.json").unwrap();
    let s = &out.snapshot;
    assert_eq!(out.summary.deleted, 1);
    assert!(
        s.aws.subnets.iter().all(|x| x.id != "aws_subnet.old"),
        "destroyed resources are left out"
    );
    let vpc_arn = "arn:aws:ec2:eu-west-1:222222222222:vpc/vpc-1";
    assert_eq!(s.aws.vpcs[0].id, vpc_arn);
    assert_eq!(s.aws.vpcs[0].native_id, "vpc-1");
    assert_eq!(s.aws.vpcs[0].account_id, "222222222222");
    let data = &s.aws.subnets[0];
    assert_eq!(
        data.vpc_id, vpc_arn,
        "a known ID is translated to the VPC's snapshot ID"
    );
    assert_eq!(data.region, "eu-west-1");
    let action = |id: &str| {
        let mut a = None;
        s.visit(&mut |_, r| {
            if r.meta().id == id {
                a = r.meta().source.and_then(|x| x.plan_action.clone());
            }
        });
        a
    };
    assert_eq!(action(vpc_arn).as_deref(), Some("no-op"));
    assert_eq!(action(&data.id).as_deref(), Some("update"));
    let rt = &s.aws.route_tables[0];
    assert_eq!(action(&rt.id).as_deref(), Some("replace"));
    assert_eq!(rt.subnet_ids, vec![data.id.clone()]);
    assert_eq!(
        rt.routes[0].target_kind,
        RouteTargetKind::Igw,
        "from the igw- prefix"
    );

    let report = run(&mut out.snapshot.clone());
    assert_eq!(
        findings(&report, &["NET-003"]),
        set(&[("NET-003", data.id.as_str())])
    );
}

#[test]
fn kubernetes_provider_resources_map_into_the_kubernetes_section() {
    let plan = json!({
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [
            {"address": "kubernetes_namespace_v1.backend", "mode": "managed", "type": "kubernetes_namespace_v1",
             "name": "backend", "values": {"metadata": [{"name": "backend", "labels": {"Environment": "prod",
             "pod-security.kubernetes.io/enforce": "restricted"}, "annotations": {"api-token": "s3cr3t"}}]}},
            {"address": "kubernetes_deployment_v1.api", "mode": "managed", "type": "kubernetes_deployment_v1",
             "name": "api", "values": {"metadata": [{"name": "api", "namespace": "backend"}], "spec": [{
                "replicas": "3", "selector": [{"match_labels": {"app": "api"}}],
                "template": [{"metadata": [{"labels": {"app": "api"}}], "spec": [{
                    "service_account_name": "api",
                    "container": [{"name": "api", "image": "1234.dkr.ecr.us-east-1.amazonaws.com/api:1.2.3",
                        "resources": [{"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"memory": "512Mi"}}],
                        "liveness_probe": [{"http_get": [{"path": "/healthz"}]}], "readiness_probe": [],
                        "security_context": [{"run_as_non_root": true, "allow_privilege_escalation": false,
                            "capabilities": [{"drop": ["ALL"], "add": []}]}],
                        "env": [{"name": "DB_PASSWORD", "value": "", "value_from": [{"secret_key_ref": [{"name": "db", "key": "password"}]}]},
                                {"name": "MODE", "value": "prod", "value_from": []}]}]}]}]}]}},
            {"address": "kubernetes_network_policy_v1.deny", "mode": "managed", "type": "kubernetes_network_policy_v1",
             "name": "deny", "values": {"metadata": [{"name": "default-deny", "namespace": "backend"}],
             "spec": [{"pod_selector": [{}], "policy_types": ["Ingress", "Egress"], "ingress": [], "egress": []}]}},
            {"address": "kubernetes_manifest.allow", "mode": "managed", "type": "kubernetes_manifest", "name": "allow",
             "values": {"manifest": {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                "metadata": {"name": "allow-dns", "namespace": "backend"},
                "spec": {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"ports": [{"port": 53, "protocol": "UDP"}]}]}}}},
            {"address": "kubernetes_manifest.crd", "mode": "managed", "type": "kubernetes_manifest", "name": "crd",
             "values": {"manifest": {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}}}
        ]}},
        "configuration": {"provider_config": {"kubernetes": {"name": "kubernetes",
            "expressions": {"config_context": {"constant_value": "prod-eks"}}}}}
    });
    let out = terraform::read_plan(&plan.to_string(), "k8s.json").unwrap();
    let k = &out.snapshot.k8s;
    assert_eq!(k.namespaces[0].id, "prod-eks/Namespace/backend");
    assert!(
        k.namespaces[0].annotations.is_empty(),
        "credential-like annotations are not kept"
    );
    let w = &k.workloads[0];
    assert_eq!(w.id, "prod-eks/backend/Deployment/api");
    assert_eq!(w.replicas, Some(3));
    let c = &w.pod.containers[0];
    assert_eq!(c.resources.requests.cpu.as_deref(), Some("250m"));
    assert!(c.liveness_probe && !c.readiness_probe);
    assert_eq!(c.security_context.capabilities_drop, vec!["ALL"]);
    assert_eq!(c.env[0].secret_name.as_deref(), Some("db"));
    assert!(!c.env[0].inline_value && c.env[1].inline_value);
    assert_eq!(k.network_policies.len(), 2);
    let deny = &k.network_policies[0];
    assert_eq!(deny.pod_selector, json!({}));
    assert_eq!(deny.ingress, None);
    assert_eq!(k.network_policies[1].egress.as_ref().map(Vec::len), Some(1));
    assert_eq!(
        out.summary.unknown_types.get("kubernetes_manifest/Widget"),
        Some(&1)
    );
}

// ---------------------------------------------------------------- command line

fn archcheck() -> Command {
    let mut c = Command::cargo_bin("archcheck").unwrap();
    c.env_remove("ARCHCHECK_BUILTIN_POLICIES")
        .env("NO_COLOR", "1");
    c
}

#[test]
fn scan_reads_a_plan_from_standard_input_and_reports_its_addresses() {
    let text =
        std::fs::read_to_string(fixture("hand-written/hand-written-one-module.json")).unwrap();
    let out = archcheck()
        .args([
            "scan",
            "--plan",
            "-",
            "--rules",
            "NET-003",
            "--format",
            "json",
            "--fail-on",
            "none",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &report["findings"][0];
    assert_eq!(f["rule_id"], "NET-003");
    assert_eq!(f["resource"]["address"], "aws_subnet.data_a");
    assert_eq!(report["sources"][0]["kind"], "terraform-plan");
}

#[test]
fn scan_merges_plans_with_snapshots_and_fails_on_findings() {
    let snap = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/snapshots/reference.json");
    let out = archcheck()
        .args([
            "scan",
            "--format",
            "json",
            "--rules",
            "NET-003,SG-003",
            "--snapshot",
        ])
        .arg(&snap)
        .arg("--plan")
        .arg(fixture("hand-written/hand-written-one-module.json"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: BTreeSet<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["kind"].as_str())
        .collect();
    assert!(
        kinds.contains("terraform-plan") && kinds.len() >= 2,
        "{kinds:?}"
    );
    assert_eq!(report["findings"].as_array().unwrap().len(), 2);
}

#[test]
fn a_file_that_is_not_a_plan_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    std::fs::write(
        &state,
        r#"{"format_version": "1.0", "values": {"root_module": {}}}"#,
    )
    .unwrap();
    let out = archcheck()
        .args(["scan", "--plan"])
        .arg(&state)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("state.json") && err.contains("not a plan"),
        "{err}"
    );

    let out = archcheck()
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("nothing to scan: give at least one --snapshot FILE, --plan FILE"));
}

#[test]
fn verbose_lists_the_types_not_mapped() {
    let out = archcheck()
        .args([
            "scan",
            "-v",
            "--format",
            "json",
            "--fail-on",
            "none",
            "--plan",
        ])
        .arg(fixture(
            "shared/tfcompliance_issue-158_vpc_nat_plan.out.json",
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("aws_eip (3)") && err.contains("aws_vpn_gateway (1)"),
        "{err}"
    );
}

#[test]
fn hand_written_plans_match_their_generator() {
    let Ok(python) = which("python3") else { return };
    let dir = tempfile::tempdir().unwrap();
    let gen = fixture("hand-written/generate.py");
    std::fs::copy(&gen, dir.path().join("generate.py")).unwrap();
    let status = std::process::Command::new(python)
        .arg(dir.path().join("generate.py"))
        .status()
        .unwrap();
    assert!(status.success());
    for entry in std::fs::read_dir(fixture("hand-written")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            let fresh =
                std::fs::read_to_string(dir.path().join(path.file_name().unwrap())).unwrap();
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                fresh,
                "{} is out of date: run python3 fixtures/plans/hand-written/generate.py",
                path.display()
            );
        }
    }
}

fn which(name: &str) -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .find(|f| f.is_file())
        })
        .ok_or(())
}
