//! The report's sections around the picture: summary, findings with their
//! filters, waivers, baseline trend, controls not evaluated, evidence.

use super::escape::esc;
use crate::findings::{BaselineState, ControlResult, ControlStatus, Finding, Severity};
use crate::scan::ScanReport;
use std::collections::BTreeSet;
use std::fmt::Write;

/// `NET-003` → `NET`.
pub fn family(rule_id: &str) -> &str {
    rule_id.split('-').next().unwrap_or(rule_id)
}

fn environments(report: &ScanReport) -> BTreeSet<&str> {
    report
        .findings
        .iter()
        .map(|f| f.environment.as_str())
        .collect()
}

/// Controls that could not judge everything they should have.
fn unjudged(report: &ScanReport) -> impl Iterator<Item = &ControlResult> {
    report.controls.iter().filter(|c| {
        matches!(
            c.status,
            ControlStatus::NotEvaluated | ControlStatus::Partial
        )
    })
}

/// Counts per severity, then per environment and severity.
pub fn summary(report: &ScanReport) -> String {
    let s = &report.summary;
    let mut out = String::from(r#"<section id="summary"><div class="cards">"#);
    for sev in Severity::ALL {
        let n = s.by_severity.get(&sev).copied().unwrap_or(0);
        let _ = write!(
            out,
            r#"<div class="card sev-{sev}{}"><b>{n}</b><span>{sev}</span></div>"#,
            if n == 0 { " zero" } else { "" }
        );
    }
    let _ = write!(
        out,
        r#"<div class="card info-card"><b>{}</b><span>resources</span></div><div class="card info-card"><b>{}/{}</b><span>controls passed</span></div>"#,
        s.resources,
        s.controls_passed,
        s.controls_passed + s.controls_failed + s.controls_not_evaluated
    );
    if s.waived > 0 {
        let _ = write!(
            out,
            r#"<div class="card info-card"><b>{}</b><span>waived</span></div>"#,
            s.waived
        );
    }
    if let Some(b) = &s.baseline {
        let _ = write!(
            out,
            r#"<div class="card trend"><b>+{} / −{}</b><span>new / resolved vs baseline</span></div>"#,
            b.new,
            b.resolved.len()
        );
    }
    out.push_str("</div>");
    let envs = environments(report);
    if !envs.is_empty() {
        out.push_str(r#"<table class="by-env"><tr><th>environment</th>"#);
        for sev in Severity::ALL {
            let _ = write!(out, "<th>{sev}</th>");
        }
        out.push_str("</tr>");
        for env in envs {
            let _ = write!(out, "<tr><td>{}</td>", esc(env));
            for sev in Severity::ALL {
                let n = report
                    .findings
                    .iter()
                    .filter(|f| f.environment == env && f.severity == sev)
                    .count();
                let _ = write!(
                    out,
                    r#"<td class="{}">{}</td>"#,
                    if n > 0 {
                        format!("n sev-{sev}")
                    } else {
                        "z".into()
                    },
                    n
                );
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
    }
    out.push_str("</section>");
    out
}

fn options(label: &str, key: &str, values: BTreeSet<&str>) -> String {
    let mut out =
        format!(r#"<label>{label} <select data-filter="{key}"><option value="">all</option>"#);
    for v in values {
        let _ = write!(out, r#"<option>{}</option>"#, esc(v));
    }
    out.push_str("</select></label>");
    out
}

fn resource_label(f: &Finding) -> String {
    let r = &f.resource;
    r.address
        .clone()
        .or_else(|| r.name.clone())
        .or_else(|| r.native_id.clone())
        .unwrap_or_else(|| r.id.clone())
}

fn finding_details(f: &Finding) -> String {
    let mut d = String::new();
    let _ = write!(
        d,
        r#"<dl><dt>resource</dt><dd><code>{}</code> ({})</dd><dt>remediation</dt><dd>{}</dd>"#,
        esc(&f.resource.id),
        esc(&f.resource.resource_type),
        esc(&f.remediation)
    );
    if !f.architecture.sections.is_empty() || f.architecture.quote.is_some() {
        let _ = write!(
            d,
            "<dt>architecture</dt><dd>{}",
            esc(&f.architecture.sections.join(", "))
        );
        if let Some(q) = &f.architecture.quote {
            let _ = write!(d, "<blockquote>{}</blockquote>", esc(q));
        }
        d.push_str("</dd>");
    }
    if let Some(file) = &f.location.file {
        let line = f.location.line.map(|l| format!(":{l}")).unwrap_or_default();
        let _ = write!(
            d,
            "<dt>location</dt><dd><code>{}{line}</code></dd>",
            esc(file)
        );
    }
    if let Some(c) = &f.change {
        let _ = write!(d, "<dt>plan change</dt><dd>{}</dd>", esc(c));
    }
    if let Some(w) = &f.waiver {
        let _ = write!(
            d,
            "<dt>waived</dt><dd>{} (expires {}; {})</dd>",
            esc(&w.reason),
            esc(w.expires.as_deref().unwrap_or("never")),
            esc(&w.origin)
        );
    }
    let _ = write!(
        d,
        "<dt>fingerprint</dt><dd><code>{}</code></dd></dl>",
        esc(&f.fingerprint)
    );
    d
}

/// The findings table with its filters (report.js applies them).
pub fn findings(report: &ScanReport) -> String {
    let mut out = String::from(r#"<section id="findings"><h2>Findings</h2>"#);
    if report.findings.is_empty() {
        let unjudged = unjudged(report).count();
        if unjudged == 0 {
            out.push_str(r#"<p class="ok">No findings: every evaluated control passed.</p>"#);
        } else {
            let _ = write!(
                out,
                r##"<p class="partial">No findings, but {unjudged} control(s) could not judge everything: see <a href="#not-evaluated">controls not evaluated</a>.</p>"##
            );
        }
        out.push_str("</section>");
        return out;
    }
    out.push_str(r#"<div class="filters">"#);
    out.push_str(&options(
        "severity",
        "severity",
        report
            .findings
            .iter()
            .map(|f| f.severity.as_str())
            .collect(),
    ));
    out.push_str(&options(
        "family",
        "family",
        report.findings.iter().map(|f| family(&f.rule_id)).collect(),
    ));
    out.push_str(&options("environment", "env", environments(report)));
    out.push_str(&options(
        "account",
        "account",
        report
            .findings
            .iter()
            .filter_map(|f| f.resource.account_id.as_deref())
            .collect(),
    ));
    out.push_str(r#"<span id="res-filter" hidden>resource <code></code> <button type="button" id="res-clear">show all</button></span><span id="count"></span></div>"#);
    out.push_str(r#"<table id="findings-table"><thead><tr><th>severity</th><th>control</th><th>environment</th><th>account</th><th>resource</th><th>finding</th></tr></thead><tbody>"#);
    for (i, f) in report.findings.iter().enumerate() {
        let mut badges = String::new();
        if f.waiver.is_some() {
            badges.push_str(r#" <span class="badge waived">waived</span>"#);
        }
        match f.baseline {
            Some(BaselineState::New) => badges.push_str(r#" <span class="badge new">new</span>"#),
            Some(BaselineState::Existing) => {
                badges.push_str(r#" <span class="badge existing">existing</span>"#)
            }
            None => {}
        }
        let account = f.resource.account_id.as_deref().unwrap_or("");
        let _ = write!(
            out,
            r#"<tr class="finding sev-{sev}" id="f{i}" data-severity="{sev}" data-family="{fam}" data-env="{env}" data-account="{acc}" data-res="{res}" data-rule="{rule}"><td><span class="sev sev-{sev}">{sev}</span></td><td><b>{rule}</b><br><small>{title}</small></td><td>{env}</td><td>{acc}</td><td class="resname">{rname}</td><td><details><summary>{msg}{badges}</summary>{details}</details></td></tr>"#,
            sev = f.severity,
            fam = esc(family(&f.rule_id)),
            env = esc(&f.environment),
            acc = esc(account),
            res = esc(&f.resource.id),
            rule = esc(&f.rule_id),
            title = esc(&f.title),
            rname = esc(&resource_label(f)),
            msg = esc(&f.message),
            details = finding_details(f),
        );
    }
    out.push_str("</tbody></table></section>");
    out
}

/// Waived findings with reason and expiry.
pub fn waived(report: &ScanReport) -> String {
    let waived: Vec<_> = report
        .findings
        .iter()
        .filter_map(|f| f.waiver.as_ref().map(|w| (f, w)))
        .collect();
    if waived.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        r#"<section id="waived"><h2>Waived findings</h2><table><thead><tr><th>control</th><th>resource</th><th>reason</th><th>owner</th><th>expires</th><th>waiver</th></tr></thead><tbody>"#,
    );
    for (f, w) in waived {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            esc(&f.rule_id),
            esc(&resource_label(f)),
            esc(&w.reason),
            esc(w.owner.as_deref().unwrap_or("")),
            esc(w.expires.as_deref().unwrap_or("never")),
            esc(&w.origin)
        );
    }
    out.push_str("</tbody></table></section>");
    out
}

/// New and resolved findings against the baseline.
pub fn baseline(report: &ScanReport) -> String {
    let Some(b) = &report.summary.baseline else {
        return String::new();
    };
    let mut out = format!(
        r#"<section id="baseline"><h2>Against the baseline</h2><p>Baseline <code>{}</code>: {} new, {} still present, {} resolved.</p>"#,
        esc(&b.file),
        b.new,
        b.existing,
        b.resolved.len()
    );
    if !b.resolved.is_empty() {
        out.push_str(
            r#"<table><thead><tr><th>resolved control</th><th>resource</th><th>fingerprint</th></tr></thead><tbody>"#,
        );
        for r in &b.resolved {
            let _ = write!(
                out,
                r#"<tr class="resolved"><td>{}</td><td>{}</td><td><code>{}</code></td></tr>"#,
                esc(&r.rule_id),
                esc(&r.resource_id),
                esc(&r.fingerprint)
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");
    out
}

/// Controls that could not be judged (everywhere or somewhere), and why.
pub fn not_evaluated(report: &ScanReport) -> String {
    let controls: Vec<_> = unjudged(report).collect();
    let skipped: Vec<_> = report
        .controls
        .iter()
        .filter(|c| c.status == ControlStatus::Skipped)
        .map(|c| c.rule_id.as_str())
        .collect();
    if controls.is_empty() && skipped.is_empty() {
        return String::new();
    }
    let mut out = String::from(r#"<section id="not-evaluated"><h2>Controls not evaluated</h2>"#);
    if !controls.is_empty() {
        out.push_str(r#"<table><thead><tr><th>control</th><th>status</th><th>scope</th><th>why</th></tr></thead><tbody>"#);
        for c in controls {
            let status = if c.status == ControlStatus::Partial {
                "partly evaluated"
            } else {
                "not evaluated"
            };
            for n in &c.not_evaluated {
                let _ = write!(
                    out,
                    "<tr><td><b>{}</b> {}</td><td>{status}</td><td>{}</td><td>{}</td></tr>",
                    esc(&c.rule_id),
                    esc(&c.title),
                    esc(&n.scope),
                    esc(&n.reason)
                );
            }
        }
        out.push_str("</tbody></table>");
    }
    if !skipped.is_empty() {
        let _ = write!(
            out,
            r#"<p class="muted">Skipped (disabled or <code>--skip-rules</code>): {}</p>"#,
            esc(&skipped.join(", "))
        );
    }
    out.push_str("</section>");
    out
}

/// Sources, times, versions and the snapshot hash.
pub fn evidence(report: &ScanReport, snapshot_sha256: Option<&str>) -> String {
    let mut out = String::from(r#"<section id="evidence"><h2>Evidence</h2><dl class="evidence">"#);
    let _ = write!(
        out,
        "<dt>tool</dt><dd>{} {}</dd><dt>architecture</dt><dd>{} ({})</dd><dt>state read at</dt><dd>{}</dd>",
        esc(&report.tool.name),
        esc(&report.tool.version),
        esc(&report.architecture.name),
        esc(&report.architecture.origin),
        esc(&report.collected_at)
    );
    if let Some(h) = snapshot_sha256 {
        let _ = write!(
            out,
            "<dt>snapshot sha256</dt><dd><code>{}</code> <small>(normalised snapshot, as JSON)</small></dd>",
            esc(h)
        );
    }
    out.push_str("<dt>sources</dt><dd><ul>");
    for s in &report.sources {
        let kind = serde_json::to_value(s.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let mut parts = vec![kind];
        parts.extend(s.file.clone());
        parts.extend(s.account_id.as_ref().map(|a| format!("account {a}")));
        parts.extend(s.context.as_ref().map(|c| format!("context {c}")));
        if !s.regions.is_empty() {
            parts.push(s.regions.join(", "));
        }
        let _ = write!(out, "<li>{}</li>", esc(&parts.join(" · ")));
    }
    out.push_str("</ul></dd>");
    if !report.collection_errors.is_empty() {
        out.push_str("<dt>not read</dt><dd><ul>");
        for e in &report.collection_errors {
            let scope = [
                e.account_id.as_deref(),
                e.region.as_deref(),
                e.cluster.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("/");
            let _ = write!(
                out,
                "<li>{} {} {}: {}</li>",
                esc(&e.service),
                esc(&e.operation),
                esc(&scope),
                esc(&e.message)
            );
        }
        out.push_str("</ul></dd>");
    }
    out.push_str("</dl></section>");
    out
}
