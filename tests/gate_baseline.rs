//! Baselines and the exit switches: `--write-baseline` then `--baseline`
//! marks findings new or existing and lists resolved ones; only new,
//! unwaived findings fail the run; `--fail-on-new` and
//! `--fail-on-not-evaluated`; fingerprints shared by a plan finding and the
//! live finding of the resource it became; bad baseline files.

mod gate_common;

use archcheck::findings::{
    fingerprint, identity, ArchitectureRef, BaselineState, Finding, Location, ResourceRef, Severity,
};
use archcheck::gate::baseline::{compare, BaselineFile};
use gate_common::*;
use serde_json::{json, Value};

fn states(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["resource"]["id"].as_str().unwrap().to_string(),
                f["baseline"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_baseline_marks_findings_new_or_existing_and_lists_resolved_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Night 1: subnet-a and subnet-b leak; accept them as the baseline.
    write_json(d, "s1.json", &two_leaky());
    let out = scan(d, &["--snapshot", "s1.json", "--write-baseline", "b.json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "writing a baseline does not change the verdict"
    );
    let b: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("b.json")).unwrap()).unwrap();
    assert_eq!(b["baseline_version"], 1);
    let mut recorded: Vec<&str> = b["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource_id"].as_str().unwrap())
        .collect();
    recorded.sort();
    assert_eq!(recorded, vec!["subnet-a", "subnet-b"]);
    let first = report(&out);
    assert_eq!(
        b["findings"][0]["fingerprint"].as_str().unwrap().len(),
        64,
        "sha256 hex"
    );

    // Night 2: subnet-b fixed, subnet-c new.
    write_json(
        d,
        "s2.json",
        &leaky(vec![
            subnet("subnet-a", json!({}), None),
            subnet("subnet-c", json!({}), None),
        ]),
    );
    let out = scan(d, &["--snapshot", "s2.json", "--baseline", "b.json"]);
    assert_eq!(out.status.code(), Some(1), "subnet-c is new and critical");
    let r = report(&out);
    assert_eq!(
        states(&r),
        vec![
            ("subnet-a".to_string(), "existing".to_string()),
            ("subnet-c".to_string(), "new".to_string())
        ],
        "the JSON report keeps every finding, marked"
    );
    let fp_b = first["findings"][1]["fingerprint"].clone();
    assert_eq!(
        r["summary"]["baseline"],
        json!({"file": "b.json", "new": 1, "existing": 1,
               "resolved": [{"fingerprint": fp_b, "rule_id": "NET-003", "resource_id": "subnet-b"}]})
    );
    assert_eq!(r["summary"]["open"], 1);
    assert_eq!(
        r["summary"]["exit"]["reasons"],
        json!(["--fail-on high: 1 new, unwaived finding(s) at or above high"])
    );

    // Night 3: only the accepted subnet-a is left: the run passes.
    write_json(
        d,
        "s3.json",
        &leaky(vec![subnet("subnet-a", json!({}), None)]),
    );
    let out = scan(d, &["--snapshot", "s3.json", "--baseline", "b.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        states(&report(&out)),
        vec![("subnet-a".to_string(), "existing".to_string())]
    );
}

#[test]
fn the_table_shows_only_new_findings_with_a_baseline_and_sarif_marks_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_json(
        d,
        "s1.json",
        &leaky(vec![subnet("subnet-a", json!({}), None)]),
    );
    scan(d, &["--snapshot", "s1.json", "--write-baseline", "b.json"]);
    write_json(d, "s2.json", &two_leaky());
    let run = |format: &str| {
        archcheck()
            .current_dir(d)
            .args(["scan", "--rules", "NET-003", "-q", "--format", format])
            .args(["--snapshot", "s2.json", "--baseline", "b.json"])
            .output()
            .unwrap()
    };
    let table = String::from_utf8(run("table").stdout).unwrap();
    assert!(table.contains("| subnet-b"), "{table}");
    assert!(
        !table.contains("| subnet-a"),
        "existing findings are not listed: {table}"
    );
    assert!(
        table.contains(
            "baseline b.json: 1 new, 1 existing (not shown; --format json lists them), 0 resolved"
        ),
        "{table}"
    );
    let log: Value = serde_json::from_slice(&run("sarif").stdout).unwrap();
    assert_sarif_valid(&log);
    // SARIF keeps every result (code scanning would close missing alerts), marked.
    let results = log["runs"][0]["results"].as_array().unwrap();
    let marked: Vec<(&str, &str)> = results
        .iter()
        .map(|r| {
            (
                r["properties"]["resourceId"].as_str().unwrap(),
                r["baselineState"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(marked, vec![("subnet-a", "unchanged"), ("subnet-b", "new")]);
}

#[test]
fn fail_on_new_fails_on_any_new_finding_and_needs_a_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_json(
        d,
        "s1.json",
        &leaky(vec![subnet("subnet-a", json!({}), None)]),
    );
    scan(d, &["--snapshot", "s1.json", "--write-baseline", "b.json"]);
    write_json(d, "s2.json", &two_leaky());
    let args = [
        "--snapshot",
        "s2.json",
        "--baseline",
        "b.json",
        "--fail-on",
        "none",
    ];
    assert_eq!(scan(d, &args).status.code(), Some(0));
    let out = scan(d, &[&args[..], &["--fail-on-new"]].concat());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        report(&out)["summary"]["exit"],
        json!({"code": 1, "reasons": ["--fail-on-new: 1 finding(s) not in the baseline"]})
    );
    // A waived new finding does not count.
    write(
        d,
        "w.yaml",
        "waivers:\n  - rule: NET-003\n    resource: subnet-b\n    reason: accepted\n",
    );
    let out = scan(
        d,
        &[&args[..], &["--fail-on-new", "--waivers", "w.yaml"]].concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let out = scan(d, &["--snapshot", "s2.json", "--fail-on-new"]);
    expect_usage_error(
        &out,
        &[
            "the following required arguments were not provided",
            "--baseline <FILE>",
        ],
    );
}

#[test]
fn fail_on_not_evaluated_fails_when_a_collection_error_left_a_control_blind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // No subnets read in us-east-1, and eu-west-1's route tables unreadable.
    let mut snap = leaky(vec![]);
    snap["errors"] = json!([{"source": "live-aws", "service": "ec2", "account_id": "111111111111",
                             "region": "eu-west-1", "operation": "DescribeRouteTables", "message": "AccessDenied"}]);
    write_json(d, "s.json", &snap);
    let out = scan(d, &["--snapshot", "s.json", "--fail-on", "none"]);
    assert_eq!(out.status.code(), Some(0));
    let r = report(&out);
    assert_eq!(r["summary"]["controls_not_evaluated"], 1);
    let out = scan(
        d,
        &[
            "--snapshot",
            "s.json",
            "--fail-on",
            "none",
            "--fail-on-not-evaluated",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        report(&out)["summary"]["exit"]["reasons"],
        json!(["--fail-on-not-evaluated: 1 control(s) could not be evaluated everywhere"])
    );
}

#[test]
fn a_plan_finding_and_the_live_finding_it_became_share_a_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let addr = "module.net.aws_subnet.data[0]";
    // In the plan the resource's ID is its address; live, its ARN, with the
    // address known from the Terraform state.
    let planned = subnet(
        addr,
        json!({}),
        Some(json!({"kind": "terraform-plan", "file": "plan.json", "address": addr})),
    );
    let mut live = subnet(
        "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-0a1",
        json!({}),
        Some(json!({"kind": "live-aws", "address": addr})),
    );
    live["native_id"] = json!("subnet-0a1");
    write_json(d, "plan.json", &leaky(vec![planned]));
    write_json(d, "live.json", &leaky(vec![live]));
    let out = scan(
        d,
        &["--snapshot", "plan.json", "--write-baseline", "b.json"],
    );
    let fp_plan = report(&out)["findings"][0]["fingerprint"].clone();
    let out = scan(d, &["--snapshot", "live.json", "--baseline", "b.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = report(&out);
    assert_eq!(r["findings"][0]["fingerprint"], fp_plan);
    assert_eq!(r["findings"][0]["baseline"], "existing");
}

fn hand_made(resource_id: &str, address: Option<&str>) -> Finding {
    Finding {
        rule_id: "NET-003".into(),
        severity: Severity::Critical,
        title: "t".into(),
        message: "m".into(),
        resource: ResourceRef {
            resource_type: "aws_subnet".into(),
            id: resource_id.into(),
            address: address.map(String::from),
            ..Default::default()
        },
        environment: "prod".into(),
        location: Location::default(),
        remediation: String::new(),
        architecture: ArchitectureRef::default(),
        fingerprint: fingerprint("NET-003", "aws_subnet", identity(resource_id, address), ""),
        waiver: None,
        baseline: None,
        change: None,
    }
}

#[test]
fn the_fingerprint_rule_prefers_the_address_in_hand_made_reports() {
    let addr = "aws_subnet.data";
    let plan = vec![hand_made(addr, Some(addr))];
    let baseline = BaselineFile::of(&plan);
    let mut live = vec![
        hand_made("arn:aws:ec2:us-east-1:1:subnet/subnet-1", Some(addr)),
        // Unmapped live resource: its ID is its identity, so it is new.
        hand_made("arn:aws:ec2:us-east-1:1:subnet/subnet-2", None),
    ];
    let summary = compare(&mut live, &baseline, "b.json");
    assert_eq!(live[0].baseline, Some(BaselineState::Existing));
    assert_eq!(live[1].baseline, Some(BaselineState::New));
    assert_eq!((summary.new, summary.existing), (1, 1));
    assert!(summary.resolved.is_empty());
}

#[test]
fn bad_baseline_files_name_the_file_and_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_json(d, "s.json", &two_leaky());
    let cases: [(&str, &[&str]); 4] = [
        (
            r#"{"baseline_version": 1, "created_at": "x", "tool_version": "0", "findings": [{"fingerprint": "f"}]}"#,
            &[
                "b.json: at `findings[0]`: missing field `rule_id`",
                "expected a baseline written by `archcheck scan --write-baseline`",
            ],
        ),
        (
            r#"{"baseline_version": 2, "created_at": "x", "tool_version": "0", "findings": []}"#,
            &["b.json: at `baseline_version`: this archcheck reads version 1, the file has 2"],
        ),
        (
            r#"{"baseline_version": 1, "created_at": "x", "tool_version": "0", "findings": [], "extra": 1}"#,
            &["b.json: at `extra`: unknown field `extra`"],
        ),
        ("not json", &["b.json: expected ident at line 1 column 2"]),
    ];
    for (text, needles) in cases {
        write(d, "b.json", text);
        expect_usage_error(
            &scan(d, &["--snapshot", "s.json", "--baseline", "b.json"]),
            needles,
        );
    }
    expect_usage_error(
        &scan(d, &["--snapshot", "s.json", "--baseline", "missing.json"]),
        &["missing.json: cannot read:"],
    );
    expect_usage_error(
        &scan(
            d,
            &[
                "--snapshot",
                "s.json",
                "--write-baseline",
                "no/such/dir/b.json",
            ],
        ),
        &["no/such/dir/b.json: cannot write:"],
    );
}

#[test]
fn scan_help_lists_the_switches_and_the_exit_codes() {
    let out = archcheck().args(["scan", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--waivers <FILE>",
        "--baseline <FILE>",
        "--write-baseline <FILE>",
        "--fail-on-new",
        "--fail-on-not-evaluated",
        "Exit codes: 0 the run passed; 1 a switch tripped",
        "2 the run failed",
    ] {
        assert!(help.contains(needle), "`{needle}` missing from:\n{help}");
    }
}
