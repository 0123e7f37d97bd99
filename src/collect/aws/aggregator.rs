//! `--config-aggregator NAME`: the snapshot of every account and region of
//! an AWS Config aggregator, built from its aggregated inventory with one
//! advanced query (SelectAggregateResourceConfig, every page) instead of
//! calling each account. Configuration items are mapped to the same schema
//! as the live collectors by [`map_items`]; what Config does not record
//! (IAM users' credentials, flow-log retention, WAF associations, EKS node
//! groups, …) is absent, and docs/aws.md lists which controls this mode can
//! and cannot judge.

use super::scope::Scope;
use super::{AwsError, TaskLine};
use crate::snapshot::aws::*;
use crate::snapshot::{CollectionError, Snapshot, Source, SourceKind, SourceRef, Tags, ToolInfo};
use serde_json::Value;
use std::collections::BTreeSet;

/// The resource types this mode maps (AWS Config type names).
pub const RESOURCE_TYPES: &[&str] = &[
    "AWS::EC2::VPC",
    "AWS::EC2::Subnet",
    "AWS::EC2::RouteTable",
    "AWS::EC2::InternetGateway",
    "AWS::EC2::NatGateway",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::NetworkAcl",
    "AWS::EC2::Instance",
    "AWS::RDS::DBInstance",
    "AWS::EKS::Cluster",
];

/// The advanced query: every mapped resource with its configuration and tags.
pub fn query() -> String {
    let types: Vec<String> = RESOURCE_TYPES.iter().map(|t| format!("'{t}'")).collect();
    format!(
        "SELECT resourceId, resourceType, resourceName, accountId, awsRegion, arn, tags, configuration WHERE resourceType IN ({})",
        types.join(", ")
    )
}

pub async fn collect(
    config: &aws_config::SdkConfig,
    name: &str,
    task: TaskLine<'_>,
) -> Result<Snapshot, AwsError> {
    let client = aws_sdk_config::Client::new(config);
    let line = task(&format!("Config aggregator {name}"));
    let pages = client
        .select_aggregate_resource_config()
        .configuration_aggregator_name(name)
        .expression(query())
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<String>, _>>()
        .await;
    let rows = match pages {
        Ok(rows) => rows,
        Err(e) => {
            let msg = super::scope::error_message(&e);
            if e.as_service_error()
                .is_some_and(|s| s.is_no_such_configuration_aggregator_exception())
            {
                return Err(AwsError::Usage(format!(
                    "--config-aggregator: no aggregator named `{name}` ({msg})"
                )));
            }
            let mut s = Snapshot::empty();
            s.errors.push(CollectionError {
                source: SourceKind::AwsConfig,
                service: "config".into(),
                collections: aggregated_collections(),
                operation: "SelectAggregateResourceConfig".into(),
                message: msg,
                ..Default::default()
            });
            return Ok(s);
        }
    };
    line.set_position(rows.len() as u64);
    let items: Vec<Value> = rows
        .iter()
        .filter_map(|r| serde_json::from_str(r).ok())
        .collect();
    let mut snapshot = map_items(&items);
    snapshot.sources.push(Source {
        kind: SourceKind::AwsConfig,
        ..Default::default()
    });
    line.finish_with_message("done");
    Ok(snapshot)
}

fn aggregated_collections() -> Vec<String> {
    [
        "aws.vpcs",
        "aws.subnets",
        "aws.route_tables",
        "aws.internet_gateways",
        "aws.nat_gateways",
        "aws.security_groups",
        "aws.network_acls",
        "aws.ec2_instances",
        "aws.rds_instances",
        "aws.eks_clusters",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Maps configuration items (as the advanced query returns them) to a snapshot.
pub fn map_items(items: &[Value]) -> Snapshot {
    let mut s = Snapshot::empty();
    s.collected_at = chrono::Utc::now().to_rfc3339();
    s.tool = Some(ToolInfo {
        name: "archcheck".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    });
    let mut accounts: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for item in items {
        let account = text(item, "accountId");
        let region = text(item, "awsRegion");
        accounts
            .entry(account.clone())
            .or_default()
            .insert(region.clone());
        let scope = Scope::new(&account, &region);
        let c = item.get("configuration").cloned().unwrap_or(Value::Null);
        // Some items carry the configuration as a JSON string.
        let c = match c {
            Value::String(t) => serde_json::from_str(&t).unwrap_or(Value::Null),
            v => v,
        };
        map_item(&mut s, &scope, item, &c);
    }
    for (account, regions) in accounts {
        let scope = Scope::new(&account, "global");
        s.aws.accounts.push(Account {
            regions: regions.into_iter().collect(),
            ..Account::with_identity(identity(
                &scope,
                account.clone(),
                &account,
                None,
                Tags::new(),
            ))
        });
    }
    s
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn int(v: &Value, key: &str) -> Option<i32> {
    v.get(key).and_then(Value::as_i64).map(|n| n as i32)
}

fn list<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Tags as the query returns them (`[{"key","value"}]`) or as EC2 items
/// hold them in their configuration.
fn tags_of(item: &Value, c: &Value) -> Tags {
    let from = |l: &[Value]| -> Tags {
        l.iter()
            .filter_map(|t| {
                let k = t.get("key").or_else(|| t.get("Key"))?.as_str()?;
                let v = t.get("value").or_else(|| t.get("Value"))?.as_str()?;
                Some((k.to_string(), v.to_string()))
            })
            .collect()
    };
    let t = from(list(item, "tags"));
    if t.is_empty() {
        from(list(c, "tags"))
    } else {
        t
    }
}

fn identity(
    scope: &Scope,
    id: String,
    native: &str,
    arn: Option<String>,
    tags: Tags,
) -> crate::snapshot::AwsIdentity {
    let mut i = scope.identity(id, native, arn, tags, None);
    i.source = Some(SourceRef {
        kind: SourceKind::AwsConfig,
        ..Default::default()
    });
    i
}

fn map_item(s: &mut Snapshot, scope: &Scope, item: &Value, c: &Value) {
    let native = text(item, "resourceId");
    let tags = tags_of(item, c);
    let ec2 = |kind: &str| {
        let arn = scope.ec2_arn(kind, &native);
        identity(scope, arn.clone(), &native, Some(arn), tags.clone())
    };
    let r = |v: &Value, k: &str| scope.ec2_ref(&text(v, k));
    let aws = &mut s.aws;
    match text(item, "resourceType").as_str() {
        "AWS::EC2::VPC" => aws.vpcs.push(Vpc {
            cidr_block: text(c, "cidrBlock"),
            is_default: flag(c, "isDefault"),
            ..Vpc::with_identity(ec2("vpc"))
        }),
        "AWS::EC2::Subnet" => aws.subnets.push(Subnet {
            vpc_id: r(c, "vpcId"),
            cidr_block: text(c, "cidrBlock"),
            availability_zone: c
                .get("availabilityZone")
                .and_then(Value::as_str)
                .map(String::from),
            availability_zone_id: c
                .get("availabilityZoneId")
                .and_then(Value::as_str)
                .map(String::from),
            map_public_ip_on_launch: flag(c, "mapPublicIpOnLaunch"),
            ..Subnet::with_identity(ec2("subnet"))
        }),
        "AWS::EC2::RouteTable" => aws.route_tables.push(RouteTable {
            vpc_id: r(c, "vpcId"),
            is_main: list(c, "associations").iter().any(|a| flag(a, "main")),
            subnet_ids: list(c, "associations")
                .iter()
                .filter(|a| a.get("subnetId").is_some_and(|v| v.is_string()))
                .map(|a| r(a, "subnetId"))
                .collect(),
            routes: list(c, "routes").iter().map(|x| route(scope, x)).collect(),
            ..RouteTable::with_identity(ec2("route-table"))
        }),
        "AWS::EC2::InternetGateway" => aws.internet_gateways.push(InternetGateway {
            vpc_ids: list(c, "attachments")
                .iter()
                .map(|a| r(a, "vpcId"))
                .collect(),
            ..InternetGateway::with_identity(ec2("internet-gateway"))
        }),
        "AWS::EC2::NatGateway" => aws.nat_gateways.push(NatGateway {
            vpc_id: r(c, "vpcId"),
            subnet_id: r(c, "subnetId"),
            connectivity_type: c
                .get("connectivityType")
                .and_then(Value::as_str)
                .unwrap_or("public")
                .to_string(),
            state: c.get("state").and_then(Value::as_str).map(String::from),
            ..NatGateway::with_identity(ec2("natgateway"))
        }),
        "AWS::EC2::SecurityGroup" => aws.security_groups.push(SecurityGroup {
            vpc_id: r(c, "vpcId"),
            group_name: text(c, "groupName"),
            description: c
                .get("description")
                .and_then(Value::as_str)
                .map(String::from),
            is_default: text(c, "groupName") == "default",
            ingress: list(c, "ipPermissions")
                .iter()
                .map(|p| sg_rule(scope, &native, p))
                .collect(),
            egress: list(c, "ipPermissionsEgress")
                .iter()
                .map(|p| sg_rule(scope, &native, p))
                .collect(),
            ..SecurityGroup::with_identity(ec2("security-group"))
        }),
        "AWS::EC2::NetworkAcl" => aws.network_acls.push(NetworkAcl {
            vpc_id: r(c, "vpcId"),
            is_default: flag(c, "isDefault"),
            subnet_ids: list(c, "associations")
                .iter()
                .map(|a| r(a, "subnetId"))
                .collect(),
            entries: list(c, "entries")
                .iter()
                .map(|e| NetworkAclEntry {
                    rule_number: int(e, "ruleNumber").unwrap_or_default(),
                    egress: flag(e, "egress"),
                    protocol: text(e, "protocol"),
                    rule_action: text(e, "ruleAction"),
                    cidr_block: e.get("cidrBlock").and_then(Value::as_str).map(String::from),
                    ipv6_cidr_block: e
                        .get("ipv6CidrBlock")
                        .and_then(Value::as_str)
                        .map(String::from),
                    from_port: e.get("portRange").and_then(|p| int(p, "from")),
                    to_port: e.get("portRange").and_then(|p| int(p, "to")),
                })
                .collect(),
            ..NetworkAcl::with_identity(ec2("network-acl"))
        }),
        "AWS::EC2::Instance" => aws.ec2_instances.push(Ec2Instance {
            vpc_id: r(c, "vpcId"),
            subnet_id: r(c, "subnetId"),
            security_group_ids: list(c, "securityGroups")
                .iter()
                .map(|g| r(g, "groupId"))
                .collect(),
            state: c
                .get("state")
                .and_then(|s| s.get("name"))
                .and_then(Value::as_str)
                .map(String::from),
            public_ip_address: c
                .get("publicIpAddress")
                .and_then(Value::as_str)
                .map(String::from),
            ..Ec2Instance::with_identity(ec2("instance"))
        }),
        "AWS::RDS::DBInstance" => {
            let name = text(c, "dBInstanceIdentifier");
            let arn = item
                .get("arn")
                .and_then(Value::as_str)
                .map(String::from)
                .unwrap_or_else(|| scope.rds_arn("db", &name));
            let mut ident = identity(scope, arn.clone(), &name, Some(arn), tags);
            ident.name = ident.name.or(Some(name.clone()));
            let group = c.get("dBSubnetGroup").cloned().unwrap_or(Value::Null);
            aws.rds_instances.push(RdsInstance {
                engine: text(c, "engine"),
                engine_version: text(c, "engineVersion"),
                instance_class: c
                    .get("dBInstanceClass")
                    .and_then(Value::as_str)
                    .map(String::from),
                multi_az: flag(c, "multiAZ"),
                availability_zone: c
                    .get("availabilityZone")
                    .and_then(Value::as_str)
                    .map(String::from),
                backup_retention_period: int(c, "backupRetentionPeriod").map(|d| d.max(0) as u32),
                publicly_accessible: flag(c, "publiclyAccessible"),
                storage_encrypted: flag(c, "storageEncrypted"),
                deletion_protection: flag(c, "deletionProtection"),
                performance_insights_enabled: flag(c, "performanceInsightsEnabled"),
                db_subnet_group_id: group
                    .get("dBSubnetGroupName")
                    .and_then(Value::as_str)
                    .map(|n| scope.rds_arn("subgrp", n)),
                security_group_ids: list(c, "vpcSecurityGroups")
                    .iter()
                    .map(|g| r(g, "vpcSecurityGroupId"))
                    .collect(),
                port: c.get("endpoint").and_then(|e| int(e, "port")),
                cluster_id: c
                    .get("dBClusterIdentifier")
                    .and_then(Value::as_str)
                    .map(|n| scope.rds_arn("cluster", n)),
                ..RdsInstance::with_identity(ident)
            });
            // The subnet group travels inside the instance's item.
            if let Some(gname) = group.get("dBSubnetGroupName").and_then(Value::as_str) {
                let id = scope.rds_arn("subgrp", gname);
                if !aws.db_subnet_groups.iter().any(|g| g.id == id) {
                    aws.db_subnet_groups.push(DbSubnetGroup {
                        vpc_id: r(&group, "vpcId"),
                        subnet_ids: list(&group, "subnets")
                            .iter()
                            .map(|s| r(s, "subnetIdentifier"))
                            .collect(),
                        ..DbSubnetGroup::with_identity(identity(
                            scope,
                            id.clone(),
                            gname,
                            Some(id.clone()),
                            Tags::new(),
                        ))
                    });
                }
            }
        }
        "AWS::EKS::Cluster" => {
            let name = text(c, "Name");
            let arn = text(c, "Arn");
            let vpc = c.get("ResourcesVpcConfig").cloned().unwrap_or(Value::Null);
            let strings = |v: &Value, k: &str| -> Vec<String> {
                list(v, k)
                    .iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            };
            // Config records EKS clusters in CloudFormation's shape:
            // Logging.ClusterLogging.EnabledTypes[].Type.
            let logging: Vec<String> = c
                .get("Logging")
                .and_then(|l| l.get("ClusterLogging"))
                .map(|l| {
                    list(l, "EnabledTypes")
                        .iter()
                        .map(|t| text(t, "Type"))
                        .collect()
                })
                .unwrap_or_default();
            let mut ident = identity(scope, arn.clone(), &name, Some(arn), tags);
            ident.name = ident.name.or(Some(name.clone()));
            aws.eks_clusters.push(EksCluster {
                version: text(c, "Version"),
                vpc_id: scope.ec2_ref(&text(&vpc, "VpcId")),
                subnet_ids: strings(&vpc, "SubnetIds")
                    .iter()
                    .map(|s| scope.ec2_ref(s))
                    .collect(),
                security_group_ids: strings(&vpc, "SecurityGroupIds")
                    .iter()
                    .map(|s| scope.ec2_ref(s))
                    .collect(),
                cluster_security_group_id: vpc
                    .get("ClusterSecurityGroupId")
                    .and_then(Value::as_str)
                    .map(|s| scope.ec2_ref(s)),
                endpoint_public_access: flag(&vpc, "EndpointPublicAccess"),
                endpoint_private_access: flag(&vpc, "EndpointPrivateAccess"),
                public_access_cidrs: flag(&vpc, "EndpointPublicAccess")
                    .then(|| strings(&vpc, "PublicAccessCidrs")),
                secrets_encryption_kms_key: list(c, "EncryptionConfig")
                    .iter()
                    .filter(|e| strings(e, "Resources").iter().any(|r| r == "secrets"))
                    .find_map(|e| e.get("Provider").and_then(|p| p.get("KeyArn")))
                    .and_then(Value::as_str)
                    .map(String::from),
                enabled_log_types: logging,
                oidc_issuer: None,
                endpoint: c.get("Endpoint").and_then(Value::as_str).map(String::from),
                ..EksCluster::with_identity(ident)
            });
        }
        _ => {}
    }
}

fn route(scope: &Scope, r: &Value) -> Route {
    use RouteTargetKind as K;
    let pick = [
        ("natGatewayId", K::Nat),
        ("egressOnlyInternetGatewayId", K::EgressOnly),
        ("transitGatewayId", K::Tgw),
        ("vpcPeeringConnectionId", K::Peering),
        ("instanceId", K::Instance),
        ("gatewayId", K::Unknown),
        ("networkInterfaceId", K::Eni),
    ];
    let (kind, target) = pick
        .iter()
        .find_map(|(k, kind)| {
            let v = r.get(*k)?.as_str().filter(|s| !s.is_empty())?;
            let kind = match (kind, v.split('-').next()) {
                (K::Unknown, Some("igw")) => K::Igw,
                (K::Unknown, Some("vpce")) => K::Vpce,
                (K::Unknown, Some("vgw")) => K::VirtualPrivateGateway,
                (K::Unknown, Some("local")) => K::Local,
                (k, _) => *k,
            };
            Some((kind, v.to_string()))
        })
        .unwrap_or((K::Unknown, String::new()));
    Route {
        destination_cidr_block: r
            .get("destinationCidrBlock")
            .and_then(Value::as_str)
            .map(String::from),
        destination_ipv6_cidr_block: r
            .get("destinationIpv6CidrBlock")
            .and_then(Value::as_str)
            .map(String::from),
        destination_prefix_list_id: r
            .get("destinationPrefixListId")
            .and_then(Value::as_str)
            .map(String::from),
        target_kind: kind,
        target_id: scope.ec2_ref(&target),
        state: r
            .get("state")
            .and_then(Value::as_str)
            .map(|s| s.to_ascii_lowercase()),
    }
}

fn sg_rule(scope: &Scope, own: &str, p: &Value) -> SecurityGroupRule {
    let protocol = text(p, "ipProtocol");
    let all = protocol == "-1";
    let mut groups = Vec::new();
    let mut self_reference = false;
    for g in list(p, "userIdGroupPairs") {
        let gid = text(g, "groupId");
        if gid == own {
            self_reference = true;
            continue;
        }
        let owner = g
            .get("userId")
            .and_then(Value::as_str)
            .unwrap_or(&scope.account_id)
            .to_string();
        let owner_scope = Scope {
            account_id: owner.clone(),
            ..scope.clone()
        };
        groups.push(GroupRef {
            group_id: owner_scope.ec2_ref(&gid),
            account_id: Some(owner),
        });
    }
    // Config records IPv4 ranges both as `ipv4Ranges` objects and `ipRanges` strings.
    let mut cidr_blocks: Vec<String> = list(p, "ipv4Ranges")
        .iter()
        .map(|r| text(r, "cidrIp"))
        .collect();
    if cidr_blocks.is_empty() {
        cidr_blocks = list(p, "ipRanges")
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
    }
    SecurityGroupRule {
        from_port: int(p, "fromPort").filter(|_| !all),
        to_port: int(p, "toPort").filter(|_| !all),
        protocol,
        cidr_blocks,
        ipv6_cidr_blocks: list(p, "ipv6Ranges")
            .iter()
            .map(|r| text(r, "cidrIpv6"))
            .collect(),
        prefix_list_ids: list(p, "prefixListIds")
            .iter()
            .map(|r| text(r, "prefixListId"))
            .collect(),
        groups,
        self_reference,
        description: None,
        internet_cidrs: Vec::new(),
    }
}
