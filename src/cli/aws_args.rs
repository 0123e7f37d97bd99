//! Live AWS flags (`--aws`, regions, accounts) and the hook that runs the
//! AWS collector (`crate::collect::aws`).

use super::Progress;
use crate::snapshot::Snapshot;
use clap::Args;

/// Live AWS collection.
#[derive(Debug, Clone, Default, Args)]
pub struct AwsArgs {
    /// Collect live AWS state with the standard credential chain.
    #[arg(long)]
    pub aws: bool,
}

impl AwsArgs {
    pub fn is_requested(&self) -> bool {
        self.aws
    }
}

/// Collects live AWS state when `--aws` was given (one snapshot per account).
pub fn collect(args: &AwsArgs, _progress: &Progress) -> anyhow::Result<Vec<Snapshot>> {
    if !args.is_requested() {
        return Ok(Vec::new());
    }
    Err(super::UsageError::new("--aws: the AWS collector is not built yet").into())
}
