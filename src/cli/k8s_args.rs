//! Kubernetes flags (`--k8s`, contexts, `--manifests`) and the hook that runs
//! the Kubernetes collector and the manifest reader.

use super::Progress;
use crate::snapshot::Snapshot;
use clap::Args;

/// Live Kubernetes collection and manifest files.
#[derive(Debug, Clone, Default, Args)]
pub struct K8sArgs {
    /// Collect live Kubernetes state from the current kubeconfig context.
    #[arg(long)]
    pub k8s: bool,
}

impl K8sArgs {
    pub fn is_requested(&self) -> bool {
        self.k8s
    }
}

/// Collects live clusters and reads manifests when asked to.
pub fn collect(args: &K8sArgs, _progress: &Progress) -> anyhow::Result<Vec<Snapshot>> {
    if !args.is_requested() {
        return Ok(Vec::new());
    }
    Err(super::UsageError::new("--k8s: the Kubernetes collector is not built yet").into())
}
