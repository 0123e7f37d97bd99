//! What turns a scan's findings into a decision for unattended runs:
//! waivers ([`waivers`]), baselines ([`baseline`]), the evidence a report
//! carries ([`evidence`]) and the exit-code policy ([`ExitPolicy`]).

pub mod baseline;
pub mod evidence;
pub mod inline;
pub mod waivers;

use crate::findings::{
    fingerprint, ArchitectureRef, BaselineState, ControlResult, ControlStatus, EnvironmentTally,
    Finding, Location, ResourceRef, Severity,
};
use crate::scan::ScanReport;
use crate::snapshot::SourceKind;
use serde::Serialize;
use std::borrow::Cow;
use waivers::{Waiver, WaiverReport};

/// Rule ID of the finding an expired waiver becomes.
pub const WAIVER_EXPIRED: &str = "WAIVER-EXPIRED";

/// What the gate adds to a report (top-level `waivers` and `evidence` in JSON).
#[derive(Debug, Clone, Default, Serialize)]
pub struct GateReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waivers: Option<WaiverReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<evidence::ReportEvidence>,
}

/// The finding an expired waiver becomes: the exception lapsed, so someone
/// must fix what it covered or renew it.
pub fn expired_finding(w: &Waiver) -> Finding {
    let e = &w.entry;
    let owner = e
        .owner
        .as_ref()
        .map(|o| format!(", owner {o}"))
        .unwrap_or_default();
    let expires = e.expires.map(|d| d.to_string()).unwrap_or_default();
    Finding {
        rule_id: WAIVER_EXPIRED.into(),
        severity: Severity::High,
        title: "Waiver expired".into(),
        message: format!(
            "the waiver for {} expired on {expires}{owner} (reason: {}): the findings it covered are reported again",
            w.describe(),
            e.reason.trim()
        ),
        resource: ResourceRef {
            resource_type: "waiver".into(),
            id: w.origin.clone(),
            name: Some(w.describe()),
            account_id: e.account.clone(),
            ..Default::default()
        },
        environment: e.environment.clone().unwrap_or_else(|| "all".into()),
        location: Location {
            kind: SourceKind::Snapshot,
            file: Some(w.file.clone()),
            line: Some(w.line),
        },
        remediation: "Fix the findings the waiver covered and delete it, or renew it with a later `expires` date \
                      agreed with its owner."
            .into(),
        architecture: ArchitectureRef::default(),
        fingerprint: fingerprint(WAIVER_EXPIRED, "waiver", &w.describe(), ""),
        waiver: None,
        baseline: None,
        change: None,
    }
}

/// The control result that lists expired waivers (so JUnit and the
/// summary count it as a failed control).
pub fn expired_control(n_waivers: usize, n_expired: usize) -> ControlResult {
    ControlResult {
        rule_id: WAIVER_EXPIRED.into(),
        title: "Waiver expired".into(),
        severity: Severity::High,
        status: ControlStatus::Failed,
        resources_judged: n_waivers,
        resources_failed: n_expired,
        findings: n_expired,
        environments: vec![EnvironmentTally {
            environment: "all".into(),
            judged: n_waivers,
            failed: n_expired,
        }],
        not_evaluated: Vec::new(),
    }
}

/// A finding that counts against the run: not waived, and not already in
/// the baseline.
pub fn is_open(f: &Finding) -> bool {
    f.waiver.is_none() && f.baseline != Some(BaselineState::Existing)
}

/// Recomputes the summary's finding counts after waivers and baselines.
pub fn recount(report: &mut ScanReport) {
    let s = &mut report.summary;
    s.findings = report.findings.len();
    s.by_severity = Severity::ALL.iter().map(|v| (*v, 0)).collect();
    s.open_by_severity = s.by_severity.clone();
    s.waived = 0;
    for f in &report.findings {
        *s.by_severity.entry(f.severity).or_default() += 1;
        if f.waiver.is_some() {
            s.waived += 1;
        }
        if is_open(f) {
            *s.open_by_severity.entry(f.severity).or_default() += 1;
        }
    }
    s.open = s.open_by_severity.values().sum();
    s.controls_failed = report
        .controls
        .iter()
        .filter(|c| c.status == ControlStatus::Failed)
        .count();
}

/// The exit-code switches.
#[derive(Debug, Clone, Default)]
pub struct ExitPolicy {
    /// `--fail-on`: open findings at least this severe fail the run.
    pub fail_on: Option<Severity>,
    /// `--fail-on-new`: any new (not waived) finding fails the run.
    pub fail_on_new: bool,
    /// `--fail-on-not-evaluated`: a control that could not be evaluated
    /// (everywhere) fails the run.
    pub fail_on_not_evaluated: bool,
}

/// The run's verdict, in the JSON summary as `exit`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExitDecision {
    /// 0 or 1 (2 is a run that failed and wrote no report).
    pub code: i32,
    /// Why the run fails, one sentence per switch that tripped.
    pub reasons: Vec<String>,
}

impl ExitPolicy {
    pub fn decide(&self, report: &ScanReport) -> ExitDecision {
        let mut reasons = Vec::new();
        if let Some(t) = self.fail_on {
            let n = report
                .findings
                .iter()
                .filter(|f| is_open(f) && f.severity.at_least(t))
                .count();
            if n > 0 {
                let which = if report.summary.baseline.is_some() {
                    "new, unwaived"
                } else {
                    "unwaived"
                };
                reasons.push(format!(
                    "--fail-on {t}: {n} {which} finding(s) at or above {t}"
                ));
            }
        }
        if self.fail_on_new {
            let n = report
                .findings
                .iter()
                .filter(|f| f.waiver.is_none() && f.baseline == Some(BaselineState::New))
                .count();
            if n > 0 {
                reasons.push(format!("--fail-on-new: {n} finding(s) not in the baseline"));
            }
        }
        if self.fail_on_not_evaluated && report.summary.controls_not_evaluated > 0 {
            reasons.push(format!(
                "--fail-on-not-evaluated: {} control(s) could not be evaluated everywhere",
                report.summary.controls_not_evaluated
            ));
        }
        ExitDecision {
            code: i32::from(!reasons.is_empty()),
            reasons,
        }
    }
}

/// The report a human-facing format (table, GitHub annotations, JUnit)
/// shows: with a baseline, the findings already in it are left out, as
/// Trivy and Checkov do. JSON and SARIF keep every finding, marked (SARIF
/// `baselineState`), since code scanning closes alerts missing from an upload.
pub fn view(report: &ScanReport, complete: bool) -> Cow<'_, ScanReport> {
    let has_existing = report
        .findings
        .iter()
        .any(|f| f.baseline == Some(BaselineState::Existing));
    if complete || !has_existing {
        return Cow::Borrowed(report);
    }
    let mut shown = report.clone();
    shown
        .findings
        .retain(|f| f.baseline != Some(BaselineState::Existing));
    Cow::Owned(shown)
}
