//! The AWS section of the snapshot: every entity the controls read.
//!
//! Field names follow the AWS APIs in snake_case. Fields marked
//! "normaliser" are filled by `normalize/` before policies run; collectors
//! leave them empty.

use crate::aws_resource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Every AWS collection. In the Rego input each collection is an object keyed
/// by resource `id` (so `input.aws.route_tables[subnet.route_table_id]` is a
/// lookup, not a scan); in the snapshot file it is an array.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AwsState {
    pub accounts: Vec<Account>,
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub internet_gateways: Vec<InternetGateway>,
    pub egress_only_internet_gateways: Vec<EgressOnlyInternetGateway>,
    pub nat_gateways: Vec<NatGateway>,
    pub vpc_endpoints: Vec<VpcEndpoint>,
    pub flow_logs: Vec<FlowLog>,
    pub network_acls: Vec<NetworkAcl>,
    pub security_groups: Vec<SecurityGroup>,
    pub load_balancers: Vec<LoadBalancer>,
    pub ec2_instances: Vec<Ec2Instance>,
    pub rds_instances: Vec<RdsInstance>,
    pub rds_clusters: Vec<RdsCluster>,
    pub db_subnet_groups: Vec<DbSubnetGroup>,
    pub db_snapshots: Vec<DbSnapshot>,
    pub eks_clusters: Vec<EksCluster>,
    pub eks_node_groups: Vec<EksNodeGroup>,
    pub iam_accounts: Vec<IamAccount>,
    pub iam_users: Vec<IamUser>,
    pub iam_roles: Vec<IamRole>,
    pub oidc_providers: Vec<OidcProvider>,
    pub config_recorders: Vec<ConfigRecorder>,
}

aws_resource! {
    /// An AWS account that was scanned (`id` is the account ID).
    pub struct Account : "aws_account" {
        /// The account alias, when it has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub alias: Option<String>,
        /// Regions that were collected in this account.
        #[serde(default)]
        pub regions: Vec<String>,
    }
}

aws_resource! {
    /// A VPC.
    pub struct Vpc : "aws_vpc" {
        /// Primary IPv4 CIDR.
        #[serde(default)]
        pub cidr_block: String,
        /// Secondary IPv4 CIDRs.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub secondary_cidr_blocks: Vec<String>,
        /// IPv6 CIDRs.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub ipv6_cidr_blocks: Vec<String>,
        /// The region's default VPC (excluded from NET-001/007/008/009).
        #[serde(default)]
        pub is_default: bool,
    }
}

/// How a subnet's tier was decided (see controls.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TierSource {
    Tag,
    Name,
    Routes,
}

/// How a subnet's effective route table was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RouteTableSource {
    /// The subnet is explicitly associated with a route table.
    Explicit,
    /// No explicit association: the VPC's main route table applies.
    Main,
    /// Neither is known (a plan without the main route table).
    Unknown,
}

/// Subnet tier: `public`, `app` or `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    Public,
    App,
    Data,
}

aws_resource! {
    /// A subnet.
    pub struct Subnet : "aws_subnet" {
        /// `id` of the VPC.
        #[serde(default)]
        pub vpc_id: String,
        #[serde(default)]
        pub cidr_block: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub ipv6_cidr_block: Option<String>,
        /// AZ name (`us-east-1a`); unknown in some plans.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub availability_zone: Option<String>,
        /// AZ ID (`use1-az1`), the same physical AZ across accounts.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub availability_zone_id: Option<String>,
        /// `MapPublicIpOnLaunch`.
        #[serde(default)]
        pub map_public_ip_on_launch: bool,
        /// normaliser: `public`, `app` or `data`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tier: Option<Tier>,
        /// normaliser: how `tier` was decided.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tier_source: Option<TierSource>,
        /// normaliser: `id` of the effective route table.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub route_table_id: Option<String>,
        /// normaliser: how `route_table_id` was found.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub route_table_source: Option<RouteTableSource>,
    }
}

/// What a route sends traffic to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RouteTargetKind {
    #[default]
    Local,
    Igw,
    Nat,
    Vpce,
    Tgw,
    Peering,
    Eni,
    Instance,
    EgressOnly,
    VirtualPrivateGateway,
    CarrierGateway,
    LocalGateway,
    CoreNetwork,
    /// A plan that does not know the target yet.
    Unknown,
}

/// One route of a route table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_ipv6_cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_prefix_list_id: Option<String>,
    /// Kind of target.
    pub target_kind: RouteTargetKind,
    /// `id` of the target resource (as in the snapshot, e.g. a NAT gateway's `id`),
    /// or its native ID where the target is not in the snapshot.
    #[serde(default)]
    pub target_id: String,
    /// `active` or `blackhole`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

aws_resource! {
    /// A route table with its routes and associations.
    pub struct RouteTable : "aws_route_table" {
        #[serde(default)]
        pub vpc_id: String,
        /// The VPC's main route table.
        #[serde(default)]
        pub is_main: bool,
        /// `id`s of explicitly associated subnets.
        #[serde(default)]
        pub subnet_ids: Vec<String>,
        #[serde(default)]
        pub routes: Vec<Route>,
    }
}

aws_resource! {
    /// An internet gateway.
    pub struct InternetGateway : "aws_internet_gateway" {
        /// `id`s of attached VPCs.
        #[serde(default)]
        pub vpc_ids: Vec<String>,
    }
}

aws_resource! {
    /// An egress-only internet gateway (IPv6).
    pub struct EgressOnlyInternetGateway : "aws_egress_only_internet_gateway" {
        #[serde(default)]
        pub vpc_ids: Vec<String>,
    }
}

aws_resource! {
    /// A NAT gateway.
    pub struct NatGateway : "aws_nat_gateway" {
        #[serde(default)]
        pub vpc_id: String,
        /// `id` of the subnet it sits in.
        #[serde(default)]
        pub subnet_id: String,
        /// `public` or `private`.
        #[serde(default = "public_connectivity")]
        pub connectivity_type: String,
        /// `available`, `pending`, `failed`, `deleting`, `deleted`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub state: Option<String>,
        /// normaliser: AZ ID of its subnet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub availability_zone_id: Option<String>,
    }
}

fn public_connectivity() -> String {
    "public".to_string()
}

aws_resource! {
    /// A VPC endpoint.
    pub struct VpcEndpoint : "aws_vpc_endpoint" {
        #[serde(default)]
        pub vpc_id: String,
        /// Full service name (`com.amazonaws.us-east-1.ecr.api`).
        #[serde(default)]
        pub service_name: String,
        /// normaliser: short service (`ecr.api`, `s3`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub service: Option<String>,
        /// `Gateway`, `Interface` or `GatewayLoadBalancer`.
        #[serde(default)]
        pub endpoint_type: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub route_table_ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub subnet_ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub state: Option<String>,
    }
}

aws_resource! {
    /// A flow log.
    pub struct FlowLog : "aws_flow_log" {
        /// `id` of the VPC, subnet or ENI it watches.
        #[serde(default)]
        pub resource_id: String,
        /// `ALL`, `ACCEPT` or `REJECT`.
        #[serde(default)]
        pub traffic_type: String,
        /// `cloud-watch-logs`, `s3` or `kinesis-data-firehose`.
        #[serde(default)]
        pub log_destination_type: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub log_destination: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub log_group_name: Option<String>,
        /// Retention of the destination log group in days; absent when the
        /// group keeps logs forever or could not be read (see `retention_known`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub retention_days: Option<u32>,
        /// Whether the retention could be read (false for S3 destinations and
        /// unreadable log groups).
        #[serde(default)]
        pub retention_known: bool,
    }
}

/// One entry of a network ACL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkAclEntry {
    pub rule_number: i32,
    pub egress: bool,
    /// Protocol number as a string; `-1` is all.
    pub protocol: String,
    /// `allow` or `deny`.
    pub rule_action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
}

aws_resource! {
    /// A network ACL.
    pub struct NetworkAcl : "aws_network_acl" {
        #[serde(default)]
        pub vpc_id: String,
        #[serde(default)]
        pub is_default: bool,
        #[serde(default)]
        pub subnet_ids: Vec<String>,
        #[serde(default)]
        pub entries: Vec<NetworkAclEntry>,
    }
}

/// A security group referenced by a rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupRef {
    /// `id` of the referenced group as in the snapshot.
    pub group_id: String,
    /// Account that owns the referenced group, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

/// One ingress or egress rule of a security group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroupRule {
    /// `tcp`, `udp`, `icmp`, a number, or `-1` for all.
    pub protocol: String,
    /// First port (absent for all protocols).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    /// Last port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cidr_blocks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_cidr_blocks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefix_list_ids: Vec<String>,
    /// Other groups this rule admits (or sends to).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupRef>,
    /// The rule references its own group.
    #[serde(default)]
    pub self_reference: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// normaliser: the CIDRs of this rule that count as the internet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub internet_cidrs: Vec<String>,
}

/// Role of a security group: what it protects.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SecurityGroupRole {
    Alb,
    App,
    Db,
    Bastion,
    Other,
}

/// How a security group's roles were decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RoleSource {
    Attachment,
    Tag,
    Name,
    Default,
}

aws_resource! {
    /// A security group.
    pub struct SecurityGroup : "aws_security_group" {
        #[serde(default)]
        pub vpc_id: String,
        /// The group's name (`GroupName`).
        #[serde(default)]
        pub group_name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        /// The VPC's `default` group.
        #[serde(default)]
        pub is_default: bool,
        #[serde(default)]
        pub ingress: Vec<SecurityGroupRule>,
        #[serde(default)]
        pub egress: Vec<SecurityGroupRule>,
        /// normaliser: roles (`alb`, `app`, `db`, `bastion`, `other`).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub roles: Vec<SecurityGroupRole>,
        /// normaliser: how `roles` were decided.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub role_source: Option<RoleSource>,
        /// normaliser: `id`s of the resources the group is attached to.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub attached_to: Vec<String>,
    }
}

/// Default action of a listener.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListenerAction {
    /// `forward`, `redirect`, `fixed-response`, `authenticate-oidc`, …
    #[serde(rename = "type")]
    pub action_type: String,
    /// For redirects: the target protocol (`HTTPS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_protocol: Option<String>,
}

/// A load balancer listener.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Listener {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    pub port: i32,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`.
    pub protocol: String,
    /// TLS security policy (`ELBSecurityPolicy-TLS13-1-2-2021-06`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
    #[serde(default)]
    pub default_actions: Vec<ListenerAction>,
}

aws_resource! {
    /// An Elastic Load Balancing v2 load balancer (ALB/NLB) or a classic ELB.
    pub struct LoadBalancer : "aws_lb" {
        /// `application`, `network`, `gateway` or `classic`.
        #[serde(default)]
        pub lb_type: String,
        /// `internet-facing` or `internal`.
        #[serde(default)]
        pub scheme: String,
        #[serde(default)]
        pub vpc_id: String,
        #[serde(default)]
        pub subnet_ids: Vec<String>,
        #[serde(default)]
        pub security_group_ids: Vec<String>,
        #[serde(default)]
        pub listeners: Vec<Listener>,
        /// ARN of the associated WAF web ACL, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub waf_web_acl_arn: Option<String>,
        /// Whether the WAF association could be read (false: LB-003 not evaluated).
        #[serde(default = "yes")]
        pub waf_known: bool,
    }
}

fn yes() -> bool {
    true
}

aws_resource! {
    /// An EC2 instance (EKS nodes among them).
    pub struct Ec2Instance : "aws_instance" {
        #[serde(default)]
        pub vpc_id: String,
        #[serde(default)]
        pub subnet_id: String,
        #[serde(default)]
        pub security_group_ids: Vec<String>,
        /// `running`, `stopped`, …
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub state: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub public_ip_address: Option<String>,
    }
}

/// Cross-region automated-backup replication of an RDS instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupReplication {
    pub destination_region: String,
}

aws_resource! {
    /// An RDS DB instance (standalone, read replica or Aurora member).
    pub struct RdsInstance : "aws_db_instance" {
        /// `postgres`, `aurora-postgresql`, `mysql`, …
        #[serde(default)]
        pub engine: String,
        #[serde(default)]
        pub engine_version: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub instance_class: Option<String>,
        #[serde(default)]
        pub multi_az: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub availability_zone: Option<String>,
        /// Days of automated backups; a plan that omits it gets AWS's default of 1.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub backup_retention_period: Option<u32>,
        #[serde(default)]
        pub publicly_accessible: bool,
        #[serde(default)]
        pub storage_encrypted: bool,
        #[serde(default)]
        pub deletion_protection: bool,
        #[serde(default)]
        pub performance_insights_enabled: bool,
        /// `id` of its DB subnet group.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub db_subnet_group_id: Option<String>,
        #[serde(default)]
        pub security_group_ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub port: Option<i32>,
        /// `id` of the Aurora cluster it belongs to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cluster_id: Option<String>,
        /// ARN or identifier of the instance it replicates (a read replica).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub read_replica_source: Option<String>,
        /// ARNs or identifiers of its read replicas (any region).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub read_replica_ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub backup_replications: Vec<BackupReplication>,
    }
}

/// A member instance of an Aurora cluster.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterMember {
    /// `id` of the member's RdsInstance.
    pub instance_id: String,
    #[serde(default)]
    pub is_writer: bool,
    /// AZ of the member; unknown in some plans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
}

aws_resource! {
    /// An Aurora DB cluster.
    pub struct RdsCluster : "aws_rds_cluster" {
        #[serde(default)]
        pub engine: String,
        #[serde(default)]
        pub engine_version: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub backup_retention_period: Option<u32>,
        #[serde(default)]
        pub storage_encrypted: bool,
        #[serde(default)]
        pub deletion_protection: bool,
        #[serde(default)]
        pub performance_insights_enabled: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub db_subnet_group_id: Option<String>,
        #[serde(default)]
        pub security_group_ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub port: Option<i32>,
        #[serde(default)]
        pub members: Vec<ClusterMember>,
        /// Global database it belongs to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub global_cluster_id: Option<String>,
        /// ARN of the cluster it replicates (cross-region replica cluster).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub replication_source: Option<String>,
        /// ARNs of clusters replicating it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub read_replica_ids: Vec<String>,
    }
}

aws_resource! {
    /// A DB subnet group.
    pub struct DbSubnetGroup : "aws_db_subnet_group" {
        #[serde(default)]
        pub vpc_id: String,
        #[serde(default)]
        pub subnet_ids: Vec<String>,
    }
}

aws_resource! {
    /// A DB (or DB cluster) snapshot, collected in the DR region for DB-008.
    pub struct DbSnapshot : "aws_db_snapshot" {
        /// `id` (or ARN) of the instance or cluster it was taken of.
        #[serde(default)]
        pub source_db_id: String,
        /// Region of the source database.
        #[serde(default)]
        pub source_region: String,
        /// RFC 3339 creation time.
        #[serde(default)]
        pub created_at: String,
        /// `automated`, `manual`, `awsbackup`.
        #[serde(default)]
        pub snapshot_type: String,
    }
}

aws_resource! {
    /// An EKS cluster.
    pub struct EksCluster : "aws_eks_cluster" {
        /// Kubernetes version (`1.34`).
        #[serde(default)]
        pub version: String,
        #[serde(default)]
        pub vpc_id: String,
        #[serde(default)]
        pub subnet_ids: Vec<String>,
        /// Additional security groups of the control plane ENIs.
        #[serde(default)]
        pub security_group_ids: Vec<String>,
        /// The cluster security group EKS creates.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cluster_security_group_id: Option<String>,
        #[serde(default)]
        pub endpoint_public_access: bool,
        #[serde(default)]
        pub endpoint_private_access: bool,
        /// CIDRs allowed to reach the public endpoint; absent in a plan where unknown.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub public_access_cidrs: Option<Vec<String>>,
        /// Secrets are envelope-encrypted with a KMS key.
        #[serde(default)]
        pub secrets_encryption_kms_key: Option<String>,
        /// Enabled control-plane log types.
        #[serde(default)]
        pub enabled_log_types: Vec<String>,
        /// OIDC issuer URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub oidc_issuer: Option<String>,
        /// The Kubernetes API server URL; links the cluster to the kubeconfig
        /// context that points at it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub endpoint: Option<String>,
    }
}

aws_resource! {
    /// An EKS managed node group.
    pub struct EksNodeGroup : "aws_eks_node_group" {
        /// `id` of the cluster.
        #[serde(default)]
        pub cluster_id: String,
        #[serde(default)]
        pub subnet_ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub node_role_arn: Option<String>,
        /// Security groups of the nodes (launch template or remote access).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub security_group_ids: Vec<String>,
    }
}

/// The account's password policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordPolicy {
    #[serde(default)]
    pub minimum_password_length: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_reuse_prevention: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_password_age: Option<u32>,
    #[serde(default)]
    pub expire_passwords: bool,
}

aws_resource! {
    /// Account-level IAM facts (one per account; `id` is `account/iam`).
    pub struct IamAccount : "aws_iam_account" {
        /// Root user has MFA (`AccountMFAEnabled`).
        #[serde(default)]
        pub root_mfa_enabled: bool,
        /// Root user has access keys (`AccountAccessKeysPresent`).
        #[serde(default)]
        pub root_access_keys_present: bool,
        /// Absent when the account has no password policy.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub password_policy: Option<PasswordPolicy>,
    }
}

/// An access key of an IAM user (never the secret).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessKey {
    pub access_key_id: String,
    pub active: bool,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<String>,
}

/// A policy attached to a user or role, with its parsed document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachedPolicy {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// `aws` (AWS managed), `customer` (customer managed) or `inline`.
    pub kind: String,
    /// The policy document, URL-decoded and parsed.
    #[serde(default)]
    pub document: serde_json::Value,
}

aws_resource! {
    /// An IAM user.
    pub struct IamUser : "aws_iam_user" {
        #[serde(default)]
        pub password_enabled: bool,
        #[serde(default)]
        pub mfa_active: bool,
        #[serde(default)]
        pub access_keys: Vec<AccessKey>,
        #[serde(default)]
        pub policies: Vec<AttachedPolicy>,
    }
}

aws_resource! {
    /// An IAM role.
    pub struct IamRole : "aws_iam_role" {
        /// Trust policy, URL-decoded and parsed.
        #[serde(default)]
        pub trust_policy: serde_json::Value,
        #[serde(default)]
        pub policies: Vec<AttachedPolicy>,
    }
}

aws_resource! {
    /// An IAM OIDC identity provider.
    pub struct OidcProvider : "aws_iam_openid_connect_provider" {
        /// Issuer URL without scheme (`oidc.eks.us-east-1.amazonaws.com/id/ABC`).
        #[serde(default)]
        pub url: String,
        #[serde(default)]
        pub client_ids: Vec<String>,
    }
}

aws_resource! {
    /// An AWS Config configuration recorder.
    pub struct ConfigRecorder : "aws_config_configuration_recorder" {
        #[serde(default)]
        pub recording: bool,
        #[serde(default)]
        pub all_supported: bool,
        #[serde(default)]
        pub include_global_resource_types: bool,
    }
}
