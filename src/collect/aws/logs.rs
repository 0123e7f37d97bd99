//! CloudWatch Logs: the retention of the log groups flow logs write to.

use super::all_items;
use super::scope::{error_message, Scope};
use crate::snapshot::Snapshot;
use aws_sdk_cloudwatchlogs::Client;
use std::collections::HashMap;

/// Sets `retention_days`/`retention_known` on the region's CloudWatch Logs
/// flow logs. A group that keeps logs forever has no retention but is known;
/// a group that cannot be read stays unknown (NET-008 not evaluated for it).
pub async fn fill_retention(client: &Client, scope: &Scope, out: &mut Snapshot) {
    let wanted = out
        .aws
        .flow_logs
        .iter()
        .any(|f| f.log_destination_type == "cloud-watch-logs" && f.log_group_name.is_some());
    if !wanted {
        return;
    }
    let groups = match all_items!(client.describe_log_groups()).await {
        Ok(g) => g,
        Err(e) => {
            // Only the retention is missing: the flow logs themselves stay judged.
            out.errors.push(scope.error(
                "logs",
                "DescribeLogGroups",
                &["aws.flow_logs.retention_days"],
                error_message(&e),
            ));
            return;
        }
    };
    let retention: HashMap<&str, Option<i32>> = groups
        .iter()
        .filter_map(|g| Some((g.log_group_name()?, g.retention_in_days())))
        .collect();
    for f in &mut out.aws.flow_logs {
        if f.log_destination_type != "cloud-watch-logs" {
            continue;
        }
        if let Some(days) = f.log_group_name.as_deref().and_then(|n| retention.get(n)) {
            f.retention_known = true;
            f.retention_days = days.map(|d| d.max(0) as u32);
        }
    }
}
