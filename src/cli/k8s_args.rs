//! Kubernetes flags (`--k8s`, contexts, `--manifests`) and the hook that runs
//! the Kubernetes collector and the manifest reader.

use super::{Progress, UsageError};
use crate::collect::k8s::manifests::ManifestReader;
use crate::snapshot::Snapshot;
use clap::Args;
use std::io::Read;
use std::path::PathBuf;

/// Live Kubernetes collection and manifest files.
#[derive(Debug, Clone, Default, Args)]
pub struct K8sArgs {
    /// Collect live Kubernetes state from the current kubeconfig context
    /// (or each --context; the in-cluster service account when run in a pod).
    #[arg(long)]
    pub k8s: bool,
    /// Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).
    #[arg(long, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,
    /// Kubeconfig context to collect (repeatable: one snapshot, several clusters).
    #[arg(long = "context", value_name = "NAME")]
    pub contexts: Vec<String>,
    /// Kubernetes manifests to judge: every *.yaml, *.yml and *.json below
    /// DIR (or one file), `-` for standard input (Helm/Kustomize output).
    /// Repeatable.
    #[arg(long = "manifests", value_name = "DIR")]
    pub manifests: Vec<PathBuf>,
    /// Namespace for manifest objects without metadata.namespace (the one
    /// they will be applied to); without it their namespace is unknown,
    /// never `default`.
    #[arg(long, value_name = "NAME")]
    pub namespace: Option<String>,
}

impl K8sArgs {
    pub fn is_requested(&self) -> bool {
        self.k8s || !self.manifests.is_empty()
    }
}

/// Collects live clusters and reads manifests when asked to.
pub fn collect(
    args: &K8sArgs,
    verbose: bool,
    progress: &Progress,
) -> anyhow::Result<Vec<Snapshot>> {
    let mut parts = Vec::new();
    if !args.manifests.is_empty() {
        parts.push(read_manifests(args, verbose, progress)?);
    }
    if args.k8s {
        return Err(UsageError::new("--k8s: the Kubernetes collector is not built yet").into());
    }
    Ok(parts)
}

/// Reads every `--manifests` source into one snapshot.
fn read_manifests(args: &K8sArgs, verbose: bool, progress: &Progress) -> anyhow::Result<Snapshot> {
    let mut reader = ManifestReader::new(args.namespace.clone());
    for path in &args.manifests {
        if path.as_os_str() == "-" {
            progress.say("reading manifests from standard input");
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| {
                UsageError::new(format!("--manifests -: cannot read standard input: {e}"))
            })?;
            reader.read_str(&text, None)
        } else {
            progress.say(&format!("reading manifests {}", path.display()));
            reader.read_path(path)
        }
        .map_err(|e| UsageError(e.to_string()))?;
    }
    let out = reader.finish();
    if verbose {
        for line in out.summary.verbose_lines() {
            eprintln!("archcheck: {line}");
        }
    }
    Ok(out.snapshot)
}
