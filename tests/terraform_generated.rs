//! Real plans, generated in the test: the Terraform configurations of
//! fixtures/terraform (document 000's reference environment and broken
//! variants of it) planned by Terraform 0.15 with the AWS provider 3.39
//! against the moto server on 127.0.0.1, then judged by `archcheck scan`
//! with the configuration as `--tf-dir`: each finding's rule, Terraform
//! address and `.tf` file:line; `--changed-only`; inline waiver directives.
//!
//! Needs ARCHCHECK_TERRAFORM, ARCHCHECK_TF_PLUGIN_DIR
//! (scripts/setup.d/40-terraform.sh) and ARCHCHECK_MOTO_URL
//! (scripts/setup.d/20-moto.sh).

mod common;

use archcheck::collect::terraform::{self, config::ConfigIndex, source_map};
use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Copies `from` into `to` (files overwrite).
fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Drops the non-standard `raw_data` objects this Terraform build adds to
/// configuration blocks: real Terraform does not write them.
fn strip_raw_data(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("raw_data");
            m.values_mut().for_each(strip_raw_data);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_raw_data),
        _ => {}
    }
}

fn terraform(dir: &Path, tf: &str, args: &[&str]) -> Vec<u8> {
    let out = std::process::Command::new(tf)
        .args(args)
        .current_dir(dir)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "terraform {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    out.stdout
}

/// The reference configuration with `variant`'s files laid over it,
/// planned: a temporary directory holding the `.tf` files and `plan.json`.
/// None (the test skips) outside scripts/test without the tools.
fn generate(variant: Option<&str>) -> Option<tempfile::TempDir> {
    let tf = common::external("ARCHCHECK_TERRAFORM")?;
    let plugins = common::external("ARCHCHECK_TF_PLUGIN_DIR")?;
    let moto = common::external("ARCHCHECK_MOTO_URL")?;
    assert!(
        moto.starts_with("http://127.0.0.1:"),
        "moto must be on loopback: {moto}"
    );
    let fixtures = common::root().join("fixtures/terraform");
    let dir = tempfile::Builder::new()
        .prefix("tf-plan-")
        .tempdir()
        .unwrap();
    copy_tree(&fixtures.join("reference"), dir.path());
    if let Some(v) = variant {
        copy_tree(&fixtures.join("variants").join(v), dir.path());
    }
    let p = dir.path();
    terraform(
        p,
        &tf,
        &[
            "init",
            "-input=false",
            "-no-color",
            &format!("-plugin-dir={plugins}"),
        ],
    );
    let var = format!("aws_endpoint={moto}");
    terraform(
        p,
        &tf,
        &[
            "plan",
            "-input=false",
            "-no-color",
            "-out=plan.tfplan",
            "-var",
            &var,
        ],
    );
    let shown = terraform(p, &tf, &["show", "-json", "plan.tfplan"]);
    let text = String::from_utf8(shown).unwrap();
    // This build prefixes its output with a stray `o:`.
    let mut plan: Value = serde_json::from_str(text.trim_start_matches("o:")).unwrap();
    strip_raw_data(&mut plan);
    std::fs::write(p.join("plan.json"), serde_json::to_vec(&plan).unwrap()).unwrap();
    Some(dir)
}

/// Rewrites `dir/plan.json` as if everything but `address` were applied:
/// every other resource change becomes a no-op.
fn only_changing(dir: &Path, address: &str) {
    let path = dir.join("plan.json");
    let mut plan: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for rc in plan["resource_changes"].as_array_mut().unwrap() {
        if rc["address"] != address {
            rc["change"]["actions"] = serde_json::json!(["no-op"]);
        }
    }
    std::fs::write(&path, serde_json::to_vec(&plan).unwrap()).unwrap();
}

/// `archcheck scan --plan plan.json --format json ARGS` run in `dir`.
fn scan(dir: &Path, args: &[&str]) -> Value {
    // Without `--plan plan.json` when ARGS name a plan.
    let plan: &[&str] = if args.contains(&"--plan") {
        &[]
    } else {
        &["--plan", "plan.json"]
    };
    let out = Command::cargo_bin("archcheck")
        .unwrap()
        .current_dir(dir)
        .args(["scan", "--format", "json", "--fail-on", "none"])
        .args(plan)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (rule, address, file:line, change) of every finding.
fn findings(report: &Value) -> BTreeSet<(String, String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |v: &Value| v.as_str().unwrap_or("-").to_string();
            (
                s(&f["rule_id"]),
                s(&f["resource"]["address"]),
                format!("{}:{}", s(&f["location"]["file"]), f["location"]["line"]),
                s(&f["change"]),
            )
        })
        .collect()
}

fn expect(rows: &[(&str, &str, &str, &str)]) -> BTreeSet<(String, String, String, String)> {
    rows.iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect()
}

#[test]
fn the_reference_environment_plans_without_findings() {
    let Some(dir) = generate(None) else { return };
    let report = scan(dir.path(), &[]);
    assert_eq!(findings(&report), BTreeSet::new(), "{report:#}");
    assert_eq!(report["summary"]["resources"], 41);
    assert_eq!(report["summary"]["pre_existing"], Value::Null);
}

#[test]
fn broken_database_findings_point_at_the_wrong_arguments() {
    let Some(dir) = generate(Some("broken-database")) else {
        return;
    };
    let report = scan(dir.path(), &[]);
    assert_eq!(
        findings(&report),
        expect(&[
            ("DB-002", "aws_rds_cluster.main", "database.tf:25", "create"),
            (
                "DB-003",
                "aws_rds_cluster_instance.main[1]",
                "database.tf:40",
                "create"
            ),
            ("DB-004", "aws_rds_cluster.main", "database.tf:23", "create"),
        ])
    );

    // The comment above the instances' block is each instance's inline waiver.
    let mut plan = terraform::load(&dir.path().join("plan.json")).unwrap();
    let config = ConfigIndex::load(dir.path()).unwrap();
    source_map::annotate(&mut plan.snapshot, Some(&config), None);
    let instances = &plan.snapshot.aws.rds_instances;
    assert_eq!(instances.len(), 2);
    for i in instances {
        let s = i.source.as_ref().unwrap();
        assert_eq!(
            (s.file.as_deref(), s.line),
            (
                Some(dir.path().join("database.tf").to_str().unwrap()),
                Some(31)
            )
        );
        assert_eq!(
            s.ignore,
            ["DB-009 Performance Insights is billed per instance; on from the next quarter"]
        );
    }
    assert!(plan.snapshot.aws.rds_clusters[0]
        .source
        .as_ref()
        .unwrap()
        .ignore
        .is_empty());
}

#[test]
fn broken_network_findings_point_into_the_module_and_changed_only_keeps_the_new_route() {
    let Some(dir) = generate(Some("broken-network")) else {
        return;
    };
    let d = dir.path().to_str().unwrap().to_string();
    // --tf-dir given explicitly, from another working directory.
    let other = tempfile::Builder::new()
        .prefix("tf-cwd-")
        .tempdir()
        .unwrap();
    std::fs::copy(dir.path().join("plan.json"), other.path().join("plan.json")).unwrap();
    let report = scan(other.path(), &["--tf-dir", &d]);
    let m = |line: u32| format!("{d}/modules/vpc/main.tf:{line}");
    let rows: Vec<(String, String, String)> = (0..3)
        .flat_map(|i| {
            [
                (
                    "NET-003".to_string(),
                    format!("module.network.aws_subnet.data[{i}]"),
                    m(42),
                ),
                (
                    "NET-006".to_string(),
                    format!("module.network.aws_subnet.app[{i}]"),
                    m(34),
                ),
            ]
        })
        .collect();
    let created: Vec<_> = rows
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str(), "create"))
        .collect();
    assert_eq!(findings(&report), expect(&created));

    // The same plan as if everything but the new data route were applied:
    // the route changes the data route table, the cause NET-003 names, so
    // its findings on the untouched data subnets are changed; the public
    // IPs of the app subnets are pre-existing.
    only_changing(dir.path(), "module.network.aws_route.data_vendor");
    let all = scan(dir.path(), &[]);
    let changed = scan(dir.path(), &["--changed-only"]);
    let net003: Vec<_> = (0..3)
        .map(|i| ("NET-003", format!("module.network.aws_subnet.data[{i}]")))
        .collect();
    let rows: Vec<_> = net003
        .iter()
        .map(|(r, a)| (*r, a.as_str(), "modules/vpc/main.tf:42", "update"))
        .collect();
    assert_eq!(findings(&changed), expect(&rows));
    assert_eq!(changed["summary"]["pre_existing"], 3);
    assert_eq!(changed["summary"]["findings"], 3);
    assert_eq!(changed["summary"]["by_severity"]["high"], 0);
    assert_eq!(all["findings"].as_array().unwrap().len(), 6);
    assert_eq!(all["summary"]["pre_existing"], Value::Null);
    let untouched: Vec<_> = all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["change"].is_null())
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(untouched, ["NET-006"; 3]);
}

#[test]
fn broken_security_groups_findings_and_a_same_line_directive() {
    let Some(dir) = generate(Some("broken-security-groups")) else {
        return;
    };
    let report = scan(dir.path(), &[]);
    assert_eq!(
        findings(&report),
        expect(&[
            (
                "SG-002",
                "aws_security_group.app",
                "security_groups.tf:29",
                "create"
            ),
            (
                "SG-003",
                "aws_security_group.db",
                "security_groups.tf:75",
                "create"
            ),
            (
                "SG-004",
                "aws_security_group.app",
                "security_groups.tf:29",
                "create"
            ),
        ])
    );
    // Only the new rule to the db group changes: the group counts as
    // updated, its finding stays; the app group's are pre-existing.
    only_changing(dir.path(), "aws_security_group_rule.db_from_office");
    let changed = scan(dir.path(), &["--changed-only"]);
    assert_eq!(
        findings(&changed),
        expect(&[(
            "SG-003",
            "aws_security_group.db",
            "security_groups.tf:75",
            "update"
        )])
    );
    assert_eq!(changed["summary"]["pre_existing"], 2);

    let mut plan = terraform::load(&dir.path().join("plan.json")).unwrap();
    let config = ConfigIndex::load(dir.path()).unwrap();
    source_map::annotate(&mut plan.snapshot, Some(&config), None);
    let ignores: Vec<(String, Vec<String>)> = plan
        .snapshot
        .aws
        .security_groups
        .iter()
        .map(|g| (g.id.clone(), g.source.as_ref().unwrap().ignore.clone()))
        .filter(|(_, i)| !i.is_empty())
        .collect();
    assert_eq!(
        ignores,
        [(
            "aws_security_group.app".to_string(),
            vec!["SG-004 break-glass SSH, ticket OPS-12".to_string()]
        )]
    );
}

/// Without configuration the findings point at the plan file.
#[test]
fn without_configuration_locations_fall_back_to_the_plan() {
    let Some(dir) = generate(Some("broken-database")) else {
        return;
    };
    let other = tempfile::Builder::new()
        .prefix("tf-cwd-")
        .tempdir()
        .unwrap();
    std::fs::copy(dir.path().join("plan.json"), other.path().join("plan.json")).unwrap();
    let report = scan(other.path(), &[]);
    let files: BTreeSet<String> = findings(&report).into_iter().map(|f| f.2).collect();
    assert_eq!(files, BTreeSet::from(["plan.json:null".to_string()]));
}

/// The reference plan kept in fixtures/plans/generated (the bench's input,
/// raw_data stripped) reads like the freshly generated one: no findings,
/// every resource at its `.tf` line with `--tf-dir`.
#[test]
fn the_kept_reference_plan_has_no_findings_and_every_resource_a_line() {
    let root = common::root();
    let plan = root.join("fixtures/plans/generated/reference.json");
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(!text.contains("raw_data"));
    let mut out = terraform::load(&plan).unwrap();
    let config = ConfigIndex::load(&root.join("fixtures/terraform/reference")).unwrap();
    let done = source_map::annotate(&mut out.snapshot, Some(&config), None);
    assert_eq!((done.located, out.summary.resources), (41, 41));
    let report = scan(&root, &["--plan", plan.to_str().unwrap()]);
    assert_eq!(findings(&report), BTreeSet::new());
}
