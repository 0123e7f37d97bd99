//! The IAM credential report: console access and MFA of every user in one
//! CSV, generated on request (GenerateCredentialReport is read-only: it
//! builds a report, it changes no credential).

use super::scope::error_message;
use aws_sdk_iam::types::ReportStateType;
use aws_sdk_iam::Client;
use std::collections::HashMap;
use std::time::Duration;

/// What the collector takes from a user's row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportRow {
    pub password_enabled: bool,
    pub mfa_active: bool,
}

/// How long to wait for AWS to finish generating the report.
const ATTEMPTS: u32 = 20;
const PAUSE: Duration = Duration::from_millis(500);

/// The report's rows by user name (the root account's row is left out).
pub async fn read(client: &Client) -> Result<HashMap<String, ReportRow>, (String, String)> {
    for _ in 0..ATTEMPTS {
        let state = client
            .generate_credential_report()
            .send()
            .await
            .map_err(|e| ("GenerateCredentialReport".to_string(), error_message(&e)))?;
        if state.state() == Some(&ReportStateType::Complete) {
            let report = client
                .get_credential_report()
                .send()
                .await
                .map_err(|e| ("GetCredentialReport".to_string(), error_message(&e)))?;
            let text = report
                .content()
                .map(|b| String::from_utf8_lossy(b.as_ref()).into_owned())
                .unwrap_or_default();
            return Ok(parse(&text));
        }
        tokio::time::sleep(PAUSE).await;
    }
    Err((
        "GenerateCredentialReport".to_string(),
        "the credential report was not ready in time".to_string(),
    ))
}

/// Parses the report's CSV. Its fields never hold commas or quotes (names,
/// ARNs, dates, booleans), so a plain split is exact.
pub fn parse(csv: &str) -> HashMap<String, ReportRow> {
    let mut lines = csv.lines();
    let Some(header) = lines.next() else {
        return HashMap::new();
    };
    let cols: Vec<&str> = header.split(',').collect();
    let col = |name: &str| cols.iter().position(|c| *c == name);
    let (Some(user), Some(pw), Some(mfa)) =
        (col("user"), col("password_enabled"), col("mfa_active"))
    else {
        return HashMap::new();
    };
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f.len() == cols.len() && f[user] != "<root_account>")
        .map(|f| {
            (
                f[user].to_string(),
                ReportRow {
                    password_enabled: f[pw] == "true",
                    mfa_active: f[mfa] == "true",
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_by_user_without_the_root_account() {
        let csv = "user,arn,user_creation_time,password_enabled,password_last_used,mfa_active\n\
                   <root_account>,arn:aws:iam::1:root,2020-01-01T00:00:00+00:00,not_supported,N/A,true\n\
                   alice,arn:aws:iam::1:user/alice,2020-01-01T00:00:00+00:00,true,N/A,false\n";
        let rows = parse(csv);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows["alice"],
            ReportRow {
                password_enabled: true,
                mfa_active: false
            }
        );
    }
}
