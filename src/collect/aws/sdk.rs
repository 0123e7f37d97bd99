//! SDK configuration: the standard credential chain (or `--profile`), the
//! region, the standard retry mode with adaptive back-off on throttling, and
//! `AWS_ENDPOINT_URL` (read natively by the SDK, which is how the tests
//! point it at a local moto server).

use super::AwsError;
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::Credentials;

/// Attempts per call, throttling included (the SDK's standard mode has 3).
const MAX_ATTEMPTS: u32 = 5;

/// Where the SDK looks for credentials, for the "no credentials" message.
pub const CREDENTIAL_CHAIN: &str = "environment variables (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN), \
the shared files ~/.aws/credentials and ~/.aws/config (AWS_PROFILE or --profile), web identity (AWS_WEB_IDENTITY_TOKEN_FILE), \
SSO, the ECS container endpoint and the EC2 instance metadata service";

/// Loads the base configuration and checks that credentials can be found.
pub async fn base(profile: Option<&str>, region: Option<&str>) -> Result<SdkConfig, AwsError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::adaptive().with_max_attempts(MAX_ATTEMPTS));
    if let Some(p) = profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = region {
        loader = loader.region(Region::new(r.to_string()));
    }
    let config = loader.load().await;
    if config.region().is_none() {
        return Err(AwsError::Usage(
            "--aws: no AWS region: give --region REGION, or set AWS_REGION or a region in the profile"
                .into(),
        ));
    }
    let Some(provider) = config.credentials_provider() else {
        return Err(no_credentials(profile, "no credential provider".into()));
    };
    if let Err(e) = provider.provide_credentials().await {
        return Err(no_credentials(profile, e.to_string()));
    }
    Ok(config)
}

fn no_credentials(profile: Option<&str>, why: String) -> AwsError {
    let profile = profile
        .map(|p| format!(" for profile `{p}`"))
        .unwrap_or_default();
    AwsError::Usage(format!(
        "--aws: no AWS credentials found{profile} ({why}). The SDK looks in, in order: {CREDENTIAL_CHAIN}"
    ))
}

/// The same configuration in another region.
pub fn in_region(config: &SdkConfig, region: &str) -> SdkConfig {
    config
        .to_builder()
        .region(Region::new(region.to_string()))
        .build()
}

/// The configuration of an assumed role's temporary credentials.
pub fn with_credentials(config: &SdkConfig, c: &aws_sdk_sts::types::Credentials) -> SdkConfig {
    let creds = Credentials::new(
        c.access_key_id(),
        c.secret_access_key(),
        Some(c.session_token().to_string()),
        None,
        "archcheck-assume-role",
    );
    config
        .to_builder()
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(creds))
        .build()
}
