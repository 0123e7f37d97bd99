//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding (`::error file=…,line=…,title=…::message`).

use super::{EmitContext, Emitter};
use crate::findings::Severity;
use crate::scan::ScanReport;
use std::io::Write;

pub struct GithubEmitter;

/// Escapes a message (data) for a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (file, title) for a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Emitter for GithubEmitter {
    fn emit(
        &self,
        report: &ScanReport,
        ctx: &EmitContext,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        for f in &report.findings {
            let level = match (f.severity, &f.waiver) {
                (_, Some(_)) => "notice",
                (Severity::Critical | Severity::High, None) => "error",
                (Severity::Medium, None) => "warning",
                (Severity::Low | Severity::Info, None) => "notice",
            };
            let waived = f
                .waiver
                .as_ref()
                .map(|w| format!("waived ({}): ", w.reason))
                .unwrap_or_default();
            let mut props = Vec::new();
            if let Some(file) = f.location.file.as_ref().or(ctx.fallback_file.as_ref()) {
                props.push(format!("file={}", escape_property(file)));
                props.push(format!("line={}", f.location.line.unwrap_or(1)));
            }
            props.push(format!(
                "title={}",
                escape_property(&format!("{} {}", f.rule_id, f.title))
            ));
            writeln!(
                out,
                "::{level} {}::{}",
                props.join(","),
                escape_data(&format!(
                    "[{}] {waived}{} Fix: {}",
                    f.severity, f.message, f.remediation
                ))
            )?;
        }
        for c in report
            .controls
            .iter()
            .filter(|c| !c.not_evaluated.is_empty())
        {
            let scopes: Vec<String> = c
                .not_evaluated
                .iter()
                .map(|n| format!("{}: {}", n.scope, n.reason))
                .collect();
            writeln!(
                out,
                "::warning title={}::{}",
                escape_property(&format!("{} not evaluated", c.rule_id)),
                escape_data(&format!(
                    "{} could not be evaluated for: {}",
                    c.rule_id,
                    scopes.join("; ")
                ))
            )?;
        }
        let s = &report.summary;
        writeln!(
            out,
            "::notice title=archcheck::{} findings ({} critical, {} high, {} medium, {} low) in {} resources",
            s.findings,
            s.by_severity[&Severity::Critical],
            s.by_severity[&Severity::High],
            s.by_severity[&Severity::Medium],
            s.by_severity[&Severity::Low],
            s.resources
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
