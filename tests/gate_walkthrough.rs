//! Runs the README's "Nightly job walkthrough" exactly as written: the
//! `archcheck` commands between `<!-- walkthrough:begin -->` and
//! `<!-- walkthrough:end -->`, in order, each expected to exit 0 unless its
//! line ends with `# exit N`. Then checks what they wrote, so neither the
//! README nor the fixtures can drift.

mod gate_common;

use gate_common::*;
use serde_json::{json, Value};

/// (arguments after `archcheck`, expected exit code) of each command.
fn walkthrough_commands() -> Vec<(Vec<String>, i32)> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- walkthrough:begin -->")
        .expect("README.md has the walkthrough:begin marker");
    let end = readme[start..]
        .find("<!-- walkthrough:end -->")
        .expect("README.md has the walkthrough:end marker");
    readme[start..start + end]
        .lines()
        .filter_map(|l| l.trim().strip_prefix("archcheck "))
        .map(|l| {
            let (command, comment) = l.split_once('#').unwrap_or((l, ""));
            let code = comment
                .trim()
                .strip_prefix("exit ")
                .map_or(0, |c| c.trim().parse().expect("`# exit N`"));
            let args = command.split_whitespace().map(String::from).collect();
            (args, code)
        })
        .collect()
}

#[test]
fn the_readme_walkthrough_works_as_written() {
    let commands = walkthrough_commands();
    assert_eq!(
        commands.len(),
        4,
        "collect, scan json, scan sarif, write baseline"
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink(
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"),
        d.join("fixtures"),
    )
    .unwrap();
    for (args, code) in &commands {
        let out = archcheck()
            .current_dir(d)
            .args(args)
            .arg("-q")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(*code),
            "archcheck {}: {}",
            args.join(" "),
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("warning"),
            "the walkthrough's waivers all match: {}",
            stderr(&out)
        );
    }

    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(d.join(name)).unwrap()).unwrap()
    };
    let evidence = read("evidence.json");
    assert_eq!(
        evidence["evidence"]["accounts"],
        json!(["000000000000", "111111111111", "222222222222"])
    );

    let report = read("report.json");
    let marks: Vec<(String, String, bool)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["baseline"].as_str().unwrap().to_string(),
                !f["waiver"].is_null(),
            )
        })
        .collect();
    let expected: Vec<(String, String, bool)> = [
        ("NET-003", "existing", false),
        ("NET-005", "new", false),
        ("NET-004", "existing", false),
        ("NET-006", "existing", true),
        ("WAIVER-EXPIRED", "new", false),
        ("NET-009", "existing", true),
    ]
    .iter()
    .map(|(r, b, w)| (r.to_string(), b.to_string(), *w))
    .collect();
    assert_eq!(marks, expected);
    let s = &report["summary"];
    assert_eq!(s["waived"], 2);
    assert_eq!(
        s["open_by_severity"],
        json!({"critical": 1, "high": 1, "medium": 0, "low": 0, "info": 0})
    );
    assert_eq!(s["baseline"]["new"], 2);
    assert_eq!(s["baseline"]["resolved"][0]["rule_id"], "NET-007");
    assert_eq!(
        s["exit"]["reasons"],
        json!([
            "--fail-on high: 2 new, unwaived finding(s) at or above high",
            "--fail-on-new: 2 finding(s) not in the baseline"
        ])
    );
    assert_eq!(report["evidence"]["inputs"][0]["file"], "evidence.json");
    assert_eq!(
        report["evidence"]["inputs"][0]["evidence"],
        evidence["evidence"]
    );

    let sarif = read("report.sarif");
    assert_sarif_valid(&sarif);
    let results: Vec<&Value> = sarif["runs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["results"].as_array().unwrap())
        .collect();
    assert_eq!(results.len(), 6);
    let suppressed: Vec<&str> = results
        .iter()
        .filter(|r| r["suppressions"][0]["kind"] == "external")
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(suppressed, vec!["NET-006", "NET-009"]);
    assert!(sarif["runs"][0]["automationDetails"]["id"]
        .as_str()
        .unwrap()
        .starts_with("nightly/111111111111/"));

    let baseline = read("baseline.json");
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 6);
}
