//! `--format html`: one self-contained page (styles and script inline, no
//! external URL) with the architecture drawn per environment and VPC, the
//! findings marked on it, and the findings, waivers, baseline trend,
//! controls not evaluated and evidence around it. See docs/html-report.md.

mod diagram;
mod escape;
mod k8s;
mod marks;
mod sections;
mod vpc_model;

pub use escape::esc;

use super::{EmitContext, Emitter};
use crate::scan::ScanReport;
use crate::snapshot::Snapshot;
use marks::Marks;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write;
use vpc_model::VpcView;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("report.js");

/// Beyond this many VPCs every VPC is listed rather than drawn.
pub const MAX_DRAWN_VPCS: usize = 12;

pub struct HtmlEmitter;

/// A VPC too large to draw: its subnets as a table.
fn vpc_list(view: &VpcView, marks: &Marks, why: &str) -> String {
    let vpc = view.vpc;
    let mut out = format!(
        r#"<div class="vpc-list res {}" data-res="{}"><h4>{} · {} · {} <small>({} subnets, listed: {})</small></h4><table><thead><tr><th>tier</th><th>AZ</th><th>subnet</th><th>CIDR</th><th>route out</th><th>findings</th></tr></thead><tbody>"#,
        marks.class(&vpc.id),
        esc(&vpc.id),
        esc(vpc.name.as_deref().unwrap_or(&vpc.native_id)),
        esc(&vpc.cidr_block),
        esc(&vpc.account_id),
        view.subnet_count(),
        esc(why)
    );
    for row in &view.rows {
        for (i, cell) in row.cells.iter().enumerate() {
            for sv in cell {
                let s = sv.subnet;
                let found: Vec<_> = marks.of(&s.id).iter().map(|f| f.rule_id.as_str()).collect();
                let _ = write!(
                    out,
                    r#"<tr class="subnet {}" data-res="{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                    marks.class(&s.id),
                    esc(&s.id),
                    row.label,
                    esc(&view.azs[i]),
                    esc(s.name.as_deref().unwrap_or(&s.native_id)),
                    esc(&s.cidr_block),
                    esc(&sv.route.label()),
                    esc(&found.join(", "))
                );
            }
        }
    }
    out.push_str("</tbody></table></div>");
    out
}

/// The architecture section: per environment, each VPC drawn (or listed).
fn architecture(
    snapshot: &Snapshot,
    marks: &Marks,
    findings: &[crate::findings::Finding],
) -> String {
    let views = vpc_model::vpc_views(&snapshot.aws, &snapshot.errors);
    if views.is_empty() {
        return String::new();
    }
    let draw_all = views.len() <= MAX_DRAWN_VPCS;
    let mut out =
        String::from(r#"<section id="architecture"><h2>Architecture</h2><div class="envs">"#);
    let mut current: Option<&str> = None;
    for view in &views {
        if current != Some(view.environment.as_str()) {
            if current.is_some() {
                out.push_str("</div></div>");
            }
            let _ = write!(
                out,
                r#"<div class="env"><h3>{}</h3><div class="vpcs">"#,
                esc(&view.environment)
            );
            current = Some(view.environment.as_str());
        }
        if draw_all && diagram::drawable(view) {
            let others = vpc_model::other_resources(&snapshot.aws, view.vpc);
            out.push_str(r#"<figure class="vpc-fig">"#);
            out.push_str(&diagram::vpc_svg(view, marks, &others));
            out.push_str("</figure>");
        } else if draw_all {
            out.push_str(&vpc_list(view, marks, "too many AZs or subnets to draw"));
        } else {
            let why = format!("{} VPCs are too many to draw", views.len());
            out.push_str(&vpc_list(view, marks, &why));
        }
    }
    out.push_str("</div></div></div>");
    out.push_str(&accounts(snapshot, marks, findings));
    out.push_str("</section>");
    out
}

/// Resource types that belong to an account rather than to a VPC.
const ACCOUNT_LEVEL: [&str; 6] = [
    "aws_account",
    "aws_iam_account",
    "aws_iam_user",
    "aws_iam_role",
    "aws_iam_openid_connect_provider",
    "aws_config_configuration_recorder",
];

/// One card per scanned account with its account-level resources that have
/// findings (IAM, root user, password policy, AWS Config), so the picture
/// does not look clean while the account is not.
fn accounts(snapshot: &Snapshot, marks: &Marks, findings: &[crate::findings::Finding]) -> String {
    if snapshot.aws.accounts.is_empty() {
        return String::new();
    }
    let mut out = String::from(r#"<div class="accounts"><h3>accounts</h3><div class="acct-grid">"#);
    for a in &snapshot.aws.accounts {
        let mut flagged: Vec<(&str, String)> = Vec::new();
        for f in findings.iter().filter(|f| {
            f.resource.account_id.as_deref() == Some(a.id.as_str())
                && ACCOUNT_LEVEL.contains(&f.resource.resource_type.as_str())
        }) {
            if !flagged.iter().any(|(id, _)| *id == f.resource.id) {
                let label = f
                    .resource
                    .name
                    .clone()
                    .or_else(|| f.resource.native_id.clone())
                    .unwrap_or_else(|| f.resource.id.clone());
                flagged.push((f.resource.id.as_str(), label));
            }
        }
        let worst = flagged.iter().filter_map(|(id, _)| marks.worst(id)).min();
        let _ = write!(
            out,
            r#"<div class="acct res{}"><b>{}</b> <small>{}</small>"#,
            worst.map(|s| format!(" sev-{s}")).unwrap_or_default(),
            esc(&a.id),
            esc(a.alias.as_deref().or(a.name.as_deref()).unwrap_or("")),
        );
        if flagged.is_empty() {
            out.push_str(r#"<p class="g-ok">no account-level findings</p>"#);
        } else {
            out.push_str("<ul>");
            for (id, label) in flagged {
                let rules: Vec<&str> = marks.of(id).iter().map(|f| f.rule_id.as_str()).collect();
                let _ = write!(
                    out,
                    r#"<li class="{}" data-res="{}">{} <small>{}</small></li>"#,
                    marks.class(id),
                    esc(id),
                    esc(&label),
                    esc(&rules.join(", "))
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</div>");
    }
    out.push_str("</div></div>");
    out
}

fn snapshot_hash(snapshot: &Snapshot) -> Option<String> {
    let bytes = serde_json::to_vec(snapshot).ok()?;
    Some(hex::encode(Sha256::digest(bytes)))
}

/// The whole page.
pub fn page(report: &ScanReport, snapshot: Option<&Snapshot>) -> String {
    let marks = Marks::new(&report.findings);
    let total = report.findings.len();
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"><title>archcheck: {} findings — {}</title><style>{STYLE}</style></head><body><header><h1>archcheck report <small>{} · {}</small></h1><p class="muted">{} {} · state read at {}</p></header><main>"#,
        total,
        esc(&report.architecture.name),
        esc(&report.architecture.name),
        esc(&report.architecture.origin),
        esc(&report.tool.name),
        esc(&report.tool.version),
        esc(&report.collected_at),
    );
    out.push_str(&sections::summary(report));
    match snapshot {
        Some(s) => {
            out.push_str(&architecture(s, &marks, &report.findings));
            out.push_str(&k8s::section(&s.k8s, &marks));
        }
        None => out.push_str(
            r#"<p class="muted">No snapshot was given to the reporter: the architecture is not drawn.</p>"#,
        ),
    }
    out.push_str(&sections::findings(report));
    out.push_str(&sections::baseline(report));
    out.push_str(&sections::waived(report));
    out.push_str(&sections::not_evaluated(report));
    out.push_str(&sections::evidence(
        report,
        snapshot.and_then(snapshot_hash).as_deref(),
    ));
    let _ = writeln!(out, "</main><script>{SCRIPT}</script></body></html>");
    out
}

impl Emitter for HtmlEmitter {
    fn emit(
        &self,
        report: &ScanReport,
        ctx: &EmitContext,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        out.write_all(page(report, ctx.snapshot).as_bytes())?;
        Ok(())
    }
}
