//! Where a collector runs (account, region, partition) and the helpers every
//! service file uses to name resources and record what it could not read.

use crate::snapshot::{AwsIdentity, CollectionError, SourceKind, SourceRef, Tags};
use aws_sdk_ec2::error::{DisplayErrorContext, ProvideErrorMetadata};

/// One account and region being collected (`region` is `global` for IAM).
#[derive(Debug, Clone)]
pub struct Scope {
    pub account_id: String,
    pub region: String,
    pub partition: String,
}

impl Scope {
    pub fn new(account_id: &str, region: &str) -> Self {
        Scope {
            account_id: account_id.to_string(),
            region: region.to_string(),
            partition: partition_of(region).to_string(),
        }
    }

    /// `arn:aws:ec2:us-east-1:111111111111:subnet/subnet-0a1`.
    pub fn ec2_arn(&self, kind: &str, native_id: &str) -> String {
        format!(
            "arn:{}:ec2:{}:{}:{kind}/{native_id}",
            self.partition, self.region, self.account_id
        )
    }

    /// The snapshot `id` of an EC2 resource from its native ID, by prefix
    /// (`vpc-`, `subnet-`, `sg-`, …); unknown prefixes keep the native ID.
    pub fn ec2_ref(&self, native_id: &str) -> String {
        match ec2_kind(native_id) {
            Some(kind) => self.ec2_arn(kind, native_id),
            None => native_id.to_string(),
        }
    }

    /// `arn:aws:rds:us-east-1:111111111111:db:name` (kind `db`, `cluster`, `subgrp`, …).
    pub fn rds_arn(&self, kind: &str, name: &str) -> String {
        format!(
            "arn:{}:rds:{}:{}:{kind}:{name}",
            self.partition, self.region, self.account_id
        )
    }

    /// The common fields of a resource read live.
    pub fn identity(
        &self,
        id: String,
        native_id: &str,
        arn: Option<String>,
        tags: Tags,
        own_name: Option<&str>,
    ) -> AwsIdentity {
        let name = tags
            .get("Name")
            .cloned()
            .or_else(|| own_name.map(String::from));
        AwsIdentity {
            id,
            native_id: native_id.to_string(),
            arn,
            account_id: self.account_id.clone(),
            region: self.region.clone(),
            name,
            tags,
            source: Some(SourceRef {
                kind: SourceKind::LiveAws,
                ..Default::default()
            }),
        }
    }

    /// A failed call: the collections it leaves incomplete are reported as
    /// not evaluated for this account and region.
    pub fn error(
        &self,
        service: &str,
        operation: &str,
        collections: &[&str],
        message: String,
    ) -> CollectionError {
        CollectionError {
            source: SourceKind::LiveAws,
            service: service.to_string(),
            collections: collections.iter().map(|c| c.to_string()).collect(),
            account_id: Some(self.account_id.clone()),
            region: Some(self.region.clone()),
            cluster: None,
            operation: operation.to_string(),
            message,
        }
    }
}

/// The partition of a region (`aws`, `aws-cn`, `aws-us-gov`).
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The ARN resource type of an EC2 ID, by its prefix.
fn ec2_kind(native_id: &str) -> Option<&'static str> {
    let prefix = native_id.split('-').next()?;
    Some(match prefix {
        "vpc" => "vpc",
        "subnet" => "subnet",
        "rtb" => "route-table",
        "igw" => "internet-gateway",
        "eigw" => "egress-only-internet-gateway",
        "nat" => "natgateway",
        "vpce" => "vpc-endpoint",
        "fl" => "vpc-flow-log",
        "acl" => "network-acl",
        "sg" => "security-group",
        "i" => "instance",
        "eni" => "network-interface",
        "tgw" => "transit-gateway",
        "pcx" => "vpc-peering-connection",
        "vgw" => "vpn-gateway",
        _ => return None,
    })
}

/// "Code: message" of an SDK error, or its whole chain when it has no code
/// (a connection failure, a timeout).
pub fn error_message<E>(e: &E) -> String
where
    E: ProvideErrorMetadata + std::error::Error,
{
    match (e.code(), e.message()) {
        (Some(code), Some(msg)) => format!("{code}: {msg}"),
        (Some(code), None) => code.to_string(),
        _ => DisplayErrorContext(e).to_string(),
    }
}

/// Tags from any SDK's key/value pairs.
pub fn tags_from<I, K, V>(pairs: I) -> Tags
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<String>,
    V: Into<String>,
{
    pairs
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect()
}

/// EC2's tag list as a map.
pub fn ec2_tags(tags: &[aws_sdk_ec2::types::Tag]) -> Tags {
    tags_from(tags.iter().filter_map(|t| {
        Some((
            t.key()?.to_string(),
            t.value().unwrap_or_default().to_string(),
        ))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ec2_ids_become_arns_by_prefix() {
        let s = Scope::new("111111111111", "eu-west-1");
        assert_eq!(
            s.ec2_ref("subnet-0a1"),
            "arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-0a1"
        );
        assert_eq!(
            s.ec2_ref("nat-0a1"),
            "arn:aws:ec2:eu-west-1:111111111111:natgateway/nat-0a1"
        );
        assert_eq!(s.ec2_ref("local"), "local");
        assert_eq!(Scope::new("1", "cn-north-1").partition, "aws-cn");
    }
}
