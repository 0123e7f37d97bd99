//! End-to-end scenarios: the shipped snapshot fixtures scanned by the
//! `archcheck` binary with the built-in architecture and policy library.
//!
//! `fixtures/snapshots/reference.json` follows architecture document 000
//! exactly and must produce no finding at all; each `broken-*.json` is the
//! reference with a few mutations and must produce exactly the findings
//! listed here, as (rule ID, resource id). The fixtures and their mutations
//! are written by `fixtures/generate.py`, whose `VARIANTS` list holds the
//! same expected findings; `fixtures_match_their_generator` checks both.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

// Resources the variants break (IDs as fixtures/generate.py derives them).
const PROD_DATA_SUBNET_A: &str =
    "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-f2cfcaec6221623e6";
const PROD_APP_SUBNET_B: &str =
    "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-ea8e449dc207b5458";
const DEV_APP_SUBNET_C: &str = "arn:aws:ec2:us-east-1:222222222222:subnet/subnet-0a56c1f861ac7b190";
const DEV_SPARE_SUBNET: &str = "arn:aws:ec2:us-east-1:222222222222:subnet/subnet-1f08ef37b4fc753c7";
const PROD_VPC: &str = "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-662e752f1b472f099";
const STAGING_VPC: &str = "arn:aws:ec2:us-east-1:222222222222:vpc/vpc-8e10f82cf7c7e35ea";
const DEV_VPC: &str = "arn:aws:ec2:us-east-1:222222222222:vpc/vpc-489bac99f35605fd5";
const STAGING_NACL: &str = "arn:aws:ec2:us-east-1:222222222222:network-acl/acl-5858bb4bf50166afb";
const PROD_DEFAULT_SG: &str =
    "arn:aws:ec2:us-east-1:111111111111:security-group/sg-8fa4f3b5546cdb604";
const PROD_NODE_SG: &str = "arn:aws:ec2:us-east-1:111111111111:security-group/sg-9a7228450f4dc53fa";
const PROD_AURORA_SG: &str =
    "arn:aws:ec2:us-east-1:111111111111:security-group/sg-8ad9eb2faa43b7943";
const STAGING_AURORA_SG: &str =
    "arn:aws:ec2:us-east-1:222222222222:security-group/sg-674f543ec2e83ed34";
const DEV_ALB_SG: &str = "arn:aws:ec2:us-east-1:222222222222:security-group/sg-e6d49ad4cf9374c90";
const PROD_KARPENTER_NODE: &str = "arn:aws:ec2:us-east-1:111111111111:instance/i-0626bfcded56cf797";
const PROD_AURORA: &str = "arn:aws:rds:us-east-1:111111111111:cluster:prod-aurora";
const STAGING_AURORA: &str = "arn:aws:rds:us-east-1:222222222222:cluster:staging-aurora";
const DEV_AURORA: &str = "arn:aws:rds:us-east-1:222222222222:cluster:dev-aurora";
const PROD_AURORA_3: &str = "arn:aws:rds:us-east-1:111111111111:db:prod-aurora-3";
const DEV_AURORA_1: &str = "arn:aws:rds:us-east-1:222222222222:db:dev-aurora-1";
const STAGING_DB_SUBNET_GROUP: &str =
    "arn:aws:rds:us-east-1:222222222222:subgrp:staging-aurora-subnets";
const PROD_ALB: &str = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/prod-alb/27e2256b82a1faba";
const STAGING_ALB: &str =
    "arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/staging-alb/c127e9ae3debd0c6";
const DEV_INTERNAL_ALB: &str =
    "arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/dev-internal-alb/8a18b9b83cb90d3e";
const PROD_EKS: &str = "arn:aws:eks:us-east-1:111111111111:cluster/prod-eks-cluster";
const STAGING_EKS: &str = "arn:aws:eks:us-east-1:222222222222:cluster/staging-eks-cluster";
const DEV_EKS: &str = "arn:aws:eks:us-east-1:222222222222:cluster/dev-eks-cluster";
const DEV_CONSOLE_VPC: &str = "arn:aws:ec2:us-east-1:222222222222:vpc/vpc-8566d860a0fd3cd2c";
const DEV_EKS_NODE_B: &str = "arn:aws:ec2:us-east-1:222222222222:instance/i-5b4a9fd7255a6d5bf";
const DEV_ACCOUNT_IAM: &str = "222222222222/iam";
const PROD_ACCOUNT_IAM: &str = "111111111111/iam";
const PROD_ACCOUNT: &str = "111111111111";
const DEV_QA_USER: &str = "arn:aws:iam::222222222222:user/qa-tester";
const PROD_CI_USER: &str = "arn:aws:iam::111111111111:user/ci-deploy";
const DEV_IRSA_ROLE: &str = "arn:aws:iam::222222222222:role/dev-backend-irsa";
const STAGING_IRSA_ROLE: &str = "arn:aws:iam::222222222222:role/staging-backend-irsa";
const GITHUB_ROLE: &str = "arn:aws:iam::222222222222:role/github-actions-ecr-push";

/// The expected findings of every variant, by file (what generate.py lists).
fn variants() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        ("broken-network.json", broken_network()),
        ("broken-vpc.json", broken_vpc()),
        ("broken-security-groups.json", broken_security_groups()),
        ("broken-database.json", broken_database()),
        (
            "broken-database-resilience.json",
            broken_database_resilience(),
        ),
        ("broken-load-balancers.json", broken_load_balancers()),
        ("broken-eks.json", broken_eks()),
        ("broken-iam.json", broken_iam()),
        ("broken-accounts.json", broken_accounts()),
    ]
}

fn broken_network() -> Vec<(&'static str, &'static str)> {
    vec![
        // prod data subnet us-east-1a routed to the internet gateway
        ("NET-003", PROD_DATA_SUBNET_A),
        // prod app subnet us-east-1b defaults to the NAT gateway of us-east-1a
        ("NET-004", PROD_APP_SUBNET_B),
        // prod Karpenter node launched in a public subnet
        ("NET-005", PROD_KARPENTER_NODE),
        // dev app subnet us-east-1c auto-assigns public IPv4 addresses
        ("NET-006", DEV_APP_SUBNET_C),
        // staging VPC lacks the ecr.dkr endpoint
        ("NET-009", STAGING_VPC),
    ]
}

fn broken_vpc() -> Vec<(&'static str, &'static str)> {
    vec![
        // dev's data tier spans only 2 AZs (its third data subnet is in us-east-1b)
        ("NET-001", DEV_VPC),
        // dev subnet whose tier only its routes tell
        ("NET-002", DEV_SPARE_SUBNET),
        // prod VPC secondary CIDR 10.1.128.0/17 overlaps staging: both VPCs overlap
        ("NET-007", PROD_VPC),
        ("NET-007", STAGING_VPC),
        // dev flow logs kept 7 days
        ("NET-008", DEV_VPC),
        // prod default security group has AWS's stock rules
        ("NET-010", PROD_DEFAULT_SG),
        // staging network ACL admits SSH and RDP from anywhere
        ("NET-011", STAGING_NACL),
    ]
}

fn broken_security_groups() -> Vec<(&'static str, &'static str)> {
    vec![
        // dev ALB group opens 8443 to the internet
        ("SG-001", DEV_ALB_SG),
        // SSH from 0.0.0.0/0 on prod's EKS node group: a CIDR source on an app group ...
        ("SG-002", PROD_NODE_SG),
        // prod Aurora group accepts 5432 from 10.10.0.0/16
        ("SG-003", PROD_AURORA_SG),
        // ... and SSH open to the internet
        ("SG-004", PROD_NODE_SG),
        // staging Aurora group has an egress rule
        ("SG-005", STAGING_AURORA_SG),
    ]
}

fn broken_database() -> Vec<(&'static str, &'static str)> {
    vec![
        // prod Aurora keeps backups 1 day (judged on the cluster; members mirror it)
        ("DB-002", PROD_AURORA),
        // dev Aurora instance is publicly accessible
        ("DB-003", DEV_AURORA_1),
        // staging Aurora storage is not encrypted (judged on the cluster)
        ("DB-004", STAGING_AURORA),
        // dev Aurora runs PostgreSQL 15 (judged on the cluster)
        ("DB-007", DEV_AURORA),
        // prod's newest DR snapshot in us-west-2 is 50 hours old
        ("DB-008", PROD_AURORA),
    ]
}

fn broken_database_resilience() -> Vec<(&'static str, &'static str)> {
    vec![
        // prod Aurora instances all in us-east-1a
        ("DB-001", PROD_AURORA),
        // staging DB subnet group holds an app subnet
        ("DB-005", STAGING_DB_SUBNET_GROUP),
        // prod Aurora without deletion protection (judged on the cluster)
        ("DB-006", PROD_AURORA),
        // prod reader instance without Performance Insights (and none at cluster level)
        ("DB-009", PROD_AURORA_3),
    ]
}

fn broken_load_balancers() -> Vec<(&'static str, &'static str)> {
    vec![
        // internal ALB placed in dev's public subnets
        ("LB-001", DEV_INTERNAL_ALB),
        // staging HTTP:80 listener forwards instead of redirecting
        ("LB-002", STAGING_ALB),
        // prod internet-facing ALB has no WAF web ACL
        ("LB-003", PROD_ALB),
    ]
}

fn broken_eks() -> Vec<(&'static str, &'static str)> {
    vec![
        // staging EKS API endpoint public to 0.0.0.0/0
        ("EKS-001", STAGING_EKS),
        // dev EKS secrets not encrypted with KMS
        ("EKS-002", DEV_EKS),
        // prod EKS logs api only
        ("EKS-003", PROD_EKS),
        // dev EKS on Kubernetes 1.31
        ("EKS-004", DEV_EKS),
        // staging cluster issuer has no IAM OIDC provider
        ("EKS-005", STAGING_EKS),
        // prod EKS cluster runs a staging node group
        ("EKS-006", PROD_EKS),
    ]
}

fn broken_iam() -> Vec<(&'static str, &'static str)> {
    vec![
        // Development account root user has an access key
        ("IAM-001", DEV_ACCOUNT_IAM),
        // Production account passwords may be 8 characters
        ("IAM-002", PROD_ACCOUNT_IAM),
        // dev console user without MFA
        ("IAM-003", DEV_QA_USER),
        // prod CI user with an access key
        ("IAM-004", PROD_CI_USER),
        // dev IRSA role with an inline * on * policy
        ("IAM-005", DEV_IRSA_ROLE),
        // GitHub Actions role open to every repository of the organisation
        ("IAM-006", GITHUB_ROLE),
        // staging IRSA role checks only the audience
        ("IAM-007", STAGING_IRSA_ROLE),
    ]
}

fn broken_accounts() -> Vec<(&'static str, &'static str)> {
    vec![
        // untagged hand-made VPC in the Development account: of no
        // environment, so judged as prod (off prod's plan, no flow log, no
        // endpoints, no subnets)
        ("ACC-002", DEV_CONSOLE_VPC),
        ("ACC-004", DEV_CONSOLE_VPC),
        ("NET-001", DEV_CONSOLE_VPC),
        ("NET-007", DEV_CONSOLE_VPC),
        ("NET-008", DEV_CONSOLE_VPC),
        ("NET-009", DEV_CONSOLE_VPC),
        // Production account's Config recorder stopped in us-west-2
        ("ACC-003", PROD_ACCOUNT),
        // dev EKS node without the Environment tag
        ("ACC-004", DEV_EKS_NODE_B),
    ]
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Scans one fixture with the built-in library; returns the exit code and the report.
fn scan(file: &str) -> (i32, Value) {
    let path = root().join("fixtures/snapshots").join(file);
    let out = Command::cargo_bin("archcheck")
        .unwrap()
        .current_dir(root())
        .env_remove("ARCHCHECK_BUILTIN_POLICIES")
        .args(["scan", "--snapshot"])
        .arg(&path)
        .args(["--format", "json", "--fail-on", "low"])
        .output()
        .expect("archcheck runs");
    let code = out.status.code().expect("archcheck exits");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{file}: exit {code}, the report is not JSON ({e})\nstderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, report)
}

/// (rule ID, resource id) of every finding, with its message for failure output.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["resource"]["id"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Asserts that `file` produces exactly the set `expected` and exits with
/// `code`. A control may report one resource several times (one finding per
/// violation, e.g. LB-001 once per public subnet): the set is what counts.
fn assert_findings(file: &str, expected: &[(&str, &str)], code: i32) {
    let (got_code, report) = scan(file);
    let got = findings(&report);
    let got_set: BTreeSet<(String, String)> = got
        .iter()
        .map(|(r, id, _)| (r.clone(), id.clone()))
        .collect();
    let want: BTreeSet<(String, String)> = expected
        .iter()
        .map(|(r, id)| (r.to_string(), id.to_string()))
        .collect();
    let unexpected: Vec<String> = got
        .iter()
        .filter(|(r, id, _)| !want.contains(&(r.clone(), id.clone())))
        .map(|(r, id, msg)| format!("  {r} {id}\n      {msg}"))
        .collect();
    let missing: Vec<String> = want
        .difference(&got_set)
        .map(|(r, id)| format!("  {r} {id}"))
        .collect();
    assert!(
        unexpected.is_empty() && missing.is_empty(),
        "{file}: findings differ from the expected set\nunexpected:\n{}\nmissing:\n{}",
        unexpected.join("\n"),
        missing.join("\n")
    );
    assert_eq!(got_code, code, "{file}: exit code");
    // Every control judged everything: the fixtures leave nothing unknown.
    for c in report["controls"].as_array().expect("controls is an array") {
        let status = c["status"].as_str().unwrap_or_default();
        assert!(
            matches!(status, "passed" | "failed"),
            "{file}: control {} is {status}, not fully evaluated: {c}",
            c["rule_id"]
        );
    }
}

#[test]
fn reference_follows_document_000() {
    assert_findings("reference.json", &[], 0);
}

#[test]
fn broken_network_fixture() {
    assert_findings("broken-network.json", &broken_network(), 1);
}

#[test]
fn broken_vpc_fixture() {
    assert_findings("broken-vpc.json", &broken_vpc(), 1);
}

#[test]
fn broken_security_groups_fixture() {
    assert_findings("broken-security-groups.json", &broken_security_groups(), 1);
}

#[test]
fn broken_database_fixture() {
    assert_findings("broken-database.json", &broken_database(), 1);
}

#[test]
fn broken_database_resilience_fixture() {
    assert_findings(
        "broken-database-resilience.json",
        &broken_database_resilience(),
        1,
    );
}

#[test]
fn broken_load_balancers_fixture() {
    assert_findings("broken-load-balancers.json", &broken_load_balancers(), 1);
}

#[test]
fn broken_eks_fixture() {
    assert_findings("broken-eks.json", &broken_eks(), 1);
}

#[test]
fn broken_iam_fixture() {
    assert_findings("broken-iam.json", &broken_iam(), 1);
}

#[test]
fn broken_accounts_fixture() {
    assert_findings("broken-accounts.json", &broken_accounts(), 1);
}

/// The shipped files are what generate.py writes, and its expected findings
/// are the ones above. Needs python3; without it the check is skipped.
#[test]
fn fixtures_match_their_generator() {
    let python = match which_python() {
        Some(p) => p,
        None => {
            eprintln!("fixtures_match_their_generator: python3 not found, skipped");
            return;
        }
    };
    let script = root().join("fixtures/generate.py");
    let out_dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(&python)
        .arg("-B")
        .arg(&script)
        .arg("--out")
        .arg(out_dir.path())
        .output()
        .expect("generate.py runs");
    assert!(
        out.status.success(),
        "generate.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shipped = root().join("fixtures/snapshots");
    for entry in std::fs::read_dir(out_dir.path()).unwrap() {
        let name = entry.unwrap().file_name();
        let fresh = std::fs::read_to_string(out_dir.path().join(&name)).unwrap();
        let old = std::fs::read_to_string(shipped.join(&name)).unwrap_or_default();
        assert!(
            fresh == old,
            "fixtures/snapshots/{} is not what fixtures/generate.py writes: run `python3 fixtures/generate.py`",
            Path::new(&name).display()
        );
    }

    let out = std::process::Command::new(&python)
        .arg("-B")
        .arg(&script)
        .arg("--expected")
        .output()
        .expect("generate.py --expected runs");
    assert!(out.status.success(), "generate.py --expected failed");
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    for (file, expected) in variants() {
        let theirs: BTreeSet<(String, String)> = listed[file]
            .as_array()
            .unwrap_or_else(|| panic!("generate.py lists no variant {file}"))
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_string(),
                    p[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let ours: BTreeSet<(String, String)> = expected
            .iter()
            .map(|(r, id)| (r.to_string(), id.to_string()))
            .collect();
        assert_eq!(
            ours, theirs,
            "{file}: tests/scenarios.rs and fixtures/generate.py expect different findings"
        );
    }
    assert_eq!(
        listed.as_object().unwrap().len(),
        variants().len(),
        "generate.py has a variant tests/scenarios.rs does not scan"
    );
}

fn which_python() -> Option<PathBuf> {
    for name in ["python3", "python"] {
        let ok = std::process::Command::new(name)
            .arg("--version")
            .output()
            .map(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("Python 3"))
            .unwrap_or(false);
        if ok {
            return Some(PathBuf::from(name));
        }
    }
    None
}

/// The reference with its accounts mapped (document 000 §1, and the
/// management account named) is still clean; a workload VPC in the
/// management account is an ACC-001 finding on that account.
#[test]
fn management_account_runs_no_workloads() {
    let arch = root().join("fixtures/architectures/reference-accounts.yaml");
    let run = |snapshot: &Path| {
        let out = Command::cargo_bin("archcheck")
            .unwrap()
            .env_remove("ARCHCHECK_BUILTIN_POLICIES")
            .args([
                "scan",
                "--format",
                "json",
                "--fail-on",
                "low",
                "--architecture",
            ])
            .arg(&arch)
            .arg("--snapshot")
            .arg(snapshot)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code().unwrap(), report)
    };
    let reference = root().join("fixtures/snapshots/reference.json");
    let (code, report) = run(&reference);
    assert_eq!(
        report["findings"],
        serde_json::json!([]),
        "reference with accounts mapped"
    );
    assert_eq!(code, 0);

    let mut snapshot: Value =
        serde_json::from_str(&std::fs::read_to_string(&reference).unwrap()).unwrap();
    let mut vpc = snapshot["aws"]["vpcs"][0].clone();
    vpc["id"] = "arn:aws:ec2:us-east-1:000000000000:vpc/vpc-0mgmt".into();
    vpc["native_id"] = "vpc-0mgmt".into();
    vpc["account_id"] = "000000000000".into();
    vpc["arn"] = vpc["id"].clone();
    vpc["name"] = "mgmt-workloads".into();
    vpc["cidr_block"] = "10.99.0.0/16".into();
    snapshot["aws"]["vpcs"].as_array_mut().unwrap().push(vpc);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mgmt.json");
    std::fs::write(&file, serde_json::to_string_pretty(&snapshot).unwrap()).unwrap();
    let (code, report) = run(&file);
    let acc001: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "ACC-001")
        .collect();
    assert_eq!(acc001.len(), 1, "{report:#}");
    assert_eq!(acc001[0]["resource"]["id"], "000000000000");
    assert!(
        acc001[0]["message"].as_str().unwrap().contains("vpc-0mgmt"),
        "{}",
        acc001[0]["message"]
    );
    assert_eq!(code, 1);
}
