//! The limits that keep a run from exhausting memory or time: an input over
//! `--max-input-size` and a policy that loops each fail at once with a clear
//! message and exit code 2.

mod common;

use assert_cmd::Command;

fn archcheck() -> Command {
    let mut c = Command::cargo_bin("archcheck").unwrap();
    c.env_remove("ARCHCHECK_BUILTIN_POLICIES")
        .env_remove("ARCHCHECK_POLICY_TIMEOUT")
        .env("NO_COLOR", "1")
        .current_dir(common::root());
    c
}

fn run(c: &mut Command) -> (Option<i32>, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

const SNAPSHOT: &str = "fixtures/compliant/000.json";

#[test]
fn a_snapshot_over_max_input_size_fails_at_once_with_exit_2() {
    let size = std::fs::metadata(common::root().join(SNAPSHOT))
        .unwrap()
        .len();
    let (code, stdout, stderr) = run(archcheck().args([
        "scan",
        "-q",
        "--snapshot",
        SNAPSHOT,
        "--max-input-size",
        "10KB",
    ]));
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr.trim(),
        format!("archcheck: error: {SNAPSHOT}: the input is larger than --max-input-size ({size} > 10000 bytes)")
    );
    assert!(stdout.is_empty());
    // The same file under a limit it fits in scans.
    let (code, _, stderr) = run(archcheck().args([
        "scan",
        "-q",
        "--snapshot",
        SNAPSHOT,
        "--max-input-size",
        "1MiB",
        "--format",
        "json",
    ]));
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_plan_over_max_input_size_fails_at_once_with_exit_2() {
    let plan = "fixtures/plans/shared/regula_vpc_flow_log_infra.json";
    let (code, _, stderr) =
        run(archcheck().args(["collect", "-q", "--plan", plan, "--max-input-size", "1KB"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{plan}: the input is larger than --max-input-size ("
        )) && stderr.contains(" > 1000 bytes)"),
        "{stderr}"
    );
}

#[test]
fn a_plan_on_standard_input_over_max_input_size_fails_too() {
    let (code, _, stderr) = run(archcheck()
        .args(["collect", "-q", "--plan", "-", "--max-input-size", "100"])
        .write_stdin("x".repeat(500)));
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "archcheck: error: -: the input is larger than --max-input-size (101 > 100 bytes)"
    );
}

#[test]
fn a_bad_max_input_size_is_a_usage_error() {
    let (code, _, stderr) =
        run(archcheck().args(["scan", "--snapshot", SNAPSHOT, "--max-input-size", "10XB"]));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(
            "invalid value '10XB' for '--max-input-size <SIZE>': `10XB`: unknown unit `xb`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_policy_that_loops_is_stopped_by_the_execution_timer() {
    let (code, stdout, stderr) = run(archcheck()
        .env("ARCHCHECK_POLICY_TIMEOUT", "1")
        .args(["scan", "-q", "--snapshot", SNAPSHOT, "--format", "json"])
        .args(["--policies", "fixtures/policies/looping"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.starts_with(
            "archcheck: error: fixtures/policies/looping/loop.rego: evaluating CUS-001 (deny): stopped after 1s, the policy time limit (ARCHCHECK_POLICY_TIMEOUT): does it loop? (execution exceeded time limit"
        ),
        "{stderr}"
    );
}
