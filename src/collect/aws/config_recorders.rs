//! AWS Config configuration recorders and whether they are recording.

use super::scope::{error_message, Scope};
use crate::snapshot::aws::ConfigRecorder;
use crate::snapshot::{Snapshot, Tags};
use aws_sdk_config::Client;

pub async fn collect(client: &Client, scope: &Scope, out: &mut Snapshot) {
    let (recorders, status) = tokio::join!(
        client.describe_configuration_recorders().send(),
        client.describe_configuration_recorder_status().send()
    );
    let recorders = match recorders {
        Ok(r) => r,
        Err(e) => {
            out.errors.push(scope.error(
                "config",
                "DescribeConfigurationRecorders",
                &[],
                error_message(&e),
            ));
            return;
        }
    };
    let status = match status {
        Ok(s) => s,
        Err(e) => {
            out.errors.push(scope.error(
                "config",
                "DescribeConfigurationRecorderStatus",
                &[],
                error_message(&e),
            ));
            return;
        }
    };
    for r in recorders.configuration_recorders() {
        let name = r.name().unwrap_or("default");
        let recording = status
            .configuration_recorders_status()
            .iter()
            .any(|s| s.name() == Some(name) && s.recording());
        let group = r.recording_group();
        let id = format!("{}/{}/{name}", scope.account_id, scope.region);
        out.aws.config_recorders.push(ConfigRecorder {
            recording,
            all_supported: group.is_some_and(|g| g.all_supported()),
            include_global_resource_types: group.is_some_and(|g| g.include_global_resource_types()),
            ..ConfigRecorder::with_identity(scope.identity(
                id,
                name,
                r.arn().map(String::from),
                Tags::new(),
                Some(name),
            ))
        });
    }
}
