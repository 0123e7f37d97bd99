//! `archcheck test`: runs the Rego unit tests (`test_*` rules) like `opa test`.

use super::{new_regorus, packages_by_file, EngineError, PolicyLibrary};
use rayon::prelude::*;
use regorus::Value;
use std::collections::HashMap;

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// The rule was false or undefined.
    Failed,
    /// Evaluation raised an error.
    Error(String),
}

/// One `test_*` rule and its outcome.
#[derive(Debug, Clone)]
pub struct TestCase {
    pub package: String,
    pub name: String,
    pub file: String,
    pub line: usize,
    pub outcome: Outcome,
}

/// Lines of a policy file no test evaluated.
#[derive(Debug, Clone)]
pub struct UncoveredFile {
    pub file: String,
    pub covered: usize,
    pub not_covered: Vec<u32>,
}

/// The `test_*` rules a file declares, with their 1-based lines. A test
/// is a rule whose head starts a line with `test_`.
pub fn find_tests(text: &str) -> Vec<(String, usize)> {
    let mut seen = std::collections::HashSet::new();
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let name: String = line
                .strip_prefix("test_")?
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let name = format!("test_{name}");
            seen.insert(name.clone()).then_some((name, i + 1))
        })
        .collect()
}

/// Runs every test of `library`; with `coverage`, also reports uncovered lines
/// of the non-test files (coverage runs on one thread).
pub fn run(
    library: &PolicyLibrary,
    data: serde_json::Value,
    coverage: bool,
) -> Result<(Vec<TestCase>, Vec<UncoveredFile>), EngineError> {
    let mut engine = new_regorus(library, data)?;
    let package_of: HashMap<String, String> = packages_by_file(library).into_iter().collect();
    let mut cases = Vec::new();
    for f in &library.files {
        let Some(package) = package_of.get(&f.path) else {
            continue;
        };
        for (name, line) in find_tests(&f.text) {
            cases.push(TestCase {
                package: package.clone(),
                name,
                file: f.path.clone(),
                line,
                outcome: Outcome::Failed,
            });
        }
    }
    let eval = |engine: &mut regorus::Engine, case: &TestCase| match engine
        .eval_rule(format!("data.{}.{}", case.package, case.name))
    {
        Ok(Value::Bool(true)) => Outcome::Passed,
        Ok(_) => Outcome::Failed,
        Err(e) => Outcome::Error(e.to_string()),
    };
    if coverage {
        engine.set_enable_coverage(true);
        for case in &mut cases {
            case.outcome = eval(&mut engine, case);
        }
        let report = engine
            .get_coverage_report()
            .map_err(|e| EngineError::Load(format!("coverage: {e}")))?;
        let uncovered = report
            .files
            .into_iter()
            .filter(|f| !f.path.ends_with("_test.rego"))
            .map(|f| UncoveredFile {
                file: f.path,
                covered: f.covered.len(),
                not_covered: f.not_covered.into_iter().collect(),
            })
            .collect();
        Ok((cases, uncovered))
    } else {
        let outcomes: Vec<Outcome> = cases
            .par_iter()
            .map_init(|| engine.clone(), |engine, case| eval(engine, case))
            .collect();
        for (case, outcome) in cases.iter_mut().zip(outcomes) {
            case.outcome = outcome;
        }
        Ok((cases, Vec::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::find_tests;

    #[test]
    fn finds_test_rules_at_line_start_once_each() {
        let text = "package x\ntest_a if {\n  true\n}\n  test_not_at_start if true\ntest_b := true\ntest_a if false\n";
        assert_eq!(
            find_tests(text),
            vec![("test_a".to_string(), 2), ("test_b".to_string(), 6)]
        );
    }
}
