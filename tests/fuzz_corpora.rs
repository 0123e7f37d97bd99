//! Replays the fuzzers' corpora (fuzz/corpus/<target>/) as ordinary tests:
//! every input the fuzzers kept, crashes they found included once fixed,
//! goes through the same entry point (`archcheck::fuzzing`) without a panic.

mod common;

use std::path::PathBuf;

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = common::root().join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_fuzz_target_has_an_entry_point_and_a_small_corpus() {
    let targets_dir = common::root().join("fuzz/fuzz_targets");
    let mut on_disk: Vec<String> = std::fs::read_dir(&targets_dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = archcheck::fuzzing::TARGETS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "fuzz/fuzz_targets/*.rs and archcheck::fuzzing::TARGETS"
    );
    let manifest = std::fs::read_to_string(common::root().join("fuzz/Cargo.toml")).unwrap();
    for name in &listed {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no [[bin]] {name}"
        );
        let files = corpus(name);
        assert!(files.len() >= 3, "{name}: corpus of {} files", files.len());
        let bytes: u64 = files.iter().map(|f| f.metadata().unwrap().len()).sum();
        assert!(
            bytes <= 512 * 1024,
            "{name}: corpus of {bytes} bytes; minimise it (docs/fuzzing.md)"
        );
    }
}

#[test]
fn every_corpus_file_loads_without_panic() {
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (name, run) in archcheck::fuzzing::TARGETS {
        for file in corpus(name) {
            let bytes = std::fs::read(&file).unwrap();
            // The targets take `&str`: libFuzzer's inputs that are not
            // UTF-8 never reach them, and do not here either.
            let Ok(text) = std::str::from_utf8(&bytes) else {
                continue;
            };
            replayed += 1;
            if std::panic::catch_unwind(|| run(text)).is_err() {
                failures.push(file.display().to_string());
            }
        }
    }
    assert!(failures.is_empty(), "these inputs panic: {failures:#?}");
    assert!(replayed > 0);
}
