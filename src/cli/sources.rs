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
/// (with its text) when that was the only source, for locations; and the
/// files read, with their hashes and evidence blocks.
pub struct Gathered {
    pub snapshot: Snapshot,
    pub single_file: Option<(String, String)>,
    pub inputs: Vec<crate::gate::evidence::ReportInput>,
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
    use crate::gate::evidence::ReportInput;
    use crate::snapshot::evidence::{sha256_hex, verify};
    // (origin named in merge conflicts, snapshot)
    let mut parts: Vec<(String, Snapshot)> = Vec::new();
    let mut inputs = Vec::new();
    let mut single_file = None;
    for path in &args.snapshots {
        progress.say(&format!("reading {}", path.display()));
        let file = path.display().to_string();
        let text = crate::input::read_input(path, args.max_input_size)
            .map_err(|e| UsageError(e.to_string()))?;
        let s = Snapshot::from_json_str(&text, &file).map_err(|e| UsageError(e.to_string()))?;
        if let Some(ev) = &s.evidence {
            verify(&text, &file, ev).map_err(UsageError)?;
        }
        inputs.push(ReportInput {
            file: file.clone(),
            sha256: sha256_hex(text.as_bytes()),
            evidence: s.evidence.clone(),
        });
        if single_file.is_none() {
            single_file = Some((file.clone(), text));
        }
        parts.push((file, s));
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
        if let Ok(bytes) = std::fs::read(path) {
            inputs.push(ReportInput {
                file: path.display().to_string(),
                sha256: sha256_hex(&bytes),
                evidence: None,
            });
        }
        parts.push((format!("plan {}", path.display()), plan.snapshot));
    }
    let live = super::aws_args::collect(&args.aws, progress)?
        .into_iter()
        .map(|s| ("live AWS".to_string(), s))
        .chain(
            super::k8s_args::collect(&args.k8s, verbose, progress)?
                .into_iter()
                .map(|s| ("live Kubernetes".to_string(), s)),
        );
    parts.extend(live);

    if parts.len() != 1 || args.snapshots.len() != 1 {
        single_file = None;
    }
    let Some(mut snapshot) = Snapshot::merge_all(parts).map_err(|e| UsageError(e.to_string()))?
    else {
        return Err(UsageError::new(
            "nothing to scan: give at least one --snapshot FILE, --plan FILE, --aws, --k8s or --manifests DIR",
        )
        .into());
    };
    crate::collect::k8s::eks::link_eks_clusters(&mut snapshot);
    Ok(Gathered {
        snapshot,
        single_file,
        inputs,
    })
}
