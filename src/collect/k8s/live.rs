//! The live collector: lists what the controls read from each cluster's API
//! server with the `kube` client, and converts every object with the same
//! [`add_object`] the manifest reader uses.
//!
//! One paginated list (`limit` + `continue`) per kind across all namespaces
//! (or the one `--namespace`), the kinds of a cluster and the clusters
//! listed concurrently. Only `get`/`list` requests are made and Secrets are
//! never listed (docs/k8s-rbac.yaml is the ClusterRole that suffices). A
//! kind the API server refuses (RBAC) or does not serve (a missing API
//! group) is recorded in `errors` and its controls are not evaluated; a
//! server that cannot be reached at all stops the run with its URL.

use super::object::{add_object, ObjectContext};
use crate::snapshot::k8s::Cluster;
use crate::snapshot::{CollectionError, Snapshot, Source, SourceKind, SourceRef};
use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::{
    apps::v1 as apps, autoscaling::v2 as autoscaling, batch::v1 as batch, core::v1 as core,
    networking::v1 as networking, policy::v1 as policy, rbac::v1 as rbac,
};
use kube::api::{Api, ApiResource, DynamicObject, ListParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use serde_json::{json, Value};
use std::path::PathBuf;

/// Objects per list page.
pub const PAGE_SIZE: u32 = 500;

/// What to collect, from the command line.
#[derive(Debug, Clone, Default)]
pub struct LiveOptions {
    /// `--kubeconfig`; else `$KUBECONFIG`, else `~/.kube/config`.
    pub kubeconfig: Option<PathBuf>,
    /// `--context` (repeatable); empty means the current context, or the
    /// in-cluster service account when there is no kubeconfig.
    pub contexts: Vec<String>,
    /// `--namespace`: list namespaced kinds in this namespace only.
    pub namespace: Option<String>,
    /// Objects per page (`limit`); 0 means [`PAGE_SIZE`].
    pub page_size: u32,
}

/// A live collection that could not start: exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("{0}")]
    Config(String),
    #[error("the Kubernetes API server {server} refused the credentials of context {context}: {message}")]
    Unauthorized {
        context: String,
        server: String,
        message: String,
    },
    #[error("cannot reach the Kubernetes API server {server} (context {context}): {message}")]
    Unreachable {
        context: String,
        server: String,
        message: String,
    },
}

/// One cluster to collect: a kubeconfig context or the in-cluster account.
pub struct Target {
    pub context: String,
    pub config: Config,
    /// The EKS cluster ARN the kubeconfig names (context or cluster name).
    pub eks_arn: Option<String>,
    /// The EKS cluster name the credentials ask a token for (`--cluster-name`).
    pub eks_name: Option<String>,
}

/// A kind the collector lists: its API resource and the collection it fills.
struct Kind {
    resource: ApiResource,
    collection: &'static str,
    namespaced: bool,
}

fn kind<K>(collection: &'static str, namespaced: bool) -> Kind
where
    K: kube::Resource<DynamicType = ()>,
{
    Kind {
        resource: ApiResource::erase::<K>(&()),
        collection,
        namespaced,
    }
}

/// Every kind the controls read (never Secrets).
fn kinds() -> Vec<Kind> {
    vec![
        kind::<core::Namespace>("k8s.namespaces", false),
        kind::<apps::Deployment>("k8s.workloads", true),
        kind::<apps::StatefulSet>("k8s.workloads", true),
        kind::<apps::DaemonSet>("k8s.workloads", true),
        kind::<apps::ReplicaSet>("k8s.workloads", true),
        kind::<core::Pod>("k8s.workloads", true),
        kind::<batch::Job>("k8s.workloads", true),
        kind::<batch::CronJob>("k8s.workloads", true),
        kind::<core::Service>("k8s.services", true),
        kind::<networking::Ingress>("k8s.ingresses", true),
        kind::<networking::NetworkPolicy>("k8s.network_policies", true),
        kind::<core::ResourceQuota>("k8s.resource_quotas", true),
        kind::<core::LimitRange>("k8s.limit_ranges", true),
        kind::<autoscaling::HorizontalPodAutoscaler>("k8s.hpas", true),
        kind::<policy::PodDisruptionBudget>("k8s.pdbs", true),
        kind::<core::ServiceAccount>("k8s.service_accounts", true),
        kind::<rbac::ClusterRoleBinding>("k8s.cluster_role_bindings", false),
        kind::<rbac::RoleBinding>("k8s.role_bindings", true),
    ]
}

/// The EKS cluster ARN in a kubeconfig name (`aws eks update-kubeconfig`
/// names the context and the cluster by it).
fn eks_arn(name: &str) -> Option<String> {
    (name.starts_with("arn:aws") && name.contains(":eks:") && name.contains(":cluster/"))
        .then(|| name.to_string())
}

/// The value after `--cluster-name` (aws eks get-token) or `-i`/`--cluster-id`
/// (aws-iam-authenticator) in an exec credential plugin's arguments.
fn eks_name_of_exec(args: &[String]) -> Option<String> {
    args.windows(2)
        .find(|w| matches!(w[0].as_str(), "--cluster-name" | "--cluster-id" | "-i"))
        .map(|w| w[1].clone())
}

/// The clusters to collect, from the kubeconfig (or the pod's service account).
pub async fn targets(opts: &LiveOptions) -> Result<Vec<Target>, LiveError> {
    // Fails only when a provider is installed already, which is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let kubeconfig = match &opts.kubeconfig {
        Some(path) => Some(
            Kubeconfig::read_from(path)
                .map_err(|e| LiveError::Config(format!("--kubeconfig {}: {e}", path.display())))?,
        ),
        None => Kubeconfig::read().ok(),
    };
    let Some(kubeconfig) = kubeconfig else {
        if !opts.contexts.is_empty() {
            return Err(LiveError::Config(
                "--context: no kubeconfig found ($KUBECONFIG, ~/.kube/config); give --kubeconfig FILE".into(),
            ));
        }
        let config = Config::incluster().map_err(|e| {
            LiveError::Config(format!(
                "--k8s: no kubeconfig ($KUBECONFIG, ~/.kube/config, --kubeconfig) and not running in a pod: {e}"
            ))
        })?;
        return Ok(vec![Target {
            context: "in-cluster".into(),
            config,
            eks_arn: None,
            eks_name: None,
        }]);
    };
    let contexts = if opts.contexts.is_empty() {
        vec![kubeconfig.current_context.clone().ok_or_else(|| {
            LiveError::Config(
                "--k8s: the kubeconfig has no current-context; name one with --context".into(),
            )
        })?]
    } else {
        opts.contexts.clone()
    };
    let mut out = Vec::new();
    for context in contexts {
        let named = kubeconfig.contexts.iter().find(|c| c.name == context);
        let Some(ctx) = named.and_then(|c| c.context.as_ref()) else {
            let known: Vec<&str> = kubeconfig
                .contexts
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            return Err(LiveError::Config(format!(
                "--context {context}: no such context in the kubeconfig (it has: {})",
                known.join(", ")
            )));
        };
        let exec_args = ctx
            .user
            .as_ref()
            .and_then(|u| kubeconfig.auth_infos.iter().find(|a| &a.name == u))
            .and_then(|a| a.auth_info.as_ref())
            .and_then(|a| a.exec.as_ref())
            .and_then(|e| e.args.clone())
            .unwrap_or_default();
        let options = KubeConfigOptions {
            context: Some(context.clone()),
            ..Default::default()
        };
        let config = Config::from_custom_kubeconfig(kubeconfig.clone(), &options)
            .await
            .map_err(|e| LiveError::Config(format!("--context {context}: {e}")))?;
        out.push(Target {
            eks_arn: eks_arn(&context).or_else(|| eks_arn(&ctx.cluster)),
            eks_name: eks_name_of_exec(&exec_args),
            context,
            config,
        });
    }
    Ok(out)
}

/// Lists one kind, page by page; each item as JSON with its kind.
async fn list_kind(
    client: Client,
    kind: &Kind,
    namespace: Option<&str>,
    page_size: u32,
) -> Result<Vec<Value>, kube::Error> {
    let api: Api<DynamicObject> = match namespace {
        Some(ns) if kind.namespaced => Api::namespaced_with(client, ns, &kind.resource),
        _ => Api::all_with(client, &kind.resource),
    };
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut params = ListParams::default().limit(page_size);
        if let Some(t) = &token {
            params = params.continue_token(t);
        }
        let page = api.list(&params).await?;
        for item in page.items {
            let mut v = serde_json::to_value(item).unwrap_or(Value::Null);
            if let Some(o) = v.as_object_mut() {
                o.insert("kind".into(), json!(kind.resource.kind));
                o.insert("apiVersion".into(), json!(kind.resource.api_version));
            }
            items.push(v);
        }
        match page.metadata.continue_ {
            Some(t) if !t.is_empty() => token = Some(t),
            _ => break,
        }
    }
    Ok(items)
}

/// Why a list failed, in words.
fn failure(kind: &Kind, e: &kube::Error) -> String {
    let what = format!("{} ({})", kind.resource.plural, kind.resource.api_version);
    match e {
        kube::Error::Api(s) if s.code == 403 => format!("forbidden to list {what}: {}", s.message),
        kube::Error::Api(s) if s.code == 404 => {
            format!("the cluster does not serve {what} (API group or version missing)")
        }
        kube::Error::Api(s) => format!("listing {what} failed ({}): {}", s.code, s.message),
        other => format!("listing {what} failed: {other}"),
    }
}

/// Collects one cluster into a snapshot.
pub async fn collect_target(target: Target, opts: &LiveOptions) -> Result<Snapshot, LiveError> {
    let server = target.config.cluster_url.to_string();
    let context = target.context.clone();
    let unreachable = |e: &dyn std::fmt::Display| LiveError::Unreachable {
        context: context.clone(),
        server: server.trim_end_matches('/').to_string(),
        message: e.to_string(),
    };
    let client = Client::try_from(target.config).map_err(|e| unreachable(&e))?;
    let version = match client.apiserver_version().await {
        Ok(info) => Some(info.git_version),
        Err(kube::Error::Api(s)) if s.code == 401 => {
            return Err(LiveError::Unauthorized {
                context: context.clone(),
                server: server.trim_end_matches('/').to_string(),
                message: s.message.clone(),
            })
        }
        Err(kube::Error::Api(_)) => None,
        Err(e) => return Err(unreachable(&e)),
    };
    let page_size = if opts.page_size == 0 {
        PAGE_SIZE
    } else {
        opts.page_size
    };
    let kinds = kinds();
    let namespace = opts.namespace.as_deref();
    let results: Vec<(&Kind, Result<Vec<Value>, kube::Error>)> = futures::stream::iter(&kinds)
        .map(|k| {
            let client = client.clone();
            async move { Ok::<_, ()>((k, list_kind(client, k, namespace, page_size).await)) }
        })
        .buffered(6)
        .try_collect()
        .await
        .unwrap_or_default();

    let mut s = Snapshot::default();
    s.sources.push(Source {
        kind: SourceKind::LiveK8s,
        context: Some(context.clone()),
        ..Default::default()
    });
    s.k8s.clusters.push(Cluster {
        id: context.clone(),
        cluster: context.clone(),
        name: context.clone(),
        server: Some(server.trim_end_matches('/').to_string()),
        version,
        eks_cluster_id: target.eks_arn,
        eks_cluster_name: target.eks_name,
        source: Some(SourceRef {
            kind: SourceKind::LiveK8s,
            ..Default::default()
        }),
        ..Default::default()
    });
    for (kind, result) in results {
        match result {
            Ok(items) => {
                for item in &items {
                    let ctx = ObjectContext {
                        cluster: &context,
                        default_namespace: None,
                        fallback_name: None,
                        source: SourceRef {
                            kind: SourceKind::LiveK8s,
                            ..Default::default()
                        },
                    };
                    add_object(item, &ctx, &mut s);
                }
            }
            Err(e) => s.errors.push(CollectionError {
                source: SourceKind::LiveK8s,
                service: "k8s".into(),
                collections: vec![kind.collection.to_string()],
                cluster: Some(context.clone()),
                operation: format!("list {}", kind.resource.plural),
                message: failure(kind, &e),
                ..Default::default()
            }),
        }
    }
    Ok(s)
}
