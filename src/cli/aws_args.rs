//! Live AWS flags (`--aws`, regions, accounts, the Config aggregator) and
//! the hook that runs the AWS collector (`crate::collect::aws`).

use super::Progress;
use crate::snapshot::Snapshot;
use clap::Args;

/// Live AWS collection.
#[derive(Debug, Clone, Default, Args)]
pub struct AwsArgs {
    /// Collect live AWS state with the standard credential chain.
    #[arg(long)]
    pub aws: bool,
    /// AWS credentials profile to use (as `aws --profile`).
    #[arg(long, value_name = "NAME", requires = "aws")]
    pub profile: Option<String>,
    /// Region to collect (repeatable); default: the configured region.
    #[arg(long = "region", value_name = "REGION", requires = "aws")]
    pub regions: Vec<String>,
    /// Collect every region enabled in each account.
    #[arg(long, requires = "aws", conflicts_with = "regions")]
    pub all_regions: bool,
    /// Assume this role and collect its account (repeatable: one account each).
    #[arg(long = "role-arn", value_name = "ARN", requires = "aws")]
    pub role_arns: Vec<String>,
    /// Build the snapshot from this AWS Config aggregator's inventory
    /// instead of calling every account and region.
    #[arg(long, value_name = "NAME", requires = "aws")]
    pub config_aggregator: Option<String>,
    /// How many account/region collectors run at once.
    #[arg(long, value_name = "N", default_value_t = 8, requires = "aws")]
    pub aws_concurrency: usize,
}

impl AwsArgs {
    pub fn is_requested(&self) -> bool {
        self.aws
    }
}

/// Collects live AWS state when `--aws` was given (one snapshot per account).
#[cfg(feature = "aws")]
pub fn collect(args: &AwsArgs, progress: &Progress) -> anyhow::Result<Vec<Snapshot>> {
    use crate::collect::aws::{self, AwsError, AwsOptions};
    if !args.is_requested() {
        return Ok(Vec::new());
    }
    for arn in &args.role_arns {
        if !arn.starts_with("arn:") || arn.split(':').count() < 6 {
            return Err(super::UsageError::new(format!(
                "--role-arn: `{arn}` is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)"
            ))
            .into());
        }
    }
    let opts = AwsOptions {
        profile: args.profile.clone(),
        regions: args.regions.clone(),
        all_regions: args.all_regions,
        role_arns: args.role_arns.clone(),
        config_aggregator: args.config_aggregator.clone(),
        concurrency: args.aws_concurrency,
    };
    progress.say("collecting live AWS state");
    let task = |name: &str| progress.task(name);
    aws::collect(&opts, &task).map_err(|e| match e {
        AwsError::Usage(m) => super::UsageError(m).into(),
    })
}

/// Without the `aws` feature, `--aws` is a usage error.
#[cfg(not(feature = "aws"))]
pub fn collect(args: &AwsArgs, _progress: &Progress) -> anyhow::Result<Vec<Snapshot>> {
    if !args.is_requested() {
        return Ok(Vec::new());
    }
    Err(super::UsageError::new("--aws: this archcheck was built without the `aws` feature").into())
}
