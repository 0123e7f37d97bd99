//! What the gate adds to a nightly run, on a snapshot file (make a 100k one
//! with `cargo bench --bench scan -- 100k single --runs 1 --keep DIR`):
//!
//! ```sh
//! cargo bench --bench gate -- DIR/snapshot-100k.json [--runs 5]
//! ```
//!
//! Times (median): verifying an evidence content hash (parse as a JSON value,
//! canonicalise, sha256), sealing a collected snapshot, the checked merge of
//! the snapshot with a copy of itself (every resource collides and is
//! compared: the worst case), and applying 200 waivers and a baseline to
//! one finding per resource.

use archcheck::findings::{fingerprint, Finding, Location, ResourceRef, Severity};
use archcheck::gate::baseline::{compare, BaselineFile};
use archcheck::gate::evidence::seal;
use archcheck::gate::inline::ResourceFacts;
use archcheck::gate::waivers::{apply, WaiverSet};
use archcheck::snapshot::evidence::content_sha256;
use archcheck::snapshot::Snapshot;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

/// One NET-003-like finding per resource.
fn findings(snapshot: &Snapshot) -> Vec<Finding> {
    let mut out = Vec::new();
    snapshot.visit(&mut |_, r| {
        let m = r.meta();
        out.push(Finding {
            rule_id: "NET-003".into(),
            severity: Severity::High,
            title: "t".into(),
            message: "m".into(),
            resource: ResourceRef {
                resource_type: m.type_name.into(),
                id: m.id.into(),
                native_id: Some(m.native_id.into()),
                account_id: m.account_id.map(String::from),
                ..Default::default()
            },
            environment: m.environment.unwrap_or("unknown").into(),
            location: Location::default(),
            remediation: String::new(),
            architecture: Default::default(),
            fingerprint: fingerprint("NET-003", m.type_name, m.id, ""),
            waiver: None,
            baseline: None,
            change: None,
        })
    });
    out
}

/// 200 waivers: 100 by resource glob matching nothing, 100 by tag.
fn waivers() -> WaiverSet {
    let mut yaml = String::from("waivers:\n");
    for i in 0..100 {
        yaml.push_str(&format!(
            "  - rule: NET-*\n    resource: \"arn:aws:ec2:*:subnet/subnet-nomatch{i}*\"\n    reason: r\n"
        ));
        yaml.push_str(&format!(
            "  - rule: SG-00?\n    tags: {{Team: \"team-{i}\"}}\n    reason: r\n"
        ));
    }
    WaiverSet::parse(&yaml, "bench.yaml").expect("valid waivers")
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(file) = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
    else {
        eprintln!("usage: cargo bench --bench gate -- SNAPSHOT.json [--runs N]");
        std::process::exit(2);
    };
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let text = std::fs::read_to_string(file).expect("readable snapshot");
    let snapshot = Snapshot::from_json_str(&text, file).expect("valid snapshot");
    let n = snapshot.resource_count();
    println!(
        "{file}: {n} resources, {} MB; median of {runs} runs, ms",
        text.len() / 1_000_000
    );

    let verify = time(runs, || {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        content_sha256(&v)
    });
    println!("verify content hash (parse as value + canonical sha256): {verify:.1}");

    let sealed = time(runs, || {
        let mut s = snapshot.clone();
        seal(&mut s, "2026-01-01T00:00:00Z".into(), Vec::new());
        s
    });
    let clone = time(runs, || snapshot.clone());
    println!(
        "seal (collect's evidence block), clone excluded: {:.1}",
        sealed - clone
    );

    let merged = time(runs, || {
        Snapshot::merge_all([
            ("a".to_string(), snapshot.clone()),
            ("b".to_string(), snapshot.clone()),
        ])
        .unwrap()
    });
    println!(
        "checked merge with an identical copy (every resource compared), clones excluded: {:.1}",
        merged - 2.0 * clone
    );

    let set = waivers();
    let base = findings(&snapshot);
    let facts = ResourceFacts::of(&snapshot, true).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let facts_ms = time(runs, || ResourceFacts::of(&snapshot, true).unwrap());
    let apply_ms = time(runs, || {
        let mut f = base.clone();
        apply(&mut f, Some(&set), &facts, today)
    });
    let clone_f = time(runs, || base.clone());
    println!(
        "waivers: facts (tags, inline) {facts_ms:.1}; 200 waivers over {} findings {:.1}",
        base.len(),
        apply_ms - clone_f
    );

    let baseline = BaselineFile::of(&base);
    let cmp = time(runs, || {
        let mut f = base.clone();
        compare(&mut f, &baseline, "b.json")
    });
    println!(
        "baseline compare ({} findings): {:.1}",
        base.len(),
        cmp - clone_f
    );
}
