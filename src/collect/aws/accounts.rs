//! Accounts: who the credentials are (STS), the roles to assume for other
//! accounts, and which regions to read in each.

use super::scope::{error_message, Scope};
use super::{sdk, AwsError};
use crate::snapshot::{CollectionError, SourceKind};
use aws_config::SdkConfig;

/// An account ready to collect: its ID and the configuration to use there.
pub struct Target {
    pub account_id: String,
    pub config: SdkConfig,
}

/// The caller's own account (no `--role-arn`).
pub async fn caller(config: &SdkConfig) -> Result<Target, AwsError> {
    let sts = aws_sdk_sts::Client::new(config);
    let id = sts.get_caller_identity().send().await.map_err(|e| {
        AwsError::Usage(format!(
            "--aws: sts:GetCallerIdentity failed: {}",
            error_message(&e)
        ))
    })?;
    Ok(Target {
        account_id: id.account().unwrap_or_default().to_string(),
        config: config.clone(),
    })
}

/// Assumes `role_arn`; a role that cannot be assumed is recorded as an
/// error of its account and the other accounts go on.
pub async fn assume(config: &SdkConfig, role_arn: &str) -> Result<Target, CollectionError> {
    let account_id = role_arn.split(':').nth(4).unwrap_or_default().to_string();
    let sts = aws_sdk_sts::Client::new(config);
    let failed = |message: String| CollectionError {
        source: SourceKind::LiveAws,
        service: "sts".into(),
        account_id: Some(account_id.clone()),
        operation: "AssumeRole".into(),
        message: format!("{role_arn}: {message}"),
        ..Default::default()
    };
    let out = sts
        .assume_role()
        .role_arn(role_arn)
        .role_session_name("archcheck")
        .send()
        .await
        .map_err(|e| failed(error_message(&e)))?;
    let creds = out
        .credentials()
        .ok_or_else(|| failed("no credentials in the answer".into()))?;
    let config = sdk::with_credentials(config, creds);
    // The account behind the role, as STS sees it.
    let account_id = match aws_sdk_sts::Client::new(&config)
        .get_caller_identity()
        .send()
        .await
    {
        Ok(id) => id.account().unwrap_or(&account_id).to_string(),
        Err(_) => account_id.clone(),
    };
    Ok(Target { account_id, config })
}

/// The regions to read: `--region`s, every enabled region with
/// `--all-regions`, else the configured one.
pub async fn regions(
    target: &Target,
    requested: &[String],
    all: bool,
) -> Result<Vec<String>, CollectionError> {
    if !all {
        if !requested.is_empty() {
            return Ok(requested.to_vec());
        }
        return Ok(target
            .config
            .region()
            .map(|r| vec![r.to_string()])
            .unwrap_or_default());
    }
    let ec2 = aws_sdk_ec2::Client::new(&target.config);
    let scope = Scope::new(
        &target.account_id,
        target
            .config
            .region()
            .map(|r| r.as_ref())
            .unwrap_or_default(),
    );
    // Without all_regions, DescribeRegions lists only the enabled regions.
    let out = ec2.describe_regions().send().await.map_err(|e| {
        scope.error(
            "ec2",
            "DescribeRegions",
            &["aws.accounts"],
            error_message(&e),
        )
    })?;
    let mut names: Vec<String> = out
        .regions()
        .iter()
        .filter_map(|r| r.region_name())
        .map(String::from)
        .collect();
    names.sort();
    Ok(names)
}
