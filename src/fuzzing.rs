//! Entry points of the fuzz targets (`fuzz/`), one function per loader.
//!
//! Each takes any text and must return without panicking: a loader answers
//! bad input with an error, never a crash. `fuzz/fuzz_targets/<name>.rs`
//! calls the function of its name, and `tests/fuzz_corpora.rs` replays every
//! file of `fuzz/corpus/<name>/` through the same function in CI. To add a
//! target: a function here, a row in [`TARGETS`], a file in
//! `fuzz/fuzz_targets/` and its `[[bin]]` block in `fuzz/Cargo.toml`.

use crate::architecture::Architecture;
use crate::normalize::{normalize, NormalizeOptions};
use crate::snapshot::Snapshot;

/// A target's entry point: any text in, no panic out.
pub type Target = fn(&str);

/// Every target by name (the name of its corpus folder and fuzz binary).
pub const TARGETS: &[(&str, Target)] = &[
    ("plan_reader", plan_reader),
    ("snapshot_loader", snapshot_loader),
    ("architecture_loader", architecture_loader),
];

/// The Terraform plan reader, then the normaliser on what it made.
pub fn plan_reader(text: &str) {
    if let Ok(out) = crate::collect::terraform::read_plan(text, "fuzz.json") {
        normalized(out.snapshot);
    }
}

/// The snapshot loader, then the normaliser on what it loaded.
pub fn snapshot_loader(text: &str) {
    if let Ok(snapshot) = Snapshot::from_json_str(text, "fuzz.json") {
        normalized(snapshot);
    }
}

/// The architecture-file loader (`extends` other than `builtin` names a
/// file that does not exist, and is an error).
pub fn architecture_loader(text: &str) {
    if let Ok(arch) = Architecture::from_text(text, "fuzz.yaml", None) {
        let _ = arch.to_rego_data();
    }
}

fn normalized(mut snapshot: Snapshot) {
    normalize(
        &mut snapshot,
        &Architecture::builtin(),
        &NormalizeOptions::default(),
    );
}
