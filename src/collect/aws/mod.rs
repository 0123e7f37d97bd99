//! Live AWS collection (feature `aws`): one file per service, each turning
//! what the SDK returns into the snapshot schema and recording what it could
//! not read as a [`CollectionError`] instead of failing the run.
//!
//! [`collect`] reads every account (the caller's, or each `--role-arn`) and,
//! in each, IAM once and every region concurrently; a semaphore bounds how
//! many region/service collectors run at once. Only read-only operations
//! are called: `docs/iam-policy.json` lists them, and `tests/aws_read_only.rs`
//! fails when this folder calls an operation the policy does not allow.

mod accounts;
pub mod aggregator;
mod config_recorders;
pub mod credential_report;
mod eks;
mod iam;
pub mod iam_policies;
mod instances;
mod load_balancers;
mod logs;
mod network;
mod rds;
pub mod scope;
mod sdk;
mod security_groups;

use crate::snapshot::aws::Account;
use crate::snapshot::{Snapshot, Source, SourceKind, Tags, ToolInfo};
use indicatif::ProgressBar;
use scope::Scope;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// A future of every item of a paginated operation, following every page
/// to the end.
macro_rules! all_items {
    ($request:expr) => {
        $request
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
    };
}
pub(crate) use all_items;

/// What to collect (the `--aws` flag group).
#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub regions: Vec<String>,
    pub all_regions: bool,
    pub role_arns: Vec<String>,
    pub config_aggregator: Option<String>,
    /// Region collectors running at once (across accounts).
    pub concurrency: usize,
}

/// A run that cannot start (no credentials, no region, a bad aggregator
/// name): a usage error, exit 2. Everything after that is data.
#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    #[error("{0}")]
    Usage(String),
}

/// Makes a progress line for an account or region (hidden off a terminal).
pub type TaskLine<'a> = &'a (dyn Fn(&str) -> ProgressBar + Sync);

/// Collects live AWS state: one snapshot per account.
pub fn collect(opts: &AwsOptions, task: TaskLine<'_>) -> Result<Vec<Snapshot>, AwsError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| AwsError::Usage(format!("--aws: cannot start the runtime: {e}")))?;
    runtime.block_on(collect_async(opts, task))
}

async fn collect_async(opts: &AwsOptions, task: TaskLine<'_>) -> Result<Vec<Snapshot>, AwsError> {
    let first_region = opts.regions.first().map(String::as_str);
    let base = sdk::base(opts.profile.as_deref(), first_region).await?;
    if let Some(name) = &opts.config_aggregator {
        return aggregator::collect(&base, name, task)
            .await
            .map(|s| vec![s]);
    }
    let mut targets = Vec::new();
    let mut failed = Vec::new();
    if opts.role_arns.is_empty() {
        targets.push(accounts::caller(&base).await?);
    } else {
        for arn in &opts.role_arns {
            match accounts::assume(&base, arn).await {
                Ok(t) => targets.push(t),
                Err(e) => failed.push(e),
            }
        }
    }
    let limit = Arc::new(Semaphore::new(opts.concurrency.max(1)));
    let runs = targets
        .iter()
        .map(|t| collect_account(t, opts, limit.clone(), task));
    let mut snapshots = futures::future::join_all(runs).await;
    if !failed.is_empty() {
        let mut s = Snapshot::empty();
        s.errors = failed;
        snapshots.push(s);
    }
    Ok(snapshots)
}

/// One account: IAM once (global), then every region concurrently.
async fn collect_account(
    target: &accounts::Target,
    opts: &AwsOptions,
    limit: Arc<Semaphore>,
    task: TaskLine<'_>,
) -> Snapshot {
    let mut snapshot = Snapshot::empty();
    snapshot.collected_at = chrono::Utc::now().to_rfc3339();
    snapshot.tool = Some(ToolInfo {
        name: "archcheck".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    });
    let regions = match accounts::regions(target, &opts.regions, opts.all_regions).await {
        Ok(r) => r,
        Err(e) => {
            snapshot.errors.push(e);
            Vec::new()
        }
    };
    let global = Scope::new(&target.account_id, "global");
    let iam_line = task(&format!("{} IAM", target.account_id));
    let iam_run = async {
        let _permit = limit.acquire().await.expect("semaphore open");
        let mut part = Snapshot::empty();
        let iam = aws_sdk_iam::Client::new(&target.config);
        let alias = iam::collect(&iam, &global, &mut part).await;
        iam_line.set_position(part.resource_count() as u64);
        iam_line.finish_with_message("done");
        (part, alias)
    };
    let region_runs = regions.iter().map(|region| {
        let limit = limit.clone();
        let line = task(&format!("{} {region}", target.account_id));
        async move {
            let _permit = limit.acquire().await.expect("semaphore open");
            let config = sdk::in_region(&target.config, region);
            let part =
                collect_region(&config, &Scope::new(&target.account_id, region), &line).await;
            line.finish_with_message("done");
            part
        }
    });
    let ((iam_part, alias), parts) = tokio::join!(iam_run, futures::future::join_all(region_runs));
    snapshot.merge(iam_part);
    for p in parts {
        snapshot.merge(p);
    }
    snapshot.aws.accounts.push(Account {
        alias: alias.clone(),
        regions: regions.clone(),
        ..Account::with_identity(global.identity(
            target.account_id.clone(),
            &target.account_id,
            None,
            Tags::new(),
            alias.as_deref(),
        ))
    });
    if let Some(a) = snapshot.aws.accounts.last_mut() {
        a.region = "global".into();
    }
    snapshot.sources.push(Source {
        kind: SourceKind::LiveAws,
        account_id: Some(target.account_id.clone()),
        regions,
        ..Default::default()
    });
    snapshot
}

/// Every regional service of one account and region, concurrently.
async fn collect_region(
    config: &aws_config::SdkConfig,
    scope: &Scope,
    line: &ProgressBar,
) -> Snapshot {
    let ec2 = aws_sdk_ec2::Client::new(config);
    let mut net = Snapshot::empty();
    let mut sgs = Snapshot::empty();
    let mut inst = Snapshot::empty();
    let mut lbs = Snapshot::empty();
    let mut dbs = Snapshot::empty();
    let mut k8s = Snapshot::empty();
    let mut cfg = Snapshot::empty();
    line.set_message("collecting");
    tokio::join!(
        async {
            network::collect(&ec2, scope, &mut net).await;
            let logs = aws_sdk_cloudwatchlogs::Client::new(config);
            logs::fill_retention(&logs, scope, &mut net).await;
            line.inc(net.resource_count() as u64);
        },
        async {
            security_groups::collect(&ec2, scope, &mut sgs).await;
            line.inc(sgs.resource_count() as u64);
        },
        async {
            instances::collect(&ec2, scope, &mut inst).await;
            line.inc(inst.resource_count() as u64);
        },
        async {
            let elb = aws_sdk_elasticloadbalancingv2::Client::new(config);
            let waf = aws_sdk_wafv2::Client::new(config);
            load_balancers::collect(&elb, &waf, scope, &mut lbs).await;
            line.inc(lbs.resource_count() as u64);
        },
        async {
            rds::collect(&aws_sdk_rds::Client::new(config), scope, &mut dbs).await;
            line.inc(dbs.resource_count() as u64);
        },
        async {
            eks::collect(&aws_sdk_eks::Client::new(config), scope, &mut k8s).await;
            line.inc(k8s.resource_count() as u64);
        },
        async {
            config_recorders::collect(&aws_sdk_config::Client::new(config), scope, &mut cfg).await;
            line.inc(cfg.resource_count() as u64);
        },
    );
    for part in [sgs, inst, lbs, dbs, k8s, cfg] {
        net.merge(part);
    }
    net
}
