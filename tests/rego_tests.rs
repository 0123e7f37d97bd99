//! `cargo test` runs the Rego unit tests of the whole library, as
//! `archcheck test` does, and checks the test runner itself.

use archcheck::architecture::Architecture;
use archcheck::engine::testing::{run, Outcome};
use archcheck::engine::{PolicyFile, PolicyLibrary};

#[test]
fn every_rego_test_of_the_library_passes() {
    let library = PolicyLibrary::builtin();
    let (cases, _) = run(&library, Architecture::builtin().to_rego_data(), false).unwrap();
    assert!(cases.len() >= 4, "the library has tests");
    let failed: Vec<String> = cases
        .iter()
        .filter(|c| c.outcome != Outcome::Passed)
        .map(|c| format!("{}:{} {} -> {:?}", c.file, c.line, c.name, c.outcome))
        .collect();
    assert!(
        failed.is_empty(),
        "failing Rego tests:\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_control_has_a_test_file_beside_it() {
    let library = PolicyLibrary::builtin();
    let paths: Vec<&str> = library.files.iter().map(|f| f.path.as_str()).collect();
    for f in &library.files {
        if f.is_test() || f.path.starts_with("policies/lib/") {
            continue;
        }
        let test = f.path.replace(".rego", "_test.rego");
        assert!(paths.contains(&test.as_str()), "{} has no {}", f.path, test);
    }
}

fn library(files: &[(&str, &str)]) -> PolicyLibrary {
    PolicyLibrary {
        files: files
            .iter()
            .map(|(p, t)| PolicyFile {
                path: p.to_string(),
                text: t.to_string(),
            })
            .collect(),
    }
}

#[test]
fn runner_reports_pass_fail_and_error_with_file_and_line() {
    let lib = library(&[(
        "my/p_test.rego",
        "package my.p_test\nimport rego.v1\n\ntest_ok if true\n\ntest_false if false\n\ntest_boom if {\n  x := 1 / 0\n  x > 0\n}\n",
    )]);
    let (cases, _) = run(&lib, Architecture::builtin().to_rego_data(), false).unwrap();
    let got: Vec<(&str, usize, bool)> = cases
        .iter()
        .map(|c| (c.name.as_str(), c.line, c.outcome == Outcome::Passed))
        .collect();
    assert_eq!(
        got,
        vec![
            ("test_ok", 4, true),
            ("test_false", 6, false),
            ("test_boom", 8, false)
        ]
    );
    assert_eq!(cases[1].file, "my/p_test.rego");
}

#[test]
fn coverage_lists_lines_no_test_evaluated() {
    let lib = library(&[
        ("my/p.rego", "package my.p\nimport rego.v1\n\nallow if {\n  input.x == 1\n}\n\nother if {\n  input.y == 2\n}\n"),
        ("my/p_test.rego", "package my.p_test\nimport rego.v1\n\ntest_allow if data.my.p.allow with input as {\"x\": 1}\n"),
    ]);
    let (cases, uncovered) = run(&lib, Architecture::builtin().to_rego_data(), true).unwrap();
    assert!(cases.iter().all(|c| c.outcome == Outcome::Passed));
    let p = uncovered
        .iter()
        .find(|f| f.file == "my/p.rego")
        .expect("coverage of my/p.rego");
    assert!(
        p.not_covered.contains(&9),
        "line 9 (`input.y == 2`) is never evaluated: {:?}",
        p.not_covered
    );
    assert!(
        !p.not_covered.contains(&5),
        "line 5 is evaluated by test_allow"
    );
}
