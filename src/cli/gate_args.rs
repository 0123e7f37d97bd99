//! What turns findings into a decision for unattended runs: waivers,
//! baselines and the exit-code switches beyond `--fail-on`.

use super::UsageError;
use crate::findings::Severity;
use crate::gate::baseline::{compare, BaselineFile};
use crate::gate::inline::ResourceFacts;
use crate::gate::waivers::{self, WaiverSet};
use crate::gate::{expired_control, expired_finding, recount, ExitPolicy};
use crate::scan::ScanReport;
use crate::snapshot::Snapshot;
use clap::Args;
use std::path::{Path, PathBuf};

/// Waivers, baselines and exit-code switches.
#[derive(Debug, Clone, Default, Args)]
pub struct GateArgs {
    /// Waiver file (YAML; see docs/waivers.md) [default: .archcheck/waivers.yaml when present].
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// Compare with a baseline: findings in it are `existing` (listed only
    /// in `--format json`, and never failing the run), the others `new`.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record this run's findings as a baseline in FILE.
    #[arg(long = "write-baseline", value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Exit 1 when any finding (whatever its severity) is new since --baseline and not waived.
    #[arg(long = "fail-on-new", requires = "baseline")]
    pub fail_on_new: bool,
    /// Exit 1 when a control could not be evaluated everywhere (collection errors).
    #[arg(long = "fail-on-not-evaluated")]
    pub fail_on_not_evaluated: bool,
}

impl GateArgs {
    /// The exit policy with `--fail-on`'s threshold.
    pub fn exit_policy(&self, fail_on: Option<Severity>) -> ExitPolicy {
        ExitPolicy {
            fail_on,
            fail_on_new: self.fail_on_new,
            fail_on_not_evaluated: self.fail_on_not_evaluated,
        }
    }

    /// `--waivers`, else the default file when it exists.
    fn waiver_file(&self) -> Option<PathBuf> {
        self.waivers.clone().or_else(|| {
            let p = Path::new(waivers::DEFAULT_FILE);
            p.is_file().then(|| p.to_path_buf())
        })
    }
}

/// Applies waivers (file and inline) and the baseline to a finished report,
/// writes `--write-baseline`, and warns on stderr about waivers that match
/// nothing. `snapshot` is the scanned (normalised) snapshot.
pub fn apply(args: &GateArgs, snapshot: &Snapshot, report: &mut ScanReport) -> anyhow::Result<()> {
    // Read every input before changing anything, so a bad file fails the run early.
    let set = match args.waiver_file() {
        Some(p) => Some(WaiverSet::load(&p).map_err(UsageError)?),
        None => None,
    };
    let baseline = match &args.baseline {
        Some(p) => Some(BaselineFile::load(p).map_err(UsageError)?),
        None => None,
    };
    let with_tags = set.as_ref().is_some_and(WaiverSet::uses_tags);
    let facts = ResourceFacts::of(snapshot, with_tags).map_err(UsageError)?;

    let today = chrono::Utc::now().date_naive();
    let applied = waivers::apply(&mut report.findings, set.as_ref(), &facts, today);
    if let Some(set) = &set {
        let expired: Vec<_> = set.waivers.iter().filter(|w| w.is_expired(today)).collect();
        if !expired.is_empty() {
            report
                .findings
                .extend(expired.iter().map(|w| expired_finding(w)));
            report
                .controls
                .push(expired_control(set.waivers.len(), expired.len()));
            report.controls.sort_by(|a, b| a.rule_id.cmp(&b.rule_id));
            report.findings.sort_by(|a, b| {
                (a.severity, &a.rule_id, &a.resource.id, &a.message).cmp(&(
                    b.severity,
                    &b.rule_id,
                    &b.resource.id,
                    &b.message,
                ))
            });
        }
    }
    for w in &applied.unmatched {
        eprintln!(
            "archcheck: warning: {}: the waiver for {} on {} matched no finding",
            w.origin,
            w.rule,
            w.resource.as_deref().unwrap_or("*")
        );
    }
    if set.is_some() || applied.applied_inline > 0 || !applied.unmatched.is_empty() {
        report.gate.waivers = Some(applied);
    }

    if let (Some(b), Some(path)) = (&baseline, &args.baseline) {
        report.summary.baseline = Some(compare(
            &mut report.findings,
            b,
            &path.display().to_string(),
        ));
    }
    if let Some(path) = &args.write_baseline {
        BaselineFile::of(&report.findings)
            .write(path)
            .map_err(UsageError)?;
    }
    recount(report);
    Ok(())
}
