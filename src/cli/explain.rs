//! `archcheck explain RULE-ID`.

use super::{load_architecture, load_engine, ExplainArgs, UsageError};

pub fn run(args: ExplainArgs) -> anyhow::Result<i32> {
    let arch = load_architecture(args.library.architecture.as_deref())?;
    let engine = load_engine(&args.library, &arch)?;
    let rule = engine.rule(&args.rule_id).ok_or_else(|| {
        UsageError::new(format!(
            "no control `{}` (see `archcheck rules`)",
            args.rule_id
        ))
    })?;
    let m = &rule.metadata;
    let severity = arch
        .controls
        .get(&m.id)
        .and_then(|c| c.severity)
        .unwrap_or(m.severity);
    println!("{}: {}", m.id, m.title);
    println!("severity: {severity}");
    println!("policy: {} (package {})", rule.file, rule.package);
    println!("\n{}\n", m.description);
    println!("How to fix: {}", m.remediation);
    if !m.architecture.sections.is_empty() {
        println!("\nArchitecture: {}", m.architecture.sections.join(", "));
    }
    if let Some(q) = &m.architecture.quote {
        println!("  \"{q}\"");
    }
    if !m.parameters.is_empty() {
        println!("\nParameters in force ({}):", arch.origin);
        let params = serde_json::to_value(&arch.params)?;
        for p in &m.parameters {
            for env in arch.environments.keys() {
                println!("  {p} [{env}] = {}", params[env][p]);
            }
        }
    }
    println!("\nReads: {}", m.inputs.join(", "));
    Ok(0)
}
