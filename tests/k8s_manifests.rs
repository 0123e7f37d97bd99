//! `--manifests`: the compliant backend namespace of documents 000/001 gives
//! no findings, each broken variant exactly its seeded findings, real
//! manifests written by others are read, findings point at the manifest file
//! and line (SARIF included), credentials never reach the snapshot or the
//! report, and bad input fails with the file and line.

use archcheck::architecture::Architecture;
use archcheck::collect::k8s::manifests::ManifestReader;
use archcheck::engine::{PolicyEngine, PolicyLibrary};
use archcheck::scan::{scan, ScanOptions, ScanReport};
use archcheck::snapshot::Snapshot;
use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/manifests")
        .join(rel)
}

fn read(rel: &str, namespace: Option<&str>) -> Snapshot {
    let mut r = ManifestReader::new(namespace.map(String::from));
    r.read_path(&fixture(rel)).unwrap();
    r.finish().snapshot
}

fn run(snapshot: &mut Snapshot) -> ScanReport {
    let arch = Architecture::builtin();
    let engine = PolicyEngine::new(&PolicyLibrary::builtin(), arch.to_rego_data()).unwrap();
    scan(snapshot, &arch, &engine, &ScanOptions::default()).unwrap()
}

/// (rule, resource id) of every finding.
fn findings(report: &ScanReport) -> BTreeSet<(String, String)> {
    report
        .findings
        .iter()
        .map(|f| (f.rule_id.clone(), f.resource.id.clone()))
        .collect()
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn archcheck() -> Command {
    let mut c = Command::cargo_bin("archcheck").unwrap();
    c.env_remove("ARCHCHECK_BUILTIN_POLICIES")
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// The seeded failures of fixtures/manifests/broken (see the comments there).
pub const BROKEN: &[(&str, &str)] = &[
    ("K8S-001", "manifests/Namespace/payments"),
    ("K8S-002", "manifests/Namespace/payments"),
    ("K8S-003", "manifests/default/Pod/debug"),
    ("K8S-004", "manifests/payments/Deployment/worker"),
    ("K8S-005", "manifests/payments/Deployment/worker"),
    ("K8S-006", "manifests/payments/Deployment/worker"),
    ("K8S-007", "manifests/Namespace/payments"),
    ("K8S-008", "manifests/payments/Deployment/worker"),
    ("K8S-009", "manifests/payments/Deployment/worker"),
    ("K8S-010", "manifests/payments/Service/worker-public"),
    ("K8S-010", "manifests/payments/Service/legacy-lb"),
    ("K8S-010", "manifests/namespace-unknown/Service/node-port"),
    ("K8S-011", "manifests/payments/Deployment/worker"),
    ("K8S-012", "manifests/ClusterRoleBinding/alice-admin"),
];

#[test]
fn the_compliant_backend_namespace_has_no_findings_in_any_environment() {
    let mut s = read("compliant", None);
    assert_eq!(s.k8s.namespaces.len(), 1);
    assert_eq!(s.k8s.workloads.len(), 1);
    assert_eq!(s.k8s.hpas[0].min_replicas, Some(3));
    let report = run(&mut s);
    assert_eq!(findings(&report), BTreeSet::new());
    assert_eq!(report.summary.controls_not_evaluated, 0);
    // prod is stricter (restricted PSA, pinned images): still nothing.
    let out = archcheck()
        .args(["scan", "--manifests", "fixtures/manifests/compliant"])
        .args(["--environment", "prod", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"], serde_json::json!([]));
}

#[test]
fn each_broken_variant_gives_exactly_its_seeded_findings() {
    let mut s = read("broken", None);
    assert_eq!(findings(&run(&mut s)), set(BROKEN));
}

#[test]
fn objects_keep_file_line_and_the_inline_waiver() {
    let s = read("broken", None);
    let lb = s
        .k8s
        .services
        .iter()
        .find(|x| x.name == "legacy-lb")
        .unwrap();
    let src = lb.source.as_ref().unwrap();
    assert!(src.file.as_deref().unwrap().ends_with("broken/waived.yaml"));
    assert_eq!(src.line, Some(1));
    assert_eq!(
        src.ignore,
        vec!["K8S-010 legacy partner endpoint, removed in Q3".to_string()]
    );
    let worker = &s.k8s.workloads.iter().find(|w| w.name == "worker").unwrap();
    assert_eq!(worker.source.as_ref().unwrap().line, Some(9));
    // The List in unscoped.json: its Service item; the ConfigMap is not judged.
    let np = s
        .k8s
        .services
        .iter()
        .find(|x| x.name == "node-port")
        .unwrap();
    assert_eq!(np.namespace, None);
    assert!(np
        .source
        .as_ref()
        .unwrap()
        .file
        .as_deref()
        .unwrap()
        .ends_with("unscoped.json"));
}

#[test]
fn objects_without_a_namespace_go_to_the_namespace_given_never_default() {
    let s = read("real/guestbook-all-in-one.yaml", None);
    assert_eq!(s.k8s.workloads.len(), 3);
    assert!(s.k8s.workloads.iter().all(|w| w.namespace.is_none()));
    assert_eq!(
        s.k8s.workloads[0].id,
        "manifests/namespace-unknown/Deployment/redis-master"
    );
    let s = read("real/guestbook-all-in-one.yaml", Some("shop"));
    assert!(s
        .k8s
        .workloads
        .iter()
        .all(|w| w.namespace.as_deref() == Some("shop")));
    assert_eq!(
        s.k8s.workloads[0].id,
        "manifests/shop/Deployment/redis-master"
    );
}

#[test]
fn real_manifests_written_by_others_give_the_expected_findings() {
    let mut s = read("real", None);
    // 96 namespaces of a real cluster's `kubectl get ns -o json`, coredns from
    // an API server's DeploymentList (items without kind), the guestbook.
    assert_eq!(s.k8s.namespaces.len(), 96);
    assert!(s
        .k8s
        .workloads
        .iter()
        .any(|w| w.id == "manifests/kube-system/Deployment/coredns"));
    let gb = |k: &str, n: &str| format!("manifests/namespace-unknown/{k}/{n}");
    let mut expected = BTreeSet::new();
    for d in ["redis-master", "redis-replica", "frontend"] {
        for rule in ["K8S-004", "K8S-005", "K8S-006", "K8S-009"] {
            expected.insert((rule.to_string(), gb("Deployment", d)));
        }
    }
    for d in ["redis-replica", "frontend"] {
        expected.insert(("K8S-008".into(), gb("Deployment", d)));
    }
    expected.insert(("K8S-010".into(), gb("Service", "frontend")));
    assert_eq!(findings(&run(&mut s)), expected);
}

#[test]
fn sarif_points_each_finding_at_the_manifest_file_and_line() {
    let out = archcheck()
        .args([
            "scan",
            "--manifests",
            "fixtures/manifests/broken",
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_sarif_valid(&log);
    let mut places = BTreeSet::new();
    for run in log["runs"].as_array().unwrap() {
        for r in run["results"].as_array().unwrap() {
            let loc = &r["locations"][0]["physicalLocation"];
            places.insert((
                r["ruleId"].as_str().unwrap().to_string(),
                loc["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                loc["region"]["startLine"].as_u64().unwrap(),
            ));
        }
    }
    let b = |f: &str| format!("fixtures/manifests/broken/{f}");
    let expected: BTreeSet<(String, String, u64)> = [
        ("K8S-001", b("payments.yaml"), 4),
        ("K8S-002", b("payments.yaml"), 4),
        ("K8S-007", b("payments.yaml"), 4),
        ("K8S-004", b("payments.yaml"), 9),
        ("K8S-005", b("payments.yaml"), 9),
        ("K8S-006", b("payments.yaml"), 9),
        ("K8S-008", b("payments.yaml"), 9),
        ("K8S-009", b("payments.yaml"), 9),
        ("K8S-011", b("payments.yaml"), 9),
        ("K8S-010", b("payments.yaml"), 39),
        ("K8S-010", b("waived.yaml"), 1),
        ("K8S-010", b("unscoped.json"), 1),
        ("K8S-012", b("cluster.yaml"), 2),
        ("K8S-003", b("cluster.yaml"), 16),
    ]
    .into_iter()
    .map(|(r, f, l)| (r.to_string(), f, l))
    .collect();
    assert_eq!(places, expected);
}

/// Validates against the SARIF 2.1.0 schema the SARIF tests use.
fn assert_sarif_valid(log: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/sarif/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let v = jsonschema::draft7::options().build(&schema).unwrap();
    let errors: Vec<String> = v.iter_errors(log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

const SECRET_VALUES: &[&str] = &[
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AKIAIOSFODNN7EXAMPLE",
];

#[test]
fn credential_values_never_reach_the_snapshot_or_a_report() {
    let s = read("broken", None);
    let text = serde_json::to_string(&s).unwrap();
    // The names are kept (K8S-011 needs them), the values are not.
    assert!(text.contains("AWS_SECRET_ACCESS_KEY"));
    let env = &s
        .k8s
        .workloads
        .iter()
        .find(|w| w.name == "worker")
        .unwrap()
        .pod
        .containers[0]
        .env;
    assert!(env.iter().all(|e| e.inline_value));
    for format in ["json", "sarif", "table", "github"] {
        let out = archcheck()
            .args([
                "scan",
                "--manifests",
                "fixtures/manifests/broken",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let all = [out.stdout, out.stderr].concat();
        let all = String::from_utf8_lossy(&all);
        for v in SECRET_VALUES {
            assert!(!all.contains(v), "{format} report holds {v}");
            assert!(!text.contains(v), "snapshot holds {v}");
        }
    }
    let out = archcheck()
        .args(["collect", "--manifests", "fixtures/manifests/broken"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = String::from_utf8_lossy(&out.stdout);
    assert!(all.contains("AWS_ACCESS_KEY_ID"));
    for v in SECRET_VALUES {
        assert!(!all.contains(v), "collected snapshot holds {v}");
    }
}

#[test]
fn standard_input_is_read_with_dash_and_the_namespace_flag() {
    let text = std::fs::read_to_string(fixture("real/guestbook-all-in-one.yaml")).unwrap();
    let out = archcheck()
        .args([
            "scan",
            "--manifests",
            "-",
            "--namespace",
            "shop",
            "--format",
            "json",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "K8S-010")
        .unwrap();
    assert_eq!(f["resource"]["id"], "manifests/shop/Service/frontend");
    // Standard input has no file to point at.
    assert_eq!(f["location"], serde_json::json!({"kind": "manifest"}));
}

#[test]
fn non_kubernetes_yaml_is_skipped_with_a_note_under_verbose() {
    let out = archcheck()
        .args([
            "scan",
            "-v",
            "--manifests",
            "fixtures/manifests/broken",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("skipped fixtures/manifests/broken/values.yaml:2: no apiVersion and kind"),
        "{err}"
    );
    assert!(err.contains("kinds not judged: ConfigMap (1)"), "{err}");
}

#[test]
fn bad_yaml_fails_with_exit_2_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("app.yaml");
    std::fs::write(
        &f,
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n# second\napiVersion: v1\nkind: Service\nmetadata: {name: [unclosed\n",
    )
    .unwrap();
    let out = archcheck()
        .args(["scan", "--manifests"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:", f.display())), "{err}");
    assert!(err.contains("not valid YAML"), "{err}");
    let line: usize = err
        .split(&format!("{}:", f.display()))
        .nth(1)
        .and_then(|r| r.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line in {err}"));
    assert!((9..=10).contains(&line), "line {line}: {err}");
    let out = archcheck()
        .args(["scan", "--manifests", "no/such/dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir: cannot read"));
}
