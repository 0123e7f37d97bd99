//! Plan benchmark: a large plan made by repeating a real one, scanned the
//! way `archcheck scan --plan` does (read and map the plan, every control of
//! the built-in library, the JSON report).
//!
//! ```text
//! cargo bench --bench plan                      # >= 8,000 instances and >= 12 MB
//! cargo bench --bench plan -- --copies 20       # another size
//! cargo bench --bench plan -- --keep big.json   # also write the plan (for other tools)
//! cargo bench --bench plan -- --runs 9
//! ```
//!
//! The real plan is fixtures/plans/generated/reference.json (the reference
//! environment of fixtures/terraform planned by Terraform 0.15 with the AWS
//! provider 3.39). Copy *k* is the whole plan moved into instance `[k]` of a
//! counted module `env`: every address gets the prefix `module.env[k].`,
//! and the configuration becomes a module call, so references resolve
//! inside each copy as they would in a real plan of that shape.

use archcheck::architecture::Architecture;
use archcheck::collect::terraform;
use archcheck::engine::{PolicyEngine, PolicyLibrary};
use archcheck::report::{emitter, EmitContext, Format};
use archcheck::scan::{scan, ScanOptions};
use serde_json::{json, Map, Value};
use std::time::{Duration, Instant};

const SOURCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/plans/generated/reference.json"
);

/// `module.env[k].` before an address, or before a module address.
fn prefixed(prefix: &str, address: &str) -> String {
    format!("{prefix}.{address}")
}

/// A `planned_values` module moved under `prefix`.
fn move_module(m: &Value, prefix: &str) -> Value {
    let mut out = m.clone();
    let o = out.as_object_mut().unwrap();
    o.insert(
        "address".into(),
        Value::String(match m.get("address").and_then(Value::as_str) {
            Some(a) => prefixed(prefix, a),
            None => prefix.to_string(),
        }),
    );
    if let Some(Value::Array(rs)) = o.get_mut("resources") {
        for r in rs {
            let a = r["address"].as_str().unwrap().to_string();
            r["address"] = Value::String(prefixed(prefix, &a));
        }
    }
    if let Some(Value::Array(cs)) = o.get_mut("child_modules") {
        for c in cs.iter_mut() {
            *c = move_module(c, prefix);
        }
    }
    out
}

/// The configuration module with provider keys as a module call sees them.
fn rekey_config(m: &mut Value, module_key: &str) {
    if let Some(Value::Array(rs)) = m.get_mut("resources") {
        for r in rs {
            if let Some(k) = r.get("provider_config_key").and_then(Value::as_str) {
                let provider = k.rsplit(':').next().unwrap_or(k).to_string();
                r["provider_config_key"] = Value::String(format!("{module_key}:{provider}"));
            }
        }
    }
    if let Some(Value::Object(calls)) = m.get_mut("module_calls") {
        for (name, call) in calls.iter_mut() {
            if let Some(inner) = call.get_mut("module") {
                rekey_config(inner, &format!("{module_key}.{name}"));
            }
        }
    }
}

/// `v` with copy `k`'s addresses: `10.10.…` becomes `10.(10+k).…`.
fn own_range(v: &Value, k: usize) -> Value {
    let cidr = format!("\"10.{}.", 10 + k % 240);
    serde_json::from_str(&v.to_string().replace("\"10.10.", &cidr)).unwrap()
}

/// The plan repeated `copies` times.
fn repeat(plan: &Value, copies: usize) -> Value {
    let root = &plan["planned_values"]["root_module"];
    // Each copy gets its own VPC range (10.10/16 → 10.(10+k)/16), as
    // separate environments would, so NET-007 does not find every pair of
    // copies overlapping.
    let children: Vec<Value> = (0..copies)
        .map(|k| own_range(&move_module(root, &format!("module.env[{k}]")), k))
        .collect();
    let mut changes = Vec::new();
    for k in 0..copies {
        let prefix = format!("module.env[{k}]");
        for rc in plan["resource_changes"].as_array().unwrap() {
            let mut rc = rc.clone();
            let a = rc["address"].as_str().unwrap().to_string();
            rc["address"] = Value::String(prefixed(&prefix, &a));
            rc["module_address"] =
                Value::String(match rc.get("module_address").and_then(Value::as_str) {
                    Some(m) => prefixed(&prefix, m),
                    None => prefix.clone(),
                });
            changes.push(own_range(&rc, k));
        }
    }
    let mut config_root = plan["configuration"]["root_module"].clone();
    rekey_config(&mut config_root, "env");
    let mut call = Map::new();
    call.insert("source".into(), json!("./env"));
    call.insert("count_expression".into(), json!({"constant_value": copies}));
    call.insert("module".into(), config_root);
    json!({
        "format_version": plan["format_version"],
        "terraform_version": plan["terraform_version"],
        "variables": plan["variables"],
        "planned_values": {"root_module": {"resources": [], "child_modules": children}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": plan["configuration"]["provider_config"],
            "root_module": {"module_calls": {"env": Value::Object(call)}}
        }
    })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let source: Value = serde_json::from_str(&std::fs::read_to_string(SOURCE).unwrap()).unwrap();
    let per_copy = source["resource_changes"].as_array().unwrap().len();
    // By default, enough copies for both 8,000 instances and 12 MB.
    let size = |n: usize| serde_json::to_vec(&repeat(&source, n)).unwrap().len();
    let copy_bytes = size(2) - size(1);
    let copies: usize = opt("--copies").map(|c| c.parse().unwrap()).unwrap_or(
        8000_usize
            .div_ceil(per_copy)
            .max(12_000_000_usize.div_ceil(copy_bytes)),
    );
    let runs: usize = opt("--runs").map(|r| r.parse().unwrap()).unwrap_or(5);

    let big = serde_json::to_vec(&repeat(&source, copies)).unwrap();
    let dir = tempfile::Builder::new()
        .prefix("tf-bench-")
        .tempdir()
        .unwrap();
    let path = match opt("--keep") {
        Some(p) => std::path::PathBuf::from(p),
        None => dir.path().join("plan.json"),
    };
    std::fs::write(&path, &big).unwrap();

    let arch = Architecture::builtin();
    let engine = PolicyEngine::new(&PolicyLibrary::builtin(), arch.to_rego_data()).unwrap();
    let rules = engine.rules.clone();
    let mut read = Vec::new();
    let mut total = Vec::new();
    let mut resources = 0;
    let mut findings = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let mut plan = terraform::load(&path).unwrap();
        let t_read = t.elapsed();
        let report = scan(
            &mut plan.snapshot,
            &arch,
            &engine,
            &ScanOptions {
                parallel: true,
                ..Default::default()
            },
        )
        .unwrap();
        let ctx = EmitContext {
            color: false,
            rules: &rules,
            fallback_file: None,
            category: String::new(),
            snapshot: None,
        };
        let mut out = Vec::new();
        emitter(Format::Json).emit(&report, &ctx, &mut out).unwrap();
        total.push(t.elapsed());
        read.push(t_read);
        resources = report.summary.resources;
        findings = report.summary.findings;
    }
    println!(
        "plan: {copies} copies of {SOURCE}: {} instances, {:.1} MB ({})",
        copies * per_copy,
        big.len() as f64 / 1e6,
        path.display()
    );
    println!(
        "scan --plan (median of {runs}, parallel): read+map {:?}, total {:?}; {resources} snapshot resources, {findings} findings",
        median(read),
        median(total)
    );
}
