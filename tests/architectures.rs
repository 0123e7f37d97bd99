//! One architecture file per architecture document (architectures/), each
//! proved against its document and against a compliant snapshot of it
//! (fixtures/compliant/, written by fixtures/compliant/generate.py).

mod common;

use archcheck::architecture::{Architecture, Class};
use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

/// (document, architecture file) for 000 … 004.
const DOCUMENTS: &[(&str, &str)] = &[
    ("000", "architectures/builtin.yaml"),
    ("001", "architectures/001.yaml"),
    ("002", "architectures/002.yaml"),
    ("003", "architectures/003.yaml"),
    ("004", "architectures/004.yaml"),
];

fn path(rel: &str) -> PathBuf {
    common::root().join(rel)
}

fn archcheck() -> Command {
    let mut c = Command::cargo_bin("archcheck").unwrap();
    c.env_remove("ARCHCHECK_BUILTIN_POLICIES")
        .env("NO_COLOR", "1")
        .current_dir(common::root());
    c
}

fn load(doc: &str) -> Architecture {
    let (_, file) = DOCUMENTS.iter().find(|(d, _)| *d == doc).unwrap();
    Architecture::load(&path(file)).unwrap_or_else(|e| panic!("{e}"))
}

/// `scan --format json` of a snapshot under an architecture file.
fn scan(snapshot: &str, architecture: &str) -> Value {
    let out = archcheck()
        .args(["scan", "-q", "--format", "json", "--fail-on", "low"])
        .args(["--snapshot", snapshot, "--architecture", architecture])
        .output()
        .unwrap();
    let mut report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{snapshot}: not a JSON report ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["exit_code"] = out.status.code().into();
    report
}

fn failed_rules(report: &Value) -> Vec<String> {
    let mut ids: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn every_document_has_an_architecture_file_naming_it() {
    let docs: Vec<String> = std::fs::read_dir(common::root().join("../shared/architecture-docs"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .filter(|n| n.ends_with(".txt"))
                .collect()
        })
        .unwrap_or_default();
    for (doc, _) in DOCUMENTS {
        let arch = load(doc);
        let named = arch.document.clone().unwrap();
        assert!(named.starts_with(&format!("{doc}_")), "{doc}: {named}");
        if !docs.is_empty() {
            assert!(
                docs.contains(&named),
                "{doc}: {named} is not in shared/architecture-docs"
            );
        }
    }
}

#[test]
fn each_compliant_snapshot_scans_clean_under_its_architecture_file() {
    for (doc, file) in DOCUMENTS {
        let report = scan(&format!("fixtures/compliant/{doc}.json"), file);
        let s = &report["summary"];
        assert_eq!(s["findings"], 0, "{doc}: {:?}", failed_rules(&report));
        assert_eq!(
            s["controls_not_evaluated"], 0,
            "{doc}: {}",
            report["controls"]
        );
        assert_eq!(s["controls_failed"], 0, "{doc}");
        assert!(s["controls_passed"].as_u64().unwrap() >= 50, "{doc}: {s}");
        assert!(s["resources"].as_u64().unwrap() > 100, "{doc}: {s}");
        assert_eq!(
            report["collection_errors"].as_array().map_or(0, Vec::len),
            0
        );
        assert_eq!(report["exit_code"], 0, "{doc}");
    }
}

/// The parameters matter: the documents that differ most from 000 fail
/// under the built-in file exactly where they differ.
#[test]
fn documents_002_and_004_fail_under_the_builtin_architecture_where_they_differ() {
    // 002: no data tier (NET-001 wants one in 3 AZs; DB-005 wants the
    // databases in data subnets).
    let report = scan("fixtures/compliant/002.json", "architectures/builtin.yaml");
    assert_eq!(failed_rules(&report), ["DB-005", "NET-001"]);
    // 004: 2 AZs (NET-001), VPCs 10.0/10.1/10.2 (NET-007 against 000's
    // plan), port 80 on the ALB (SG-001), MongoDB's 27017 (SG-003).
    let report = scan("fixtures/compliant/004.json", "architectures/builtin.yaml");
    assert_eq!(
        failed_rules(&report),
        ["NET-001", "NET-007", "SG-001", "SG-003"]
    );
}

#[test]
fn document_000_values() {
    let a = load("000");
    let prod = &a.params["prod"];
    let dev = &a.params["dev"];
    // §2.1 "Subnet Layout (per VPC, across 3 Availability Zones)"
    assert_eq!(prod.az_count, 3);
    assert!(prod.data_tier);
    // §2.2 "Retention: 90 days for production, 30 days for dev/staging"
    assert_eq!(
        (prod.flow_log_retention_days, dev.flow_log_retention_days),
        (90, 30)
    );
    // §2.2 "Inbound: 5432 (PostgreSQL) from EKS node security group only"
    assert_eq!(prod.db_port, 5432);
    // §2.2 "Inbound: 8080 from ALB security group (API traffic)"
    assert_eq!(prod.app_port, 8080);
    assert_eq!(prod.alb_ports, [443]);
    // §4.3 automated backups: 35 days in production, 7 in dev/staging
    assert_eq!(
        (prod.backup_retention_days, dev.backup_retention_days),
        (35, 7)
    );
    // §2.1 VPC 10.10.0.0/16 (production)
    assert_eq!(prod.vpc_cidrs, ["10.10.0.0/16"]);
    assert_eq!(a.environments.len(), 3);
}

#[test]
fn document_001_values() {
    let a = load("001");
    // §2: Mgmt, Security & Logging, Non-Prod (dev + staging) and Prod accounts
    assert_eq!(a.management_account.as_deref(), Some("100000000001"));
    assert_eq!(
        a.environments["dev"].accounts,
        a.environments["staging"].accounts
    );
    assert_eq!(a.environments["prod"].class, Class::Prod);
    // §3 "Egress: 1 NAT GW/AZ"
    assert!(a.params["dev"].nat_per_az && a.params["prod"].nat_per_az);
    // §3 "VPC Endpoints: S3, ECR (api+dkr), CloudWatch Logs, STS, Secrets Manager, SSM"
    let services: Vec<&str> = a.params["prod"]
        .vpc_endpoints
        .iter()
        .map(|e| e.service.as_str())
        .collect();
    assert_eq!(
        services,
        [
            "s3",
            "ecr.api",
            "ecr.dkr",
            "logs",
            "sts",
            "secretsmanager",
            "ssm"
        ]
    );
    // §6 "7–14 days non-prod, 30+ days prod"
    assert_eq!(a.params["prod"].backup_retention_days, 30);
    assert_eq!(a.params["staging"].backup_retention_days, 7);
}

#[test]
fn document_002_values() {
    let a = load("002");
    // §2.1 "Innovate Inc. will use two AWS accounts": Production and Non-Production
    let accounts: Vec<&String> = a.environments.values().flat_map(|e| &e.accounts).collect();
    assert_eq!(accounts.len(), 2);
    assert_eq!(a.environments_of_account("200000000002"), ["prod"]);
    assert_eq!(a.environments_of_account("200000000001"), ["non-prod"]);
    assert_eq!(a.environment_of_tag_value("uat"), Some("non-prod"));
    assert_eq!(a.management_account, None);
    // §3.1 "Deployed across 3 Availability Zones (AZs)"
    assert_eq!(a.params["prod"].az_count, 3);
    // §3.2 "Public Subnets (ALB)", "Private Subnets (EKS nodes, databases)"
    assert!(!a.params["prod"].data_tier && !a.params["non-prod"].data_tier);
    // §3.4 "AWS WAF on ALB"
    assert!(a.params["non-prod"].waf_required);
    // §10 "Amazon Aurora (PostgreSQL-compatible)"
    assert_eq!(a.params["prod"].db_engines, ["aurora-postgresql"]);
    // §10.4 "Innovate Inc. uses Aurora Global Database"
    assert!(a.params["prod"].cross_region_dr);
}

#[test]
fn document_003_values() {
    let a = load("003");
    // §1 "a four-account structure ... one `management` account ..., one
    // `shared-services` account ..., and distinct accounts for `dev` and `prod`"
    assert_eq!(a.management_account.as_deref(), Some("300000000001"));
    let names: Vec<&String> = a.environments.keys().collect();
    assert_eq!(names, ["dev", "prod", "shared-services"]);
    // §2 "1 NAT Gateway per AZ"
    assert!(a.params["dev"].nat_per_az);
    // §2 "VPC Endpoints ... S3, DynamoDB, and ECR"
    let services: Vec<&str> = a.params["dev"]
        .vpc_endpoints
        .iter()
        .map(|e| e.service.as_str())
        .collect();
    assert_eq!(services, ["s3", "dynamodb", "ecr.api", "ecr.dkr"]);
    // §4 "Automated Backups: Enabled with 7-day retention (configurable)."
    assert_eq!(a.params["prod"].backup_retention_days, 7);
}

#[test]
fn document_004_values() {
    let a = load("004");
    // §1.1 Master Payer, Development, Staging and Production accounts
    assert_eq!(a.management_account.as_deref(), Some("400000000001"));
    assert_eq!(a.environments_of_account("400000000003"), ["staging"]);
    // §2.1 "CIDR: 10.0.0.0/16 (production), 10.1.0.0/16 (staging), 10.2.0.0/16 (dev)"
    assert_eq!(a.params["prod"].vpc_cidrs, ["10.0.0.0/16"]);
    assert_eq!(a.params["staging"].vpc_cidrs, ["10.1.0.0/16"]);
    assert_eq!(a.params["dev"].vpc_cidrs, ["10.2.0.0/16"]);
    // §2.1 "Availability Zones: Minimum 2 AZs per region"
    assert_eq!(a.params["prod"].az_count, 2);
    // §2.2 "Ingress: TCP:27017 from application security group only"
    assert_eq!(a.params["prod"].db_port, 27017);
    // §2.2 "Ingress: TCP:80,443 from 0.0.0.0/0 (internet)"
    assert_eq!(a.params["prod"].alb_ports, [80, 443]);
    // §4.2 "Retention: 2 days (48 hours)"
    assert_eq!(a.params["prod"].backup_retention_days, 2);
    // §5.1 "Pod Security Standards (restricted mode)"
    assert_eq!(a.params["dev"].pod_security, "restricted");
    // §4.1 MongoDB Atlas: the PostgreSQL-only controls are off
    for id in ["DB-007", "DB-009"] {
        assert_eq!(a.controls[id].enabled, Some(false), "{id}");
    }
}

#[test]
fn architecture_show_and_check_work_on_every_file() {
    for (doc, file) in DOCUMENTS {
        let out = archcheck()
            .args(["architecture", "check", file])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{doc}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.starts_with(&format!("{file}: valid (")), "{stdout}");

        let out = archcheck()
            .args(["architecture", "show", file])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{doc}");
        let shown: Value = serde_yaml_ng::from_slice(&out.stdout).unwrap();
        assert!(
            shown["document"].as_str().unwrap().starts_with(doc),
            "{doc}"
        );
        // Every environment has every parameter resolved, `unknown` included.
        let params = shown["parameters_in_force"].as_object().unwrap();
        assert!(params.contains_key("unknown"), "{doc}");
        for (env, p) in params {
            assert!(
                p["az_count"].is_u64() && p["data_tier"].is_boolean(),
                "{doc} {env}"
            );
        }
    }
    // Without FILE: the built-in one.
    let out = archcheck().args(["architecture", "show"]).output().unwrap();
    let shown: Value = serde_yaml_ng::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["origin"], "builtin");
}

#[test]
fn document_004_skips_exactly_the_postgresql_only_controls() {
    let report = scan("fixtures/compliant/004.json", "architectures/004.yaml");
    let skipped: Vec<&str> = report["controls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "skipped")
        .map(|c| c["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["DB-007", "DB-009"]);
    assert_eq!(report["summary"]["controls_skipped"], 2);
}
