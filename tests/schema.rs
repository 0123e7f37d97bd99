//! The published JSON Schemas are generated from the Rust types and must be
//! current. Regenerate with `UPDATE_SCHEMAS=1 cargo test --test schema`.

use archcheck::architecture::Architecture;
use archcheck::snapshot::Snapshot;
use std::path::Path;

fn check(path: &str, schema: serde_json::Value) {
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&file, &text).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        current == text,
        "{path} is out of date with the Rust types: run `UPDATE_SCHEMAS=1 cargo test --test schema`"
    );
}

#[test]
fn snapshot_schema_is_current() {
    check("docs/snapshot.schema.json", Snapshot::json_schema());
}

#[test]
fn architecture_schema_is_current() {
    check("docs/architecture.schema.json", Architecture::json_schema());
}

#[test]
fn schema_command_prints_the_snapshot_schema() {
    let out = assert_cmd::Command::cargo_bin("archcheck")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, Snapshot::json_schema());
    assert_eq!(printed["title"], "Snapshot");
    assert!(printed["properties"]["aws"].is_object());
}
