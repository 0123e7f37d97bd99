//! The Terraform gate options on fixed inputs: `--tf-state` (live findings
//! on the `.tf` line, in JSON, SARIF and GitHub annotations), module
//! directories from `.terraform/modules/modules.json`, and the errors bad
//! state or configuration files give.

use archcheck::collect::terraform::config::ConfigIndex;
use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn archcheck(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("archcheck")
        .unwrap()
        .current_dir(root())
        .args(args)
        .output()
        .unwrap()
}

const LIVE: &[&str] = &[
    "scan",
    "--snapshot",
    "fixtures/snapshots/broken-database.json",
    "--tf-state",
    "fixtures/terraform/state/prod-database.json",
    "--tf-dir",
    "fixtures/terraform/reference",
    "--fail-on",
    "none",
];

#[test]
fn live_findings_point_at_the_tf_line_of_the_state_address() {
    let out = archcheck(&[LIVE, &["--format", "json"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let located: BTreeSet<(String, String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["resource"]["address"].is_null())
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource"]["id"].as_str().unwrap().to_string(),
                f["resource"]["address"].as_str().unwrap().to_string(),
                format!(
                    "{}:{}",
                    f["location"]["file"].as_str().unwrap(),
                    f["location"]["line"]
                ),
            )
        })
        .collect();
    let cluster = "arn:aws:rds:us-east-1:111111111111:cluster:prod-aurora";
    let db = "fixtures/terraform/reference/database.tf";
    let expected: BTreeSet<_> = [
        ("DB-002", format!("{db}:25")),
        ("DB-008", format!("{db}:13")),
    ]
    .into_iter()
    .map(|(r, at)| {
        (
            r.to_string(),
            cluster.to_string(),
            "aws_rds_cluster.main".to_string(),
            at,
        )
    })
    .collect();
    assert_eq!(located, expected);
    // A live scan has no plan: no finding carries a plan action.
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["change"].is_null()));
}

#[test]
fn sarif_github_and_table_use_the_tf_line() {
    let out = archcheck(&[LIVE, &["--format", "sarif", "--rules", "DB-002"]].concat());
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let located: Vec<(String, u64)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let p = &r["locations"][0]["physicalLocation"];
            (
                p["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                p["region"]["startLine"].as_u64().unwrap_or(0),
            )
        })
        .filter(|(uri, _)| uri.ends_with(".tf"))
        .collect();
    assert_eq!(
        located,
        [("fixtures/terraform/reference/database.tf".to_string(), 25)]
    );

    let out = archcheck(&[LIVE, &["--format", "github", "--rules", "DB-002"]].concat());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(".tf,")).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].contains("file=fixtures/terraform/reference/database.tf,line=25"),
        "{}",
        lines[0]
    );

    let out = archcheck(&[LIVE, &["--format", "table", "--rules", "DB-002"]].concat());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("fixtures/terraform/reference/database.tf:25"),
        "{text}"
    );
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn downloaded_modules_are_found_through_the_module_manifest() {
    let dir = tempfile::Builder::new()
        .prefix("tf-modules-")
        .tempdir()
        .unwrap();
    let d = dir.path();
    write(
        d,
        "main.tf",
        "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.8.1\"\n}\n\nmodule \"local\" {\n  source = \"./local\"\n}\n",
    );
    write(
        d,
        ".terraform/modules/modules.json",
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Version":"5.8.1","Dir":".terraform/modules/vpc"}]}"#,
    );
    write(
        d,
        ".terraform/modules/vpc/main.tf",
        "locals {\n  len = 3\n}\n\nresource \"aws_subnet\" \"private\" {\n  count      = local.len\n  cidr_block = \"10.0.${count.index}.0/24\"\n\n  map_public_ip_on_launch = false\n}\n\nmodule \"flow\" {\n  source = \"./modules/flow\"\n}\n",
    );
    write(
        d,
        ".terraform/modules/vpc/modules/flow/main.tf",
        "\n\nresource \"aws_flow_log\" \"this\" {\n  traffic_type = \"ALL\"\n}\n",
    );
    write(
        d,
        "local/x.tf",
        "resource \"aws_vpc\" \"this\" {\n  for_each   = toset([\"a\"])\n  cidr_block = \"10.1.0.0/16\"\n}\n",
    );
    let index = ConfigIndex::load(d).unwrap();
    let at = |a: &str| {
        index.locate(a).map(|b| {
            let f = Path::new(&b.file)
                .strip_prefix(d)
                .unwrap()
                .display()
                .to_string();
            (f, b.line, b.line_of(&["map_public_ip_on_launch"]))
        })
    };
    assert_eq!(
        at("module.vpc.aws_subnet.private[2]"),
        Some((".terraform/modules/vpc/main.tf".into(), 5, 9))
    );
    assert_eq!(
        at("module.vpc.module.flow.aws_flow_log.this"),
        Some((".terraform/modules/vpc/modules/flow/main.tf".into(), 3, 3))
    );
    assert_eq!(
        at("module.local.aws_vpc.this[\"a\"]"),
        Some(("local/x.tf".into(), 1, 1))
    );
    assert_eq!(at("aws_vpc.this"), None);
    assert_eq!(at("module.vpc.aws_subnet.public[0]"), None);
    assert_eq!(index.len(), 3);
}

fn usage_error(args: &[&str]) -> String {
    let out = archcheck(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn bad_state_and_configuration_files_are_usage_errors() {
    let dir = tempfile::Builder::new()
        .prefix("tf-bad-")
        .tempdir()
        .unwrap();
    let d = dir.path();
    let snap = root().join("fixtures/snapshots/broken-database.json");
    let snap = snap.to_str().unwrap();

    write(
        d,
        "broken.json",
        "{\"format_version\": \"1.0\", \"values\": ",
    );
    let f = d.join("broken.json");
    let err = usage_error(&[
        "scan",
        "--snapshot",
        snap,
        "--tf-state",
        f.to_str().unwrap(),
    ]);
    assert!(
        err.contains("broken.json: line 1, column") && err.contains("on a state"),
        "{err}"
    );

    let plan = root().join("fixtures/plans/shared/regula_vpc_flow_log_infra.json");
    let err = usage_error(&[
        "scan",
        "--snapshot",
        snap,
        "--tf-state",
        plan.to_str().unwrap(),
    ]);
    assert!(err.contains("this is a plan, not a state"), "{err}");

    write(
        d,
        "tf/main.tf",
        "resource \"aws_vpc\" \"a\" {\n  cidr_block = \n}\n",
    );
    let state = root().join("fixtures/terraform/state/prod-database.json");
    let tf = d.join("tf");
    let err = usage_error(&[
        "scan",
        "--snapshot",
        snap,
        "--tf-state",
        state.to_str().unwrap(),
        "--tf-dir",
        tf.to_str().unwrap(),
    ]);
    assert!(
        err.contains("main.tf: line 2, column 16: invalid expression"),
        "{err}"
    );

    let err = usage_error(&[
        "scan",
        "--snapshot",
        snap,
        "--tf-dir",
        d.join("none").to_str().unwrap(),
    ]);
    assert!(err.contains("not a directory"), "{err}");

    let err = usage_error(&["scan", "--snapshot", snap, "--changed-only"]);
    assert!(err.contains("--changed-only needs a plan"), "{err}");
}

/// The default `--tf-dir` (the working directory) was not asked for: a file
/// there that does not parse is a warning, and findings keep the plan file.
#[test]
fn a_bad_tf_file_in_the_working_directory_is_only_a_warning() {
    let dir = tempfile::Builder::new()
        .prefix("tf-cwd-")
        .tempdir()
        .unwrap();
    let d = dir.path();
    write(d, "main.tf", "resource \"a\" \"b\" {\n  x = \n}\n");
    let plan = root().join("fixtures/plans/hand-written/hand-written-count.json");
    let out = Command::cargo_bin("archcheck")
        .unwrap()
        .current_dir(d)
        .args([
            "scan",
            "--plan",
            plan.to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "none",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("warning: main.tf: line 2, column 7"), "{err}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, BTreeSet::from([plan.to_str().unwrap()]));
}
