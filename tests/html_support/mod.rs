//! Shared by the HTML report tests: scan a snapshot in-process with the
//! built-in architecture and policies and render the page.
#![allow(dead_code)]

use archcheck::architecture::Architecture;
use archcheck::engine::{PolicyEngine, PolicyLibrary};
use archcheck::report::{emitter, EmitContext, Format};
use archcheck::scan::{scan, ScanOptions, ScanReport};
use archcheck::snapshot::Snapshot;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The shipped snapshot fixtures (fixtures/snapshots/README.md).
pub const FIXTURES: [&str; 10] = [
    "reference",
    "broken-accounts",
    "broken-database-resilience",
    "broken-database",
    "broken-eks",
    "broken-iam",
    "broken-load-balancers",
    "broken-network",
    "broken-security-groups",
    "broken-vpc",
];

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn engine() -> &'static (Architecture, PolicyEngine) {
    static ENGINE: OnceLock<(Architecture, PolicyEngine)> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let arch = Architecture::builtin();
        let engine = PolicyEngine::new(&PolicyLibrary::builtin(), arch.to_rego_data()).unwrap();
        (arch, engine)
    })
}

/// A shipped snapshot fixture as JSON, to change before rendering.
pub fn fixture(name: &str) -> Value {
    let path = root()
        .join("fixtures/snapshots")
        .join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

pub struct Rendered {
    pub html: String,
    pub report: ScanReport,
    pub snapshot: Snapshot,
}

/// Scans `snapshot`, lets `adjust` change the report (waivers, baseline),
/// and renders it.
pub fn render_with(snapshot: Value, adjust: impl FnOnce(&mut ScanReport)) -> Rendered {
    let (arch, engine) = engine();
    let mut snapshot: Snapshot =
        Snapshot::from_json_str(&snapshot.to_string(), "test snapshot").unwrap();
    let mut report = scan(&mut snapshot, arch, engine, &ScanOptions::default()).unwrap();
    adjust(&mut report);
    let ctx = EmitContext {
        color: false,
        rules: &engine.rules,
        fallback_file: None,
        category: "archcheck".into(),
        snapshot: Some(&snapshot),
    };
    let mut out = Vec::new();
    emitter(Format::Html).emit(&report, &ctx, &mut out).unwrap();
    Rendered {
        html: String::from_utf8(out).unwrap(),
        report,
        snapshot,
    }
}

pub fn render(snapshot: Value) -> Rendered {
    render_with(snapshot, |_| {})
}

/// The page of a shipped fixture.
pub fn render_fixture(name: &str) -> Rendered {
    render(fixture(name))
}

/// `id` as it appears in an attribute of the page.
pub fn attr(id: &str) -> String {
    archcheck::report::html::esc(id)
}

/// The opening tag of the element whose `data-res` is `id` and whose class
/// starts with `class` (the SVG `<g>` of a subnet, a namespace card, …).
pub fn tag_of<'h>(html: &'h str, class: &str, id: &str) -> Option<&'h str> {
    let needle = format!(r#"data-res="{}""#, attr(id));
    html.match_indices(&needle).find_map(|(i, _)| {
        let start = html[..i].rfind('<')?;
        let tag = &html[start..i + needle.len()];
        tag.contains(&format!(r#"class="{class}"#)).then_some(tag)
    })
}

/// Keeps a page under the target directory (`$CARGO_TARGET_TMPDIR/html-report/`)
/// for people to open.
pub fn keep(name: &str, html: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-report");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.html")), html).unwrap();
}
