//! `--format table`: findings grouped by severity, then the controls that
//! could not be evaluated, then a summary line. Colour only on a terminal.

use super::{EmitContext, Emitter};
use crate::findings::{ControlStatus, Severity};
use crate::scan::ScanReport;
use comfy_table::{presets, Cell, Color, ContentArrangement, Table};
use std::io::Write;

pub struct TableEmitter;

fn colour(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Magenta,
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Blue,
        Severity::Info => Color::Grey,
    }
}

impl Emitter for TableEmitter {
    fn emit(
        &self,
        report: &ScanReport,
        ctx: &EmitContext,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        // Plans: the action on each finding's evidence (create/update/replace).
        let changes = report.findings.iter().any(|f| f.change.is_some());
        for sev in Severity::ALL {
            let group: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.severity == sev)
                .collect();
            if group.is_empty() {
                continue;
            }
            writeln!(out, "{} ({})", sev.as_str().to_uppercase(), group.len())?;
            let mut table = Table::new();
            table
                .load_preset(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(160)
                .set_header(if changes {
                    vec!["Rule", "Env", "Resource", "Change", "Finding"]
                } else {
                    vec!["Rule", "Env", "Resource", "Finding"]
                });
            if !ctx.color {
                table.force_no_tty().load_preset(presets::ASCII_MARKDOWN);
            }
            for f in group {
                let rule = Cell::new(&f.rule_id);
                let rule = if ctx.color {
                    rule.fg(colour(sev))
                } else {
                    rule
                };
                let resource = f
                    .resource
                    .address
                    .clone()
                    .or_else(|| f.resource.native_id.clone())
                    .unwrap_or_else(|| f.resource.id.clone());
                let message = match &f.waiver {
                    Some(w) => format!("WAIVED ({}): {}", w.reason, f.message),
                    None => f.message.clone(),
                };
                // With --tf-dir, the `.tf` line below the address.
                let resource = match (&f.location.file, f.location.line) {
                    (Some(file), Some(line)) if file.ends_with(".tf") => {
                        format!("{resource}\n{file}:{line}")
                    }
                    _ => resource,
                };
                let mut row = vec![rule, Cell::new(&f.environment), Cell::new(resource)];
                if changes {
                    row.push(Cell::new(f.change.as_deref().unwrap_or("-")));
                }
                row.push(Cell::new(message));
                table.add_row(row);
            }
            writeln!(out, "{table}\n")?;
        }
        let not_evaluated: Vec<_> = report
            .controls
            .iter()
            .filter(|c| {
                matches!(
                    c.status,
                    ControlStatus::NotEvaluated | ControlStatus::Partial
                )
            })
            .collect();
        if !not_evaluated.is_empty() {
            writeln!(out, "NOT EVALUATED ({})", not_evaluated.len())?;
            for c in not_evaluated {
                for n in &c.not_evaluated {
                    writeln!(out, "  {} in {}: {}", c.rule_id, n.scope, n.reason)?;
                }
            }
            writeln!(out)?;
        }
        let s = &report.summary;
        let counts: Vec<String> = Severity::ALL
            .iter()
            .filter(|sev| s.by_severity[sev] > 0)
            .map(|sev| format!("{} {}", s.by_severity[sev], sev))
            .collect();
        writeln!(
            out,
            "{} finding{}{} in {} resources; controls: {} passed, {} failed, {} not evaluated, {} skipped",
            s.findings,
            if s.findings == 1 { "" } else { "s" },
            if counts.is_empty() { String::new() } else { format!(" ({})", counts.join(", ")) },
            s.resources,
            s.controls_passed,
            s.controls_failed,
            s.controls_not_evaluated,
            s.controls_skipped
        )?;
        gate_lines(report, out)?;
        if let Some(n) = s.pre_existing {
            writeln!(
                out,
                "{n} pre-existing finding{} not shown (--changed-only: the plan does not touch their evidence)",
                if n == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

/// Waived findings, the baseline comparison and the exit decision, one line each.
fn gate_lines(report: &ScanReport, out: &mut dyn Write) -> std::io::Result<()> {
    let s = &report.summary;
    if s.waived > 0 {
        writeln!(
            out,
            "waived: {} (marked WAIVED; they do not fail the run)",
            s.waived
        )?;
    }
    if let Some(b) = &s.baseline {
        writeln!(
            out,
            "baseline {}: {} new, {} existing (not shown; --format json lists them), {} resolved",
            b.file,
            b.new,
            b.existing,
            b.resolved.len()
        )?;
    }
    if let Some(e) = s.exit.as_ref().filter(|e| e.code != 0) {
        writeln!(out, "fails: {}", e.reasons.join("; "))?;
    }
    Ok(())
}
