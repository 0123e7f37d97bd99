//! Terraform gate flags: source locations (`--tf-dir`), live resources
//! mapped to their code (`--tf-state`) and `--changed-only`. [`prepare`]
//! annotates the snapshot before the scan (addresses, files and lines,
//! inline waivers); [`TerraformGate::apply`] works on the finished report.

use super::UsageError;
use crate::collect::terraform::config::ConfigIndex;
use crate::collect::terraform::state::StateIndex;
use crate::collect::terraform::{changes, source_map};
use crate::scan::ScanReport;
use crate::snapshot::{Snapshot, SourceKind};
use clap::Args;
use std::path::PathBuf;

/// Terraform-specific report options.
#[derive(Debug, Clone, Default, Args)]
pub struct TerraformArgs {
    /// Terraform configuration the plan (or state) was made from: findings
    /// point at the `.tf` file and line of the resource (default: the
    /// current directory, when it holds `.tf` files).
    #[arg(long = "tf-dir", value_name = "DIR")]
    pub tf_dir: Option<PathBuf>,
    /// Report only findings whose evidence the plan creates, updates or
    /// replaces (the resource judged or one the finding names as its
    /// cause); the others are counted as pre-existing.
    #[arg(long = "changed-only")]
    pub changed_only: bool,
    /// `terraform show -json` of a state: live resources are matched to
    /// the Terraform addresses that declare them (with the configuration,
    /// to their `.tf` lines).
    #[arg(long = "tf-state", value_name = "FILE")]
    pub tf_state: Option<PathBuf>,
}

/// What [`prepare`] read, kept for the report.
#[derive(Debug, Default)]
pub struct TerraformGate {
    config: Option<ConfigIndex>,
    changed_only: bool,
}

/// Reads the state and the configuration and annotates `snapshot`.
pub fn prepare(
    args: &TerraformArgs,
    snapshot: &mut Snapshot,
    verbose: bool,
) -> anyhow::Result<TerraformGate> {
    if args.changed_only
        && !snapshot
            .sources
            .iter()
            .any(|s| s.kind == SourceKind::TerraformPlan)
    {
        return Err(UsageError::new(
            "--changed-only needs a plan (--plan FILE): it keeps the findings the plan changes",
        )
        .into());
    }
    let state = match &args.tf_state {
        Some(p) => Some(StateIndex::load(p).map_err(|e| UsageError(e.to_string()))?),
        None => None,
    };
    let has_addresses = state.is_some() || has_plan_resources(snapshot);
    let config = match (&args.tf_dir, has_addresses) {
        (Some(dir), _) if !dir.is_dir() => {
            return Err(UsageError::new(format!(
                "--tf-dir {}: not a directory (expected the Terraform configuration's root)",
                dir.display()
            ))
            .into())
        }
        (Some(dir), true) => Some(load_config(dir)?),
        // The default directory was not asked for: a file there that does
        // not parse costs the locations, not the run.
        (None, true) => match ConfigIndex::load(std::path::Path::new(".")) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("archcheck: warning: {e}; findings keep the plan's locations (give --tf-dir)");
                None
            }
        },
        (_, false) => None,
    }
    .filter(|c| !c.is_empty());
    let done = source_map::annotate(snapshot, config.as_ref(), state.as_ref());
    if verbose && (config.is_some() || state.is_some()) {
        eprintln!(
            "archcheck: terraform: {} resource blocks in the configuration; {} resources located, {} addressed from the state",
            config.as_ref().map_or(0, |c| c.len()),
            done.located,
            done.addressed
        );
    }
    Ok(TerraformGate {
        config,
        changed_only: args.changed_only,
    })
}

fn load_config(dir: &std::path::Path) -> anyhow::Result<ConfigIndex> {
    Ok(ConfigIndex::load(dir).map_err(|e| UsageError(e.to_string()))?)
}

fn has_plan_resources(snapshot: &Snapshot) -> bool {
    let mut found = false;
    snapshot.visit(&mut |_, r| {
        found = found || r.meta().source.is_some_and(|s| s.address.is_some());
    });
    found
}

impl TerraformGate {
    /// Attribute lines, plan actions and `--changed-only` on the report.
    pub fn apply(&self, report: &mut ScanReport, snapshot: &Snapshot) -> anyhow::Result<()> {
        if let Some(config) = &self.config {
            source_map::refine_lines(report, config);
        }
        changes::mark(report, snapshot, self.changed_only);
        Ok(())
    }
}
