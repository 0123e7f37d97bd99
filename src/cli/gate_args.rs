//! What turns findings into a decision for unattended runs: waivers,
//! baselines and the exit-code switches beyond `--fail-on`.

use crate::scan::ScanReport;
use clap::Args;

/// Waivers, baselines and exit-code switches.
#[derive(Debug, Clone, Default, Args)]
pub struct GateArgs {}

/// Applies waivers and baselines to a finished report.
pub fn apply(_args: &GateArgs, _report: &mut ScanReport) -> anyhow::Result<()> {
    Ok(())
}
