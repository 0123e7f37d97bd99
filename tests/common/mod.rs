//! Helpers shared by integration tests (`mod common;` in a test file).
#![allow(dead_code)]

/// The value of an environment variable that `scripts/setup.d` exports for
/// an external tool or server (moto's URL, kubectl's path, ...).
///
/// Outside `scripts/test` a missing variable skips the test (returns None,
/// with a note on stderr); under `scripts/test`, which sets
/// `ARCHCHECK_REQUIRE_EXTERNAL`, it fails the test: CI never skips silently.
pub fn external(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Some(v),
        _ if std::env::var_os("ARCHCHECK_REQUIRE_EXTERNAL").is_some() => {
            panic!("{var} is not set: scripts/setup.d should have provided it")
        }
        _ => {
            eprintln!("skipped: {var} is not set (run scripts/test to provide it)");
            None
        }
    }
}

/// The crate's root directory.
pub fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
