//! Live AWS collection against a real AWS API emulator (moto server, from
//! `scripts/setup.d/20-moto.sh`): the environments are built in the test
//! with the Rust SDK, then `archcheck scan --aws` reads them back.
//!
//! Each scenario lives in its own AWS account (moto keeps accounts apart and
//! tests run in parallel threads); `archcheck` reaches it with
//! `--role-arn arn:aws:iam::ACCOUNT:role/…`, as a user scanning several
//! accounts would.
#![cfg(feature = "aws")]

mod common;
#[path = "aws_live/env.rs"]
mod env;

use assert_cmd::Command;
use env::{Breaks, Built, DR, PRIMARY};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every scenario account is a dev account (document 000's non-prod rules).
const ARCHITECTURE: &str = r#"
extends: builtin
default_environment: dev
environments:
  dev:
    class: non-prod
    accounts: ["100000000001", "100000000002", "100000000003", "100000000004", "100000000005", "100000000006"]
    parameters:
      vpc_cidrs: [10.0.0.0/16]
"#;

/// Controls the moto environment cannot satisfy, with why.
const NOT_COVERED: &[&str] = &[
    // moto reports AccountMFAEnabled = 0 and offers no way to enable root MFA.
    "IAM-001",
];

fn architecture(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("architecture.yaml");
    std::fs::write(&path, ARCHITECTURE).unwrap();
    path
}

/// `archcheck` pointed at moto with dummy credentials and no shared files.
fn archcheck(moto: &str) -> Command {
    let mut cmd = Command::cargo_bin("archcheck").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AWS_ENDPOINT_URL", moto)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", PRIMARY)
        .env("AWS_CONFIG_FILE", "/nonexistent/archcheck-aws-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/archcheck-aws-credentials",
        )
        .env("AWS_EC2_METADATA_DISABLED", "true");
    cmd
}

fn role(account: &str) -> String {
    format!("arn:aws:iam::{account}:role/archcheck-audit")
}

/// `scan --aws` of one account in both regions; returns (exit code, report).
fn scan_live(moto: &str, arch: &Path, account: &str) -> (i32, Value) {
    let out = archcheck(moto)
        .args(["scan", "--aws", "--role-arn", &role(account)])
        .args(["--region", PRIMARY, "--region", DR])
        .arg("--architecture")
        .arg(arch)
        .args(["--skip-rules", &NOT_COVERED.join(",")])
        .args(["--format", "json", "--fail-on", "low"])
        .output()
        .unwrap();
    report(out)
}

fn report(out: std::process::Output) -> (i32, Value) {
    let code = out.status.code().expect("exit code");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "exit {code}, not JSON ({e})\nstderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, report)
}

/// (rule, resource id) of every finding.
fn findings(report: &Value) -> BTreeSet<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource"]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn set(items: &[(&str, String)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(r, id)| (r.to_string(), id.clone()))
        .collect()
}

fn messages(report: &Value, rule: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn build(moto: &str, account: &str, breaks: Breaks) -> Built {
    runtime().block_on(env::build(moto, account, breaks))
}

#[test]
fn compliant_environment_has_no_findings() {
    let Some(moto) = common::external("ARCHCHECK_MOTO_URL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let arch = architecture(&dir);
    build(&moto, "100000000001", Breaks::default());
    let (code, report) = scan_live(&moto, &arch, "100000000001");
    assert_eq!(findings(&report), BTreeSet::new(), "{report:#}");
    assert_eq!(code, 0);
    let not_evaluated: Vec<&Value> = report["controls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "not-evaluated")
        .collect();
    assert!(not_evaluated.is_empty(), "{not_evaluated:#?}");
    // The controls that judged something really saw the environment.
    let judged = |rule: &str| {
        report["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule_id"] == rule)
            .map(|c| c["status"].as_str().unwrap().to_string())
    };
    for rule in [
        "NET-001", "NET-003", "NET-008", "SG-003", "DB-004", "EKS-003", "IAM-002", "ACC-003",
    ] {
        assert_eq!(judged(rule).as_deref(), Some("passed"), "{rule}");
    }
}

#[test]
fn broken_network_has_exactly_its_findings_and_a_collected_snapshot_scans_the_same() {
    let Some(moto) = common::external("ARCHCHECK_MOTO_URL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let arch = architecture(&dir);
    let b = build(
        &moto,
        "100000000002",
        Breaks {
            data_route_to_nat: true,
            app_public_ips: true,
            ..Default::default()
        },
    );
    let (code, live) = scan_live(&moto, &arch, &b.account);
    let mut want: Vec<(&str, String)> = b
        .data_subnets
        .iter()
        .map(|s| ("NET-003", b.ec2("subnet", s)))
        .collect();
    want.push(("NET-006", b.ec2("subnet", &b.app_subnets[0])));
    assert_eq!(findings(&live), set(&want), "{live:#}");
    assert_eq!(code, 1);
    assert!(
        messages(&live, "NET-003")
            .iter()
            .all(|m| m.contains("nat-")),
        "{:?}",
        messages(&live, "NET-003")
    );

    // collect, then scan the snapshot: the same findings.
    let snap = dir.path().join("snap.json");
    let out = archcheck(&moto)
        .args(["collect", "--aws", "--role-arn", &role(&b.account)])
        .args(["--region", PRIMARY, "--region", DR, "-o"])
        .arg(&snap)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = archcheck(&moto)
        .args(["scan", "--snapshot"])
        .arg(&snap)
        .arg("--architecture")
        .arg(&arch)
        .args(["--skip-rules", &NOT_COVERED.join(",")])
        .args(["--format", "json", "--fail-on", "low"])
        .output()
        .unwrap();
    let (code, from_file) = report(out);
    assert_eq!(code, 1);
    assert_eq!(findings(&from_file), findings(&live));
}

#[test]
fn broken_security_groups_have_exactly_their_findings() {
    let Some(moto) = common::external("ARCHCHECK_MOTO_URL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let arch = architecture(&dir);
    let b = build(
        &moto,
        "100000000003",
        Breaks {
            app_ssh_from_internet: true,
            db_egress: true,
            ..Default::default()
        },
    );
    let (_, report) = scan_live(&moto, &arch, &b.account);
    let app = b.ec2("security-group", &b.app_sg);
    let db = b.ec2("security-group", &b.db_sg);
    assert_eq!(
        findings(&report),
        set(&[("SG-002", app.clone()), ("SG-004", app), ("SG-005", db)]),
        "{report:#}"
    );
}

#[test]
fn broken_database_has_exactly_its_findings() {
    let Some(moto) = common::external("ARCHCHECK_MOTO_URL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let arch = architecture(&dir);
    let b = build(
        &moto,
        "100000000004",
        Breaks {
            db_public_unencrypted: true,
            ..Default::default()
        },
    );
    let (_, report) = scan_live(&moto, &arch, &b.account);
    assert_eq!(
        findings(&report),
        set(&[("DB-003", b.db_arn.clone()), ("DB-004", b.db_arn.clone())]),
        "{report:#}"
    );
}

#[test]
fn broken_eks_has_exactly_its_findings() {
    let Some(moto) = common::external("ARCHCHECK_MOTO_URL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let arch = architecture(&dir);
    let b = build(
        &moto,
        "100000000005",
        Breaks {
            eks_unencrypted_no_logs: true,
            ..Default::default()
        },
    );
    let (_, report) = scan_live(&moto, &arch, &b.account);
    assert_eq!(
        findings(&report),
        set(&[
            ("EKS-002", b.eks_arn.clone()),
            ("EKS-003", b.eks_arn.clone())
        ]),
        "{report:#}"
    );
}

#[test]
fn broken_iam_has_exactly_its_findings() {
    let Some(moto) = common::external("ARCHCHECK_MOTO_URL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let arch = architecture(&dir);
    let b = build(
        &moto,
        "100000000006",
        Breaks {
            iam_user_and_admin_role: true,
            ..Default::default()
        },
    );
    let (_, report) = scan_live(&moto, &arch, &b.account);
    assert_eq!(
        findings(&report),
        set(&[
            ("IAM-003", b.user_arn.clone()),
            ("IAM-005", b.admin_role_arn.clone())
        ]),
        "{report:#}"
    );
}

#[test]
fn no_credentials_is_a_usage_error_naming_the_credential_chain() {
    let Some(moto) = common::external("ARCHCHECK_MOTO_URL") else {
        return;
    };
    let out = archcheck(&moto)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["scan", "--aws", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no AWS credentials found"), "{err}");
    assert!(err.contains("AWS_ACCESS_KEY_ID"), "{err}");
    assert!(err.contains("~/.aws/credentials"), "{err}");
}

/// ("ACCESS_KEY_ID", "SECRET") from `ID:SECRET`.
fn keys(pair: &str) -> (String, String) {
    let (id, secret) = pair.split_once(':').expect("ID:SECRET");
    (id.to_string(), secret.to_string())
}

#[test]
fn a_principal_without_rds_permissions_leaves_the_db_controls_not_evaluated() {
    let Some(moto) = common::external("ARCHCHECK_MOTO_AUTH_URL") else {
        return;
    };
    let admin = keys(&common::external("ARCHCHECK_MOTO_AUTH_ADMIN_KEYS").unwrap());
    let auditor = keys(&common::external("ARCHCHECK_MOTO_AUTH_AUDITOR_KEYS").unwrap());
    // An unencrypted database that DB-004 would report if it could be read.
    runtime().block_on(async {
        let cfg = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(&moto)
            .region(aws_config::Region::new(PRIMARY))
            .credentials_provider(aws_credential_types::Credentials::new(
                &admin.0, &admin.1, None, None, "admin",
            ))
            .load()
            .await;
        aws_sdk_rds::Client::new(&cfg)
            .create_db_instance()
            .db_instance_identifier("hidden-db")
            .engine("postgres")
            .engine_version("16.4")
            .db_instance_class("db.t4g.micro")
            .allocated_storage(20)
            .master_username("app")
            .master_user_password("not-a-secret-1")
            .storage_encrypted(false)
            .send()
            .await
            .unwrap();
    });
    let out = archcheck(&moto)
        .env("AWS_ACCESS_KEY_ID", &auditor.0)
        .env("AWS_SECRET_ACCESS_KEY", &auditor.1)
        .args(["scan", "--aws", "--region", PRIMARY])
        .args(["--format", "json", "--fail-on", "none"])
        .output()
        .unwrap();
    let (code, report) = report(out);
    assert_eq!(code, 0);
    let controls = report["controls"].as_array().unwrap();
    for rule in ["DB-001", "DB-002", "DB-003", "DB-004", "DB-005", "DB-007"] {
        let c = controls.iter().find(|c| c["rule_id"] == rule).unwrap();
        assert_eq!(c["status"], "not-evaluated", "{rule}: {c:#}");
        let reason = c["not_evaluated"][0]["reason"].as_str().unwrap();
        assert!(
            reason.starts_with("rds DescribeDB") && reason.contains("AccessDenied"),
            "{rule}: {reason}"
        );
        assert_eq!(
            c["not_evaluated"][0]["scope"],
            format!("123456789012/{PRIMARY}")
        );
    }
    let got = findings(&report);
    assert!(got.iter().all(|(r, _)| !r.starts_with("DB-")), "{got:?}");
    // The rest is judged: moto's root user has no MFA.
    assert!(
        got.contains(&("IAM-001".to_string(), "123456789012/iam".to_string())),
        "{got:?}"
    );
}
