//! The command line end to end: exit codes, formats, and the errors users
//! meet with bad input (each names the file and the place in it, exit 2).

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::PathBuf;

fn archcheck() -> Command {
    let mut c = Command::cargo_bin("archcheck").unwrap();
    c.env_remove("ARCHCHECK_BUILTIN_POLICIES")
        .env("NO_COLOR", "1");
    c
}

/// A prod VPC with one data subnet routed to an internet gateway (NET-003).
fn leaky_snapshot() -> Value {
    json!({
        "schema_version": 1,
        "collected_at": "2026-11-20T06:00:00Z",
        "aws": {
            "vpcs": [{"id": "vpc-1", "native_id": "vpc-1", "account_id": "111111111111", "region": "us-east-1",
                      "name": "prod-vpc", "cidr_block": "10.10.0.0/16", "tags": {"Environment": "prod"}}],
            "subnets": [{"id": "subnet-data-a", "native_id": "subnet-data-a", "account_id": "111111111111",
                         "region": "us-east-1", "name": "prod-private-data-a", "vpc_id": "vpc-1",
                         "cidr_block": "10.10.21.0/24", "availability_zone": "us-east-1a"}],
            "route_tables": [{"id": "rtb-1", "native_id": "rtb-1", "account_id": "111111111111", "region": "us-east-1",
                              "vpc_id": "vpc-1", "subnet_ids": ["subnet-data-a"],
                              "routes": [{"destination_cidr_block": "0.0.0.0/0", "target_kind": "igw", "target_id": "igw-1"}]}]
        }
    })
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// The leaky snapshot, pretty-printed, as `s.json` in `dir`.
fn leaky_file(dir: &tempfile::TempDir) -> PathBuf {
    write(
        dir,
        "s.json",
        &serde_json::to_string_pretty(&leaky_snapshot()).unwrap(),
    )
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// Runs archcheck with `args` followed by one file argument.
fn run(args: &[&str], file: &std::path::Path) -> std::process::Output {
    archcheck().args(args).arg(file).output().unwrap()
}

/// The run failed as a run (exit 2) and said `needle` on standard error.
fn expect_usage_error(out: &std::process::Output, needle: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    assert!(
        stderr(out).contains(needle),
        "expected `{needle}` in: {}",
        stderr(out)
    );
}

#[test]
fn a_finding_at_or_above_fail_on_exits_1_and_none_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let snap = leaky_file(&dir);
    let out = run(
        &[
            "scan",
            "--rules",
            "NET-003",
            "--format",
            "json",
            "--snapshot",
        ],
        &snap,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["report_version"], 1);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f["rule_id"], "NET-003");
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["resource"]["id"], "subnet-data-a");
    assert_eq!(f["resource"]["type"], "aws_subnet");
    assert_eq!(f["environment"], "prod", "environment from the VPC's tag");
    assert_eq!(
        f["message"],
        "subnet subnet-data-a (prod-private-data-a) (data tier, prod-vpc, us-east-1a) routes 0.0.0.0/0 to igw igw-1 via route table rtb-1; data subnets must have no internet route"
    );
    assert_eq!(f["location"]["file"], snap.display().to_string());
    let text = std::fs::read_to_string(&snap).unwrap();
    let id_line = text
        .lines()
        .position(|l| l.trim() == r#""id": "subnet-data-a","#)
        .unwrap()
        + 1;
    assert_eq!(
        f["location"]["line"], id_line,
        "the line of the subnet's id in the snapshot file"
    );
    assert_eq!(f["fingerprint"].as_str().unwrap().len(), 64);

    let out = run(
        &[
            "scan",
            "--rules",
            "NET-003",
            "--format",
            "json",
            "--fail-on",
            "none",
            "--snapshot",
        ],
        &snap,
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn fail_on_critical_still_fails_on_a_critical_finding_but_not_on_a_skipped_rule() {
    let dir = tempfile::tempdir().unwrap();
    let snap = leaky_file(&dir);
    let out = run(
        &[
            "scan",
            "--rules",
            "NET-003",
            "--fail-on",
            "critical",
            "--snapshot",
        ],
        &snap,
    );
    assert_eq!(out.status.code(), Some(1));
    let out = run(
        &[
            "scan",
            "--rules",
            "NET-003",
            "--skip-rules",
            "NET-*",
            "--format",
            "json",
            "--snapshot",
        ],
        &snap,
    );
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"], json!([]));
    assert_eq!(
        report["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule_id"] == "NET-003")
            .unwrap()["status"],
        "skipped"
    );
}

#[test]
fn a_control_disabled_in_the_architecture_file_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let snap = leaky_file(&dir);
    let arch = write(
        &dir,
        "a.yaml",
        "extends: builtin\ncontrols:\n  NET-003: {enabled: false}\n",
    );
    let out = archcheck()
        .args([
            "scan",
            "--rules",
            "NET-003",
            "--format",
            "json",
            "--snapshot",
        ])
        .arg(&snap)
        .arg("--architecture")
        .arg(&arch)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let arch = write(
        &dir,
        "b.yaml",
        "extends: builtin\ncontrols:\n  NET-003: {severity: low}\n",
    );
    let out = archcheck()
        .args([
            "scan",
            "--rules",
            "NET-003",
            "--format",
            "json",
            "--snapshot",
        ])
        .arg(&snap)
        .arg("--architecture")
        .arg(&arch)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "low is below the default --fail-on high"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"][0]["severity"], "low");
}

#[test]
fn a_collection_error_makes_its_controls_not_evaluated_never_passed() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = leaky_snapshot();
    s["aws"]["subnets"] = json!([]);
    s["errors"] = json!([{"source": "live-aws", "service": "ec2", "account_id": "111111111111", "region": "eu-west-1",
                          "operation": "DescribeRouteTables", "message": "AccessDenied: not authorized"}]);
    let snap = write(&dir, "s.json", &s.to_string());
    let out = run(
        &[
            "scan",
            "--rules",
            "NET-003",
            "--format",
            "json",
            "--snapshot",
        ],
        &snap,
    );
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = report["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule_id"] == "NET-003")
        .unwrap();
    assert_eq!(c["rule_id"], "NET-003");
    assert_eq!(c["status"], "not-evaluated");
    assert_eq!(c["not_evaluated"][0]["scope"], "111111111111/eu-west-1");
    assert_eq!(
        c["not_evaluated"][0]["reason"],
        "ec2 DescribeRouteTables failed: AccessDenied: not authorized"
    );
    assert_eq!(
        report["controls"].as_array().unwrap().len(),
        1,
        "controls not named by --rules are not in the run"
    );
    assert_eq!(report["summary"]["controls_not_evaluated"], 1);
    assert_eq!(report["summary"]["controls_passed"], 0);

    let out = run(
        &[
            "scan",
            "--rules",
            "NET-003",
            "--format",
            "table",
            "--snapshot",
        ],
        &snap,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("NOT EVALUATED (1)"), "{text}");
    assert!(
        text.contains("NET-003 in 111111111111/eu-west-1: ec2 DescribeRouteTables failed"),
        "{text}"
    );
}

#[test]
fn table_off_a_terminal_is_plain_text_grouped_by_severity() {
    let dir = tempfile::tempdir().unwrap();
    let snap = leaky_file(&dir);
    let out = run(
        &[
            "scan",
            "--rules",
            "NET-003",
            "--format",
            "table",
            "--snapshot",
        ],
        &snap,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "no colour codes off a terminal");
    assert!(text.starts_with("CRITICAL (1)\n"), "{text}");
    let row = text.lines().find(|l| l.contains("NET-003")).unwrap();
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(&cells[1..4], &["NET-003", "prod", "subnet-data-a"], "{row}");
    assert!(text.contains("1 finding (1 critical) in 3 resources; controls: 0 passed, 1 failed, 0 not evaluated, 0 skipped"), "{text}");
}

#[test]
fn github_annotations_point_at_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let snap = leaky_file(&dir);
    let out = run(
        &[
            "scan",
            "--rules",
            "NET-003",
            "--format",
            "github",
            "--snapshot",
        ],
        &snap,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    let id_line = std::fs::read_to_string(&snap)
        .unwrap()
        .lines()
        .position(|l| l.contains(r#""id": "subnet-data-a""#))
        .unwrap()
        + 1;
    assert!(
        first.starts_with(&format!("::error file={},line={id_line},title=NET-003 Data subnets have no route to the internet::[critical] subnet subnet-data-a", snap.display())),
        "{first}"
    );
}

#[test]
fn junit_has_a_case_per_control_and_environment() {
    let dir = tempfile::tempdir().unwrap();
    let snap = leaky_file(&dir);
    let report = dir.path().join("r.xml");
    let out = archcheck()
        .args(["scan", "--rules", "NET-003", "--snapshot"])
        .arg(&snap)
        .arg("-o")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let xml = std::fs::read_to_string(&report).unwrap();
    assert!(
        xml.contains(
            r#"<testsuites name="archcheck" tests="1" failures="1" errors="0" skipped="0">"#
        ),
        "{xml}"
    );
    assert!(xml.contains(r#"<testcase name="NET-003 Data subnets have no route to the internet [prod]" classname="archcheck.NET">"#), "{xml}");
    assert!(xml.contains(r#"<failure message="1 finding(s) among 1 resources" type="finding">NET-003 [critical] subnet-data-a: "#), "{xml}");
}

#[test]
fn malformed_snapshot_names_file_and_json_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = leaky_snapshot();
    s["aws"]["subnets"][0]["map_public_ip_on_launch"] = json!("yes");
    let snap = write(&dir, "bad.json", &s.to_string());
    let out = run(&["scan", "--snapshot"], &snap);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}: at `aws.subnets[0].map_public_ip_on_launch`: invalid type: string \"yes\", expected a boolean", snap.display())), "{err}");

    let snap = write(
        &dir,
        "syntax.json",
        "{\n  \"schema_version\": 1,\n  \"aws\": {\n}\n",
    );
    let out = run(&["scan", "--snapshot"], &snap);
    expect_usage_error(
        &out,
        &format!("{}: EOF while parsing an object at line 5", snap.display()),
    );

    let snap = write(
        &dir,
        "unknown.json",
        r#"{"schema_version": 1, "aws": {"subnetz": []}}"#,
    );
    let out = run(&["scan", "--snapshot"], &snap);
    expect_usage_error(&out, "at `aws.subnetz`: unknown field `subnetz`");

    let snap = write(&dir, "v2.json", r#"{"schema_version": 2}"#);
    let out = run(&["scan", "--snapshot"], &snap);
    expect_usage_error(
        &out,
        "this archcheck reads schema version 1, the file has 2",
    );

    let out = archcheck()
        .args(["scan", "--snapshot", "/nonexistent/snap.json"])
        .output()
        .unwrap();
    expect_usage_error(&out, "/nonexistent/snap.json: cannot read");
}

#[test]
fn malformed_architecture_file_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let arch = write(
        &dir,
        "arch.yaml",
        "extends: builtin\nparameters:\n  az_count: 2\n  nat_per_zone: true\n",
    );
    let out = run(&["architecture", "check"], &arch);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}: parameters: unknown field `nat_per_zone`",
            arch.display()
        )),
        "{err}"
    );
    assert!(err.contains("at line 4 column 3"), "{err}");

    let arch = write(
        &dir,
        "arch2.yaml",
        "extends: builtin\ncontrols:\n  NET-999: {enabled: false}\n",
    );
    let out = run(&["architecture", "check"], &arch);
    expect_usage_error(&out, "controls: `NET-999` is not a known control");

    let arch = write(
        &dir,
        "arch3.yaml",
        "extends: builtin\ndefault_environment: qa\n",
    );
    let out = run(&["architecture", "check"], &arch);
    expect_usage_error(
        &out,
        "default_environment `qa` is not one of the environments (dev, prod, staging)",
    );
}

#[test]
fn shipped_architecture_files_are_valid() {
    for f in [
        "architectures/builtin.yaml",
        "architectures/001.yaml",
        "architectures/003.yaml",
    ] {
        let out = archcheck()
            .args(["architecture", "check", f])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{f}: {}", stderr(&out));
    }
    let out = archcheck()
        .args(["architecture", "show", "architectures/001.yaml"])
        .output()
        .unwrap();
    let shown: Value = serde_yaml_ng::from_slice(&out.stdout).unwrap();
    assert_eq!(
        shown["parameters_in_force"]["prod"]["backup_retention_days"],
        30
    );
    assert_eq!(
        shown["parameters_in_force"]["dev"]["backup_retention_days"],
        7
    );
    assert_eq!(shown["parameters_in_force"]["dev"]["nat_per_az"], true);
    assert_eq!(
        shown["parameters_in_force"]["prod"]["az_count"], 3,
        "inherited from the built-in file"
    );
}

#[test]
fn broken_policy_names_file_and_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "p/bad.rego",
        "package custom.bad\nimport rego.v1\n\ndeny contains x if {\n  x := \n}\n",
    );
    let snap = leaky_file(&dir);
    let out = archcheck()
        .args(["scan", "--snapshot"])
        .arg(&snap)
        .arg("--policies")
        .arg(dir.path().join("p"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.rego:5"), "{err}");
}

#[test]
fn policy_metadata_is_validated_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let body = |id: &str, sev: &str| {
        format!(
            "package custom.{}\nimport rego.v1\n\nmetadata := {{\"id\": \"{id}\", \"title\": \"t\", \"severity\": \"{sev}\", \"description\": \"d\", \"remediation\": \"r\", \"inputs\": [\"aws.vpcs\"], \"judges\": \"aws.vpcs\"}}\n\ndeny := set()\n",
            id.to_lowercase().replace('-', "_")
        )
    };
    write(&dir, "dup/a.rego", &body("NET-003", "high"));
    let out = archcheck()
        .args(["rules", "--policies"])
        .arg(dir.path().join("dup"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("control ID NET-003 is already declared in policies/network/net_003.rego"),
        "{}",
        stderr(&out)
    );

    write(&dir, "sev/a.rego", &body("ORG-001", "urgent"));
    let out = archcheck()
        .args(["rules", "--policies"])
        .arg(dir.path().join("sev"))
        .output()
        .unwrap();
    expect_usage_error(&out, "metadata at `severity`: unknown variant `urgent`");

    write(&dir, "ok/a.rego", &body("ORG-001", "low"));
    let out = archcheck()
        .args(["rules", "--format", "json", "--policies"])
        .arg(dir.path().join("ok"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rules
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "ORG-001" && r["severity"] == "low"));
}

#[test]
fn bad_flags_exit_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let snap = leaky_file(&dir);
    let out = run(&["scan", "--fail-on", "severe", "--snapshot"], &snap);
    expect_usage_error(&out, "--fail-on: `severe` is not a severity");
    let out = run(&["scan", "--rules", "XYZ-1", "--snapshot"], &snap);
    expect_usage_error(&out, "no control matches `XYZ-1`");
    let out = run(&["scan", "--environment", "qa", "--snapshot"], &snap);
    expect_usage_error(&out, "--environment: `qa` is not an environment");
    let out = archcheck().args(["scan"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "clap usage errors exit 2 too");
}

#[test]
fn test_command_reports_failures_with_file_and_line_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "t/x_test.rego",
        "package x_test\nimport rego.v1\n\ntest_good if true\n\ntest_bad if {\n  1 == 2\n}\n",
    );
    let out = archcheck()
        .args(["test", "--no-builtin"])
        .arg(dir.path().join("t"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "FAIL x_test.test_bad ({}:6)",
            dir.path().join("t/x_test.rego").display()
        )),
        "{text}"
    );
    assert!(text.ends_with("1 passed, 1 failed\n"), "{text}");

    let out = archcheck().arg("test").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn explain_and_rules_describe_the_controls() {
    let out = archcheck().args(["explain", "net-003"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "NET-003: Data subnets have no route to the internet\nseverity: critical\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "\"Private-Data subnets → No default route; VPC endpoints for AWS services\""
        ),
        "{text}"
    );

    let out = archcheck().args(["explain", "NOPE-1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    let out = archcheck()
        .args([
            "rules",
            "--format",
            "json",
            "--architecture",
            "architectures/001.yaml",
        ])
        .output()
        .unwrap();
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rules
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "NET-003" && r["severity"] == "critical"));
}

#[test]
fn sarif_category_prefixes_every_run() {
    let dir = tempfile::tempdir().unwrap();
    let snap = leaky_file(&dir);
    let out = run(
        &[
            "scan",
            "--rules",
            "NET-003",
            "--format",
            "sarif",
            "--sarif-category",
            "archcheck-prod/",
            "--snapshot",
        ],
        &snap,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = sarif["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["automationDetails"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["archcheck-prod/snapshot/"]);
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "NET-003");
}
