//! Evidence: `archcheck collect` records versions, times, accounts, inputs
//! and a content hash that `scan` verifies; `--format json` carries the
//! inputs' evidence; `scan --snapshot a --snapshot b` merges, keeping
//! identical resources once and refusing different copies of one resource.

mod gate_common;

use gate_common::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The content hash as docs/nightly.md defines it, computed independently:
/// sorted keys at every level, no whitespace, without `evidence`.
fn documented_hash(doc: &Value) -> String {
    fn canonical(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    canonical(&m[k], out);
                }
                out.push('}');
            }
            Value::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    canonical(x, out);
                }
                out.push(']');
            }
            other => out.push_str(&serde_json::to_string(other).unwrap()),
        }
    }
    let mut doc = doc.clone();
    doc.as_object_mut().unwrap().remove("evidence");
    let mut text = String::new();
    canonical(&doc, &mut text);
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn collect(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    archcheck()
        .current_dir(dir)
        .args(["collect", "-q"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn collect_writes_evidence_that_scan_verifies_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = write_json(d, "in.json", &two_leaky());
    let out = collect(d, &["--snapshot", "in.json", "-o", "evidence.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(d.join("evidence.json")).unwrap();
    let snap: Value = serde_json::from_str(&text).unwrap();
    let ev = &snap["evidence"];
    assert_eq!(ev["tool_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(ev["policy_library_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(ev["accounts"], json!(["111111111111"]));
    assert_eq!(ev["clusters"], json!([]));
    assert_eq!(ev["resources"], 4);
    let input_hash = hex::encode(Sha256::digest(std::fs::read(&input).unwrap()));
    assert_eq!(
        ev["inputs"],
        json!([{"file": "in.json", "sha256": input_hash}])
    );
    assert!(ev["started_at"].as_str().unwrap() <= ev["finished_at"].as_str().unwrap());
    assert_eq!(ev["content_sha256"], documented_hash(&snap));
    assert_eq!(snap["tool"]["name"], "archcheck");
    assert_eq!(
        snap["collected_at"], "2026-11-20T06:00:00Z",
        "the input's collection time is kept"
    );

    // The scan verifies the hash and carries the evidence into the JSON report.
    let out = scan(d, &["--snapshot", "evidence.json", "--fail-on", "none"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = report(&out);
    let e = &r["evidence"];
    assert_eq!(e["tool_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(e["policy_library_sha256"], ev["policy_library_sha256"]);
    assert_eq!(e["inputs"][0]["file"], "evidence.json");
    assert_eq!(
        e["inputs"][0]["sha256"],
        hex::encode(Sha256::digest(text.as_bytes()))
    );
    assert_eq!(&e["inputs"][0]["evidence"], ev);

    // Re-indenting keeps the hash; changing content breaks it.
    write(d, "compact.json", &serde_json::to_string(&snap).unwrap());
    assert_eq!(
        scan(d, &["--snapshot", "compact.json", "--fail-on", "none"])
            .status
            .code(),
        Some(0)
    );
    let tampered = text.replace("10.10.21.0/24", "10.10.99.0/24");
    write(d, "tampered.json", &tampered);
    expect_usage_error(
        &scan(d, &["--snapshot", "tampered.json"]),
        &[
            "tampered.json: at `evidence.content_sha256`: the content hashes to ",
            "the snapshot was changed after `archcheck collect` wrote it",
        ],
    );
}

#[test]
fn collect_reports_an_unwritable_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_json(d, "a.json", &two_leaky());
    expect_usage_error(
        &collect(d, &["--snapshot", "a.json", "-o", "no/such/dir/e.json"]),
        &["no/such/dir/e.json: cannot write:"],
    );
}

/// One account's snapshot: a VPC, and `extra` subnets.
fn account(id: &str, vpc_cidr: &str) -> Value {
    json!({
        "schema_version": 1,
        "collected_at": "2026-11-20T06:00:00Z",
        "sources": [{"kind": "live-aws", "account_id": id, "regions": ["us-east-1"]}],
        "aws": {
            "vpcs": [{"id": format!("arn:aws:ec2:us-east-1:{id}:vpc/vpc-1"), "native_id": "vpc-1", "account_id": id,
                      "region": "us-east-1", "name": "prod-vpc", "cidr_block": vpc_cidr, "tags": {"Environment": "prod"}}],
            // Organizations lists the management account from every member account.
            "accounts": [{"id": "999999999999", "native_id": "999999999999", "account_id": "999999999999",
                          "region": "global", "alias": "management"}]
        }
    })
}

#[test]
fn merging_snapshots_keeps_identical_resources_once_and_refuses_different_copies() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_json(d, "a.json", &account("111111111111", "10.10.0.0/16"));
    write_json(d, "b.json", &account("222222222222", "10.20.0.0/16"));
    let out = archcheck()
        .current_dir(d)
        .args([
            "collect",
            "-q",
            "--snapshot",
            "a.json",
            "--snapshot",
            "b.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let merged: Value = serde_json::from_slice(&out.stdout).unwrap();
    let vpcs: Vec<&str> = merged["aws"]["vpcs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        vpcs,
        vec![
            "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-1",
            "arn:aws:ec2:us-east-1:222222222222:vpc/vpc-1"
        ]
    );
    assert_eq!(
        merged["aws"]["accounts"].as_array().unwrap().len(),
        1,
        "the identical global object is merged once"
    );
    assert_eq!(merged["sources"].as_array().unwrap().len(), 2);
    assert_eq!(
        merged["evidence"]["accounts"],
        json!(["111111111111", "222222222222", "999999999999"])
    );

    // The same VPC (account, region, id) with another CIDR in a third file.
    let mut clash = account("111111111111", "10.99.0.0/16");
    clash["aws"]["accounts"] = json!([]);
    write_json(d, "c.json", &clash);
    let out = scan(
        d,
        &[
            "--snapshot",
            "a.json",
            "--snapshot",
            "b.json",
            "--snapshot",
            "c.json",
        ],
    );
    expect_usage_error(
        &out,
        &["aws.vpcs `arn:aws:ec2:us-east-1:111111111111:vpc/vpc-1` is in a.json and in c.json with different content \
           (first difference: `cidr_block`)"],
    );
}
