//! Waivers end to end: which finding a waiver covers (by ID, ARN glob, tag,
//! environment, account), how waived findings appear in JSON, SARIF and the
//! table, expired and unmatched waivers, inline directives, and every error
//! a waiver file can cause (exit 2, naming file, line and what was expected).

mod gate_common;

use gate_common::*;
use serde_json::{json, Value};

/// Writes the two-leaky-subnet snapshot and a waiver file; scans with it.
fn scan_with(waivers: &str, extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "s.json", &two_leaky());
    write(dir.path(), "w.yaml", waivers);
    let mut args = vec!["--snapshot", "s.json", "--waivers", "w.yaml"];
    args.extend_from_slice(extra);
    let out = scan(dir.path(), &args);
    (dir, out)
}

fn waived(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["waiver"].is_null())
        .map(|f| f["resource"]["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_waiver_by_resource_id_marks_that_finding_only_and_it_no_longer_fails_the_run() {
    let (_d, out) = scan_with(
        "waivers:\n  - rule: NET-003\n    resource: subnet-a\n    reason: accepted by the CISO\n    owner: sec-team\n    expires: 2099-12-31\n",
        &[],
    );
    // subnet-b is still open and critical.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let r = report(&out);
    assert_eq!(waived(&r), vec!["subnet-a"]);
    let w = &finding(&r, "NET-003", "subnet-a")["waiver"];
    assert_eq!(
        w,
        &json!({"reason": "accepted by the CISO", "owner": "sec-team", "expires": "2099-12-31",
                "origin": "w.yaml:2", "kind": "file"})
    );
    assert_eq!(
        r["summary"]["findings"], 2,
        "waived findings stay in the report"
    );
    assert_eq!(r["summary"]["waived"], 1);
    assert_eq!(r["summary"]["open"], 1);
    assert_eq!(r["summary"]["open_by_severity"]["critical"], 1);
    assert_eq!(r["summary"]["by_severity"]["critical"], 2);
    assert_eq!(r["waivers"]["applied_file"], 1);
    assert_eq!(r["waivers"]["unmatched"], json!([]));
    assert_eq!(
        r["summary"]["exit"]["reasons"][0],
        "--fail-on high: 1 unwaived finding(s) at or above high"
    );
}

#[test]
fn waiving_every_finding_makes_the_run_pass() {
    let (_d, out) = scan_with(
        "waivers:\n- rule: NET-*\n  resource: \"arn:*\"\n  reason: never matches\n- rule: net-003\n  resource: \"subnet-*\"\n  reason: migration in progress\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = report(&out);
    assert_eq!(waived(&r), vec!["subnet-a", "subnet-b"]);
    assert_eq!(r["summary"]["exit"], json!({"code": 0, "reasons": []}));
    // The first waiver matched nothing: a warning naming it, and listed in JSON.
    assert!(
        stderr(&out).contains(
            "archcheck: warning: w.yaml:2: the waiver for NET-* on arn:* matched no finding"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(r["waivers"]["unmatched"][0]["origin"], "w.yaml:2");
    assert_eq!(r["waivers"]["unmatched"].as_array().unwrap().len(), 1);
}

#[test]
fn a_waiver_by_tag_covers_only_resources_carrying_the_tag() {
    let (_d, out) = scan_with(
        "waivers:\n  - rule: NET-003\n    tags: {Team: pay*}\n    reason: payments VPC is being rebuilt\n",
        &[],
    );
    assert_eq!(waived(&report(&out)), vec!["subnet-a"]);
}

#[test]
fn environment_and_account_narrow_a_waiver() {
    let w = |env: &str, account: &str| {
        format!(
            "waivers:\n  - rule: NET-003\n    resource: subnet-b\n    environment: {env}\n    account: {account}\n    reason: r\n"
        )
    };
    let (_d, out) = scan_with(&w("prod", "111111111111"), &[]);
    assert_eq!(waived(&report(&out)), vec!["subnet-b"]);
    let (_d, out) = scan_with(&w("staging", "111111111111"), &[]);
    assert!(waived(&report(&out)).is_empty());
    let (_d, out) = scan_with(&w("prod", "\"222222222222\""), &[]);
    assert!(waived(&report(&out)).is_empty());
}

#[test]
fn an_expired_waiver_is_a_finding_of_its_own_and_no_longer_applies() {
    let (_d, out) = scan_with(
        "waivers:\n  # lapsed\n  - rule: NET-003\n    resource: subnet-a\n    reason: temporary\n    owner: net-team\n    expires: 2020-01-31\n",
        &["--fail-on", "none"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = report(&out);
    assert!(waived(&r).is_empty(), "the lapsed waiver covers nothing");
    assert_eq!(
        findings(&r),
        vec![
            ("NET-003".to_string(), "subnet-a".to_string()),
            ("NET-003".to_string(), "subnet-b".to_string()),
            ("WAIVER-EXPIRED".to_string(), "w.yaml:3".to_string()),
        ]
    );
    let e = finding(&r, "WAIVER-EXPIRED", "w.yaml:3");
    assert_eq!(e["severity"], "high");
    assert_eq!(
        e["location"],
        json!({"kind": "snapshot", "file": "w.yaml", "line": 3})
    );
    assert_eq!(
        e["message"],
        "the waiver for NET-003 on subnet-a expired on 2020-01-31, owner net-team (reason: temporary): \
         the findings it covered are reported again"
    );
    assert_eq!(r["waivers"]["expired"][0]["origin"], "w.yaml:3");
    assert_eq!(r["waivers"]["unmatched"], json!([]));
    let control = r["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule_id"] == "WAIVER-EXPIRED")
        .unwrap();
    assert_eq!(control["status"], "failed");
    assert_eq!(r["summary"]["by_severity"]["high"], 1);
}

#[test]
fn waived_findings_are_sarif_suppressions_external_for_the_file_and_in_source_inline() {
    let dir = tempfile::tempdir().unwrap();
    let inline = json!({"kind": "terraform-plan", "file": "main.tf", "line": 12,
                        "address": "aws_subnet.b", "ignore": ["SG-001,NET-003 routed through the inspection VPC"]});
    let snap = leaky(vec![
        subnet("subnet-a", json!({}), None),
        subnet("subnet-b", json!({}), Some(inline)),
    ]);
    write_json(dir.path(), "s.json", &snap);
    write(
        dir.path(),
        "w.yaml",
        "waivers:\n  - rule: NET-003\n    resource: subnet-a\n    reason: accepted\n",
    );
    let out = archcheck()
        .current_dir(dir.path())
        .args(["scan", "--rules", "NET-003", "--format", "sarif", "-q"])
        .args(["--snapshot", "s.json", "--waivers", "w.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_sarif_valid(&log);
    let results: Vec<&Value> = log["runs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["results"].as_array().unwrap())
        .collect();
    let of = |id: &str| {
        results
            .iter()
            .find(|r| r["properties"]["resourceId"] == id)
            .unwrap()["suppressions"]
            .clone()
    };
    assert_eq!(
        of("subnet-a"),
        json!([{"kind": "external", "status": "accepted", "justification": "accepted",
                "properties": {"origin": "w.yaml:2"}}])
    );
    assert_eq!(
        of("subnet-b"),
        json!([{"kind": "inSource", "status": "accepted", "justification": "routed through the inspection VPC",
                "properties": {"origin": "main.tf:12"}}])
    );
}

#[test]
fn inline_directives_waive_their_resource_and_need_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let src = |ignore: &str| json!({"kind": "manifest", "file": "k8s/app.yaml", "line": 4, "ignore": [ignore]});
    let snap = leaky(vec![
        subnet(
            "subnet-a",
            json!({}),
            Some(src("NET-003 accepted until the move")),
        ),
        subnet("subnet-b", json!({}), Some(src("NET-00* another reason"))),
    ]);
    write_json(dir.path(), "s.json", &snap);
    let out = scan(dir.path(), &["--snapshot", "s.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = report(&out);
    assert_eq!(waived(&r), vec!["subnet-a", "subnet-b"]);
    assert_eq!(
        finding(&r, "NET-003", "subnet-a")["waiver"],
        json!({"reason": "accepted until the move", "origin": "k8s/app.yaml:4", "kind": "inline"})
    );
    assert_eq!(r["waivers"]["applied_inline"], 2);

    let snap = leaky(vec![subnet("subnet-a", json!({}), Some(src("NET-003")))]);
    write_json(dir.path(), "s.json", &snap);
    expect_usage_error(
        &scan(dir.path(), &["--snapshot", "s.json"]),
        &["k8s/app.yaml:4: inline waiver on subnet-a: `NET-003` has no reason: expected `NET-003 <why the exception is accepted>`"],
    );
}

#[test]
fn an_inline_directive_for_a_rule_that_did_not_fire_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let src = json!({"kind": "manifest", "file": "app.yaml", "line": 9, "ignore": ["K8S-001 not a workload"]});
    write_json(
        dir.path(),
        "s.json",
        &leaky(vec![subnet("subnet-a", json!({}), Some(src))]),
    );
    let out = scan(dir.path(), &["--snapshot", "s.json", "--fail-on", "none"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains(
            "archcheck: warning: app.yaml:9: the waiver for K8S-001 on subnet-a matched no finding"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_default_waiver_file_is_read_from_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "s.json", &two_leaky());
    write(
        dir.path(),
        ".archcheck/waivers.yaml",
        "waivers:\n  - rule: NET-003\n    resource: \"*\"\n    reason: everything accepted\n",
    );
    let out = scan(dir.path(), &["--snapshot", "s.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = report(&out);
    assert_eq!(r["waivers"]["file"], ".archcheck/waivers.yaml");
    assert_eq!(
        finding(&r, "NET-003", "subnet-b")["waiver"]["origin"],
        ".archcheck/waivers.yaml:2"
    );
}

#[test]
fn the_table_marks_waived_findings_and_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "s.json", &two_leaky());
    write(
        dir.path(),
        "w.yaml",
        "waivers:\n  - rule: NET-003\n    resource: subnet-a\n    reason: accepted by the CISO\n",
    );
    let out = archcheck()
        .current_dir(dir.path())
        .args(["scan", "--rules", "NET-003", "--format", "table", "-q"])
        .args(["--snapshot", "s.json", "--waivers", "w.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let row = text.lines().find(|l| l.contains("subnet-a")).unwrap();
    assert!(
        row.contains("WAIVED (accepted by the CISO): subnet subnet-a"),
        "{text}"
    );
    let row = text.lines().find(|l| l.contains("| subnet-b")).unwrap();
    assert!(!row.contains("WAIVED"), "{text}");
    assert!(
        text.contains("\nwaived: 1 (marked WAIVED; they do not fail the run)\n"),
        "{text}"
    );
}

// ------------------------------------------------------------ bad waiver files

fn expect_waiver_error(yaml: &str, needles: &[&str]) {
    let (_d, out) = scan_with(yaml, &[]);
    expect_usage_error(&out, needles);
}

#[test]
fn an_unknown_key_names_the_file_line_and_the_keys_expected() {
    expect_waiver_error(
        "waivers:\n  - rule: NET-003\n    resource: subnet-a\n    reasn: typo\n",
        &[
            "w.yaml: waivers[0]: unknown field `reasn`, expected one of",
            "line 4 column 5",
        ],
    );
}

#[test]
fn a_missing_reason_is_an_error() {
    expect_waiver_error(
        "waivers:\n  - rule: NET-003\n    resource: subnet-a\n",
        &["w.yaml: waivers[0]: missing field `reason`", "line 2"],
    );
}

#[test]
fn an_empty_reason_is_an_error_naming_the_line() {
    expect_waiver_error(
        "waivers:\n  - rule: NET-003\n    resource: subnet-a\n    reason: ok\n  - rule: NET-003\n    resource: subnet-b\n    reason: \"  \"\n",
        &["w.yaml:5: waivers[1]: `reason` is empty: say why the exception is accepted"],
    );
}

#[test]
fn a_bad_date_says_the_format_expected() {
    expect_waiver_error(
        "waivers:\n  - rule: NET-003\n    resource: subnet-a\n    reason: r\n    expires: 31/12/2026\n",
        &["w.yaml:5:5: waivers[0].expires: `31/12/2026` is not a date: expected YYYY-MM-DD"],
    );
}

#[test]
fn a_waiver_must_say_what_it_waives() {
    expect_waiver_error(
        "waivers:\n  - rule: NET-003\n    reason: r\n",
        &["w.yaml:2: waivers[0]: expected `resource` or `tags` to say what is waived (resource: \"*\" waives NET-003 everywhere)"],
    );
}

#[test]
fn a_bad_glob_is_an_error() {
    expect_waiver_error(
        "waivers:\n  - rule: NET-003\n    resource: \"subnet-[a\"\n    reason: r\n",
        &["w.yaml:2: waivers[0]: `resource`: bad glob"],
    );
}

#[test]
fn a_file_that_is_not_a_waiver_list_is_an_error() {
    expect_waiver_error(
        "- rule: NET-003\n",
        &["w.yaml: invalid type: sequence, expected struct"],
    );
}

#[test]
fn a_missing_waiver_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "s.json", &two_leaky());
    expect_usage_error(
        &scan(
            dir.path(),
            &["--snapshot", "s.json", "--waivers", "nope.yaml"],
        ),
        &["nope.yaml: cannot read:"],
    );
}

#[test]
fn an_account_that_is_not_an_id_is_an_error() {
    expect_waiver_error(
        "waivers:\n  - rule: NET-003\n    resource: subnet-a\n    account: [1, 2]\n    reason: r\n",
        &[
            "w.yaml: waivers[0]: expected an AWS account ID (12 digits)",
            "line 2",
        ],
    );
}

#[test]
fn an_inline_directive_with_a_bad_glob_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let src = json!({"kind": "terraform-plan", "file": "main.tf", "line": 3, "address": "aws_subnet.a",
                     "ignore": ["NET-[003 reason"]});
    write_json(
        dir.path(),
        "s.json",
        &leaky(vec![subnet("subnet-a", json!({}), Some(src))]),
    );
    expect_usage_error(
        &scan(dir.path(), &["--snapshot", "s.json"]),
        &["main.tf:3: inline waiver on aws_subnet.a: `NET-[003`: bad glob"],
    );
}
