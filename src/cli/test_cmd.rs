//! `archcheck test`: the Rego unit tests, like `opa test`.

use super::{load_architecture, TestArgs, UsageError};
use crate::engine::testing::{self, Outcome};
use crate::engine::PolicyLibrary;

pub fn run(args: TestArgs) -> anyhow::Result<i32> {
    let arch = load_architecture(args.architecture.as_deref())?;
    let mut library = if args.no_builtin {
        PolicyLibrary::default()
    } else {
        PolicyLibrary::builtin()
    };
    if args.no_builtin {
        // User tests still need the shared helpers.
        library.files.extend(
            PolicyLibrary::builtin()
                .files
                .into_iter()
                .filter(|f| f.path.starts_with("policies/lib/")),
        );
    }
    for dir in &args.dirs {
        library.add_dir(dir).map_err(UsageError)?;
    }
    let (cases, uncovered) = testing::run(&library, arch.to_rego_data(), args.coverage)
        .map_err(|e| UsageError(e.to_string()))?;
    let mut failed = 0;
    for c in &cases {
        match &c.outcome {
            Outcome::Passed => {
                if args.verbose {
                    println!("PASS {} ({}:{})", c.name, c.file, c.line);
                }
            }
            Outcome::Failed => {
                failed += 1;
                println!("FAIL {}.{} ({}:{})", c.package, c.name, c.file, c.line);
            }
            Outcome::Error(e) => {
                failed += 1;
                println!(
                    "ERROR {}.{} ({}:{}): {e}",
                    c.package, c.name, c.file, c.line
                );
            }
        }
    }
    if args.coverage {
        println!("\nCOVERAGE (lines of policy files no test evaluated)");
        for f in &uncovered {
            let total = f.covered + f.not_covered.len();
            let pct = if total == 0 {
                100.0
            } else {
                100.0 * f.covered as f64 / total as f64
            };
            if f.not_covered.is_empty() {
                println!("  {:>5.1}% {}", pct, f.file);
            } else {
                let lines: Vec<String> = f.not_covered.iter().map(u32::to_string).collect();
                println!(
                    "  {:>5.1}% {} (uncovered lines: {})",
                    pct,
                    f.file,
                    lines.join(", ")
                );
            }
        }
    }
    println!("{} passed, {} failed", cases.len() - failed, failed);
    if cases.is_empty() {
        eprintln!("archcheck test: no test_* rules found");
    }
    Ok(if failed > 0 { 1 } else { 0 })
}
