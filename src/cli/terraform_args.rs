//! Terraform gate flags that act on the report of a plan scan
//! (source locations, `--changed-only`, `--tf-state`).

use crate::scan::ScanReport;
use clap::Args;

/// Terraform-specific report options.
#[derive(Debug, Clone, Default, Args)]
pub struct TerraformArgs {}

/// Applies the Terraform options to a finished report.
pub fn apply(_args: &TerraformArgs, _report: &mut ScanReport) -> anyhow::Result<()> {
    Ok(())
}
