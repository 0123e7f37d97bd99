//! `--format junit`: one test suite per control family, one test case per
//! control and environment (passes included), failures listing findings.

use super::{EmitContext, Emitter};
use crate::findings::ControlStatus;
use crate::scan::ScanReport;
use quick_xml::escape::escape;
use std::collections::BTreeMap;
use std::io::Write;

pub struct JunitEmitter;

struct Case {
    name: String,
    classname: String,
    failure: Option<(String, String)>,
    skipped: Option<String>,
}

impl Emitter for JunitEmitter {
    fn emit(
        &self,
        report: &ScanReport,
        _ctx: &EmitContext,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        let mut suites: BTreeMap<String, Vec<Case>> = BTreeMap::new();
        for c in &report.controls {
            let family = c.rule_id.split('-').next().unwrap_or("OTHER").to_string();
            let classname = format!("archcheck.{family}");
            let cases = suites.entry(family).or_default();
            if c.status == ControlStatus::Skipped {
                cases.push(Case {
                    name: format!("{} {}", c.rule_id, c.title),
                    classname,
                    failure: None,
                    skipped: Some("disabled or not selected".into()),
                });
                continue;
            }
            let mut envs: Vec<String> = c
                .environments
                .iter()
                .map(|e| e.environment.clone())
                .collect();
            if envs.is_empty() {
                envs.push("all".into());
            }
            for env in envs {
                let findings: Vec<_> = report
                    .findings
                    .iter()
                    .filter(|f| f.rule_id == c.rule_id && (env == "all" || f.environment == env))
                    // Waived findings do not fail the test case.
                    .filter(|f| f.waiver.is_none())
                    .collect();
                let judged = c
                    .environments
                    .iter()
                    .find(|e| e.environment == env)
                    .map_or(0, |e| e.judged);
                let failure = (!findings.is_empty()).then(|| {
                    let body: Vec<String> = findings
                        .iter()
                        .map(|f| {
                            format!(
                                "{} [{}] {}: {}",
                                f.rule_id, f.severity, f.resource.id, f.message
                            )
                        })
                        .collect();
                    (
                        format!(
                            "{} finding(s) among {} resources",
                            findings.len(),
                            judged.max(findings.len())
                        ),
                        body.join("\n"),
                    )
                });
                let skipped = (failure.is_none() && !c.not_evaluated.is_empty()).then(|| {
                    let why: Vec<String> = c
                        .not_evaluated
                        .iter()
                        .map(|n| format!("{}: {}", n.scope, n.reason))
                        .collect();
                    format!("not evaluated: {}", why.join("; "))
                });
                cases.push(Case {
                    name: format!("{} {} [{env}]", c.rule_id, c.title),
                    classname: classname.clone(),
                    failure,
                    skipped,
                });
            }
        }
        let total: usize = suites.values().map(Vec::len).sum();
        let failures: usize = suites
            .values()
            .flatten()
            .filter(|c| c.failure.is_some())
            .count();
        let skipped: usize = suites
            .values()
            .flatten()
            .filter(|c| c.skipped.is_some())
            .count();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="archcheck" tests="{total}" failures="{failures}" errors="0" skipped="{skipped}">"#
        )?;
        for (family, cases) in &suites {
            let f = cases.iter().filter(|c| c.failure.is_some()).count();
            let s = cases.iter().filter(|c| c.skipped.is_some()).count();
            writeln!(
                out,
                r#"  <testsuite name="{}" tests="{}" failures="{f}" errors="0" skipped="{s}">"#,
                escape(family.as_str()),
                cases.len()
            )?;
            for c in cases {
                write!(
                    out,
                    r#"    <testcase name="{}" classname="{}""#,
                    escape(c.name.as_str()),
                    escape(c.classname.as_str())
                )?;
                match (&c.failure, &c.skipped) {
                    (Some((msg, body)), _) => {
                        writeln!(out, ">")?;
                        writeln!(
                            out,
                            r#"      <failure message="{}" type="finding">{}</failure>"#,
                            escape(msg.as_str()),
                            escape(body.as_str())
                        )?;
                        writeln!(out, "    </testcase>")?;
                    }
                    (None, Some(why)) => {
                        writeln!(out, ">")?;
                        writeln!(
                            out,
                            r#"      <skipped message="{}"/>"#,
                            escape(why.as_str())
                        )?;
                        writeln!(out, "    </testcase>")?;
                    }
                    (None, None) => writeln!(out, "/>")?,
                }
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")?;
        Ok(())
    }
}
