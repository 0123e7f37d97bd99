//! IAM policy documents: URL-decoded and parsed, customer-managed ones
//! fetched once per ARN however many users and roles they are attached to.

use super::scope::error_message;
use crate::snapshot::aws::AttachedPolicy;
use aws_sdk_iam::Client;
use futures::StreamExt;
use std::collections::{BTreeSet, HashMap};

/// How many IAM calls run at once (IAM throttles early).
pub const IAM_CONCURRENCY: usize = 8;

/// A policy document as IAM returns it (URL-encoded JSON), parsed; a
/// document that is not JSON is kept as a string so nothing is lost.
pub fn parse_document(raw: &str) -> serde_json::Value {
    let decoded = if raw.trim_start().starts_with('{') {
        raw.to_string()
    } else {
        percent_encoding::percent_decode_str(raw)
            .decode_utf8_lossy()
            .into_owned()
    };
    serde_json::from_str(&decoded).unwrap_or(serde_json::Value::String(decoded))
}

/// Whether a managed policy ARN is AWS's own (`arn:aws:iam::aws:policy/…`).
pub fn is_aws_managed(arn: &str) -> bool {
    arn.split(':').nth(4) == Some("aws")
}

/// A document, or the operation that failed and why.
type Fetched = Result<serde_json::Value, (String, String)>;

/// Fills the documents of every customer-managed policy in `lists`
/// (AWS-managed documents are AWS's and are not read). Returns the errors.
pub async fn fill_customer_documents(
    client: &Client,
    lists: &mut [&mut Vec<AttachedPolicy>],
) -> Vec<(String, String)> {
    let arns: BTreeSet<String> = lists
        .iter()
        .flat_map(|l| l.iter())
        .filter(|p| p.kind == "customer")
        .filter_map(|p| p.arn.clone())
        .collect();
    let results: Vec<(String, Fetched)> = futures::stream::iter(arns)
        .map(|arn| async move {
            let doc = customer_document(client, &arn).await;
            (arn, doc)
        })
        .buffer_unordered(IAM_CONCURRENCY)
        .collect()
        .await;
    let mut docs = HashMap::new();
    let mut errors = Vec::new();
    for (arn, r) in results {
        match r {
            Ok(d) => {
                docs.insert(arn, d);
            }
            Err(e) => errors.push(e),
        }
    }
    for list in lists.iter_mut() {
        for p in list.iter_mut() {
            if let Some(d) = p.arn.as_ref().and_then(|a| docs.get(a)) {
                p.document = d.clone();
            }
        }
    }
    errors
}

async fn customer_document(client: &Client, arn: &str) -> Fetched {
    let policy = client
        .get_policy()
        .policy_arn(arn)
        .send()
        .await
        .map_err(|e| {
            (
                "GetPolicy".to_string(),
                format!("{arn}: {}", error_message(&e)),
            )
        })?;
    let version = policy
        .policy()
        .and_then(|p| p.default_version_id())
        .unwrap_or("v1")
        .to_string();
    let v = client
        .get_policy_version()
        .policy_arn(arn)
        .version_id(&version)
        .send()
        .await
        .map_err(|e| {
            (
                "GetPolicyVersion".to_string(),
                format!("{arn}: {}", error_message(&e)),
            )
        })?;
    Ok(v.policy_version()
        .and_then(|p| p.document())
        .map(parse_document)
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoded_documents_are_decoded_and_parsed() {
        let raw = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(
            parse_document(raw),
            serde_json::json!({"Version": "2012-10-17", "Statement": []})
        );
        assert_eq!(parse_document("{\"a\":1}"), serde_json::json!({"a": 1}));
        assert!(is_aws_managed("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assert!(!is_aws_managed("arn:aws:iam::111111111111:policy/x"));
    }
}
