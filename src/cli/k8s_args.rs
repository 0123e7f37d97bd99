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
    /// Manifests: the namespace of objects without metadata.namespace (the
    /// one they will be applied to; without it their namespace is unknown,
    /// never `default`). Live: collect namespaced objects of this namespace only.
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
        parts.extend(collect_live(args, progress)?);
    }
    Ok(parts)
}

/// Collects every cluster asked for, concurrently, one progress line each.
#[cfg(feature = "k8s")]
fn collect_live(args: &K8sArgs, progress: &Progress) -> anyhow::Result<Vec<Snapshot>> {
    use crate::collect::k8s::live;
    let opts = live::LiveOptions {
        kubeconfig: args.kubeconfig.clone(),
        contexts: args.contexts.clone(),
        namespace: args.namespace.clone(),
        page_size: 0,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let targets = live::targets(&opts)
            .await
            .map_err(|e| UsageError(e.to_string()))?;
        let clusters = targets.into_iter().map(|t| {
            let bar = progress.task(&t.context);
            bar.set_message("listing");
            let opts = &opts;
            async move {
                let result = live::collect_target(t, opts).await;
                if let Ok(s) = &result {
                    bar.set_position(s.resource_count() as u64);
                }
                bar.finish_and_clear();
                result
            }
        });
        futures::future::join_all(clusters)
            .await
            .into_iter()
            .map(|r| r.map_err(|e| UsageError(e.to_string()).into()))
            .collect()
    })
}

#[cfg(not(feature = "k8s"))]
fn collect_live(_: &K8sArgs, _: &Progress) -> anyhow::Result<Vec<Snapshot>> {
    Err(UsageError::new("--k8s: this archcheck was built without the `k8s` feature").into())
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
