//! Where a scan's (or a collection's) resources come from: snapshot files,
//! Terraform plans, live AWS, live Kubernetes and manifest files. Each source
//! has its own flag group in its own file; [`gather`] reads them all and
//! merges what they give into one snapshot.

use super::aws_args::AwsArgs;
use super::k8s_args::K8sArgs;
use super::UsageError;
use crate::snapshot::Snapshot;
use clap::Args;
use std::path::PathBuf;

/// The source flags `scan` and `collect` share.
#[derive(Debug, Clone, Args)]
pub struct SourceArgs {
    /// Snapshot file to judge (repeatable: snapshots are merged).
    #[arg(long = "snapshot", value_name = "FILE")]
    pub snapshots: Vec<PathBuf>,
    /// Terraform plan to judge: `terraform show -json PLANFILE` output, `-`
    /// for standard input (repeatable; merged with the snapshots).
    #[arg(long = "plan", value_name = "FILE")]
    pub plans: Vec<PathBuf>,
    /// Largest input file read (snapshot, plan): bytes or 10MB, 1GB, 2GiB …
    /// A larger file fails at once instead of filling memory.
    #[arg(
        long = "max-input-size",
        value_name = "SIZE",
        default_value = "1GB",
        value_parser = crate::input::parse_size
    )]
    pub max_input_size: u64,
    #[command(flatten)]
    pub aws: AwsArgs,
    #[command(flatten)]
    pub k8s: K8sArgs,
}

/// What [`gather`] read: the merged snapshot, and the single snapshot file
/// (with its text) when that was the only source, for locations.
pub struct Gathered {
    pub snapshot: Snapshot,
    pub single_file: Option<(String, String)>,
}

impl SourceArgs {
    /// True when no source was given.
    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
            && self.plans.is_empty()
            && !self.aws.is_requested()
            && !self.k8s.is_requested()
    }
}

/// Reads every source given and merges them, in the order: snapshot files,
/// plans, live AWS, Kubernetes.
pub fn gather(
    args: &SourceArgs,
    verbose: bool,
    progress: &super::Progress,
) -> anyhow::Result<Gathered> {
    let mut parts: Vec<Snapshot> = Vec::new();
    let mut single_file = None;
    for path in &args.snapshots {
        progress.say(&format!("reading {}", path.display()));
        let text = crate::input::read_input(path, args.max_input_size)
            .map_err(|e| UsageError(e.to_string()))?;
        let s = Snapshot::from_json_str(&text, &path.display().to_string())
            .map_err(|e| UsageError(e.to_string()))?;
        if single_file.is_none() {
            single_file = Some((path.display().to_string(), text));
        }
        parts.push(s);
    }
    for path in &args.plans {
        progress.say(&format!("reading plan {}", path.display()));
        let plan = crate::collect::terraform::load_with_limit(path, args.max_input_size)
            .map_err(|e| UsageError(e.to_string()))?;
        if verbose {
            plan.summary
                .verbose_lines()
                .iter()
                .for_each(|l| eprintln!("archcheck: {l}"));
        }
        parts.push(plan.snapshot);
    }
    parts.extend(super::aws_args::collect(&args.aws, progress)?);
    parts.extend(super::k8s_args::collect(&args.k8s, progress)?);

    if parts.len() != 1 || args.snapshots.len() != 1 {
        single_file = None;
    }
    let mut parts = parts.into_iter();
    let Some(mut snapshot) = parts.next() else {
        return Err(UsageError::new(
            "nothing to scan: give at least one --snapshot FILE, --plan FILE, --aws, --k8s or --manifests DIR",
        )
        .into());
    };
    for part in parts {
        snapshot.merge(part);
    }
    Ok(Gathered {
        snapshot,
        single_file,
    })
}
