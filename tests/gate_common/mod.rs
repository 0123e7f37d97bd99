//! Helpers shared by the gate tests (waivers, baselines, evidence, exit
//! switches): a leaky snapshot, running the binary, and error assertions.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn archcheck() -> Command {
    let mut c = Command::cargo_bin("archcheck").unwrap();
    c.env_remove("ARCHCHECK_BUILTIN_POLICIES")
        .env("NO_COLOR", "1");
    c
}

/// A data subnet of the prod VPC, routed to an internet gateway by `rtb-1` (NET-003).
pub fn subnet(id: &str, tags: Value, source: Option<Value>) -> Value {
    let mut s = json!({
        "id": id, "native_id": id, "account_id": "111111111111", "region": "us-east-1",
        "name": format!("prod-private-data-{id}"), "vpc_id": "vpc-1",
        "cidr_block": "10.10.21.0/24", "availability_zone": "us-east-1a", "tags": tags
    });
    if let Some(src) = source {
        s["source"] = src;
    }
    s
}

/// A prod VPC whose data subnets (each `subnets` entry) route 0.0.0.0/0 to
/// an internet gateway: one NET-003 finding (critical) per subnet.
pub fn leaky(subnets: Vec<Value>) -> Value {
    let ids: Vec<Value> = subnets.iter().map(|s| s["id"].clone()).collect();
    json!({
        "schema_version": 1,
        "collected_at": "2026-11-20T06:00:00Z",
        "aws": {
            "vpcs": [{"id": "vpc-1", "native_id": "vpc-1", "account_id": "111111111111", "region": "us-east-1",
                      "name": "prod-vpc", "cidr_block": "10.10.0.0/16", "tags": {"Environment": "prod"}}],
            "subnets": subnets,
            "route_tables": [{"id": "rtb-1", "native_id": "rtb-1", "account_id": "111111111111", "region": "us-east-1",
                              "vpc_id": "vpc-1", "subnet_ids": ids,
                              "routes": [{"destination_cidr_block": "0.0.0.0/0", "target_kind": "igw", "target_id": "igw-1"}]}]
        }
    })
}

/// Two leaky data subnets: `subnet-a` (tag Team=payments) and `subnet-b`.
pub fn two_leaky() -> Value {
    leaky(vec![
        subnet("subnet-a", json!({"Team": "payments"}), None),
        subnet("subnet-b", json!({}), None),
    ])
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

pub fn write_json(dir: &Path, name: &str, v: &Value) -> PathBuf {
    write(dir, name, &serde_json::to_string_pretty(v).unwrap())
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// Runs `archcheck scan --rules NET-003 --format json -q ARGS…` in `dir`.
pub fn scan(dir: &Path, args: &[&str]) -> std::process::Output {
    archcheck()
        .current_dir(dir)
        .args(["scan", "--rules", "NET-003", "--format", "json", "-q"])
        .args(args)
        .output()
        .unwrap()
}

/// The JSON report on standard output.
pub fn report(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not a JSON report ({e}); stderr: {}", stderr(out)))
}

/// (rule, resource id) of every finding, in report order.
pub fn findings(report: &Value) -> Vec<(String, String)> {
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

/// The finding of `rule` on `resource`.
pub fn finding<'a>(report: &'a Value, rule: &str, resource: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == rule && f["resource"]["id"] == resource)
        .unwrap_or_else(|| panic!("no {rule} finding on {resource} in {report:#}"))
}

/// The run failed as a run (exit 2) and said every one of `needles` on standard error.
pub fn expect_usage_error(out: &std::process::Output, needles: &[&str]) {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    for needle in needles {
        assert!(
            stderr(out).contains(needle),
            "expected `{needle}` in: {}",
            stderr(out)
        );
    }
}

/// Validates a SARIF log against the 2.1.0 schema shipped in fixtures/sarif.
pub fn assert_sarif_valid(log: &Value) {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let v = VALIDATOR.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/sarif/sarif-schema-2.1.0.json");
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    });
    let errors: Vec<String> = v
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
}
