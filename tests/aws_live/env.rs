//! Builds document 000's environment in moto with the Rust SDK, one AWS
//! account per scenario (moto keeps accounts apart, so tests that run in
//! parallel threads never see each other's resources), with optional seeded
//! breakages.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_sdk_ec2::types::{
    AttributeBooleanValue, Filter, IpPermission, IpRange, ResourceType, RuleAction, Tag,
    TagSpecification, UserIdGroupPair, VpcEndpointType,
};

pub const PRIMARY: &str = "us-east-1";
pub const DR: &str = "us-west-2";
pub const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];

/// What a broken variant changes from the compliant environment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Breaks {
    /// The data route table gets a default route to the NAT gateway (NET-003).
    pub data_route_to_nat: bool,
    /// App subnet a auto-assigns public IPs (NET-006).
    pub app_public_ips: bool,
    /// The app group accepts SSH from anywhere (SG-002, SG-004).
    pub app_ssh_from_internet: bool,
    /// The db group keeps an egress rule (SG-005).
    pub db_egress: bool,
    /// The database is public and unencrypted (DB-003, DB-004).
    pub db_public_unencrypted: bool,
    /// The EKS cluster has no secrets encryption and no audit logs (EKS-002, EKS-003).
    pub eks_unencrypted_no_logs: bool,
    /// A console user without MFA (IAM-003) and an admin customer policy on a role (IAM-005).
    pub iam_user_and_admin_role: bool,
}

/// What the builder created, for the tests' expected findings.
#[derive(Debug, Default, Clone)]
pub struct Built {
    pub account: String,
    pub vpc: String,
    pub public_subnets: Vec<String>,
    pub app_subnets: Vec<String>,
    pub data_subnets: Vec<String>,
    pub app_sg: String,
    pub db_sg: String,
    pub db_arn: String,
    pub eks_arn: String,
    pub user_arn: String,
    pub admin_role_arn: String,
}

impl Built {
    pub fn ec2(&self, kind: &str, id: &str) -> String {
        format!("arn:aws:ec2:{PRIMARY}:{}:{kind}/{id}", self.account)
    }
}

/// A configuration for `account` in `region`: assumes a role there with
/// moto's dummy credentials (moto maps the assumed role's keys to its account).
pub async fn account_config(moto: &str, account: &str, region: &str) -> SdkConfig {
    let base = aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(moto)
        .region(Region::new(region.to_string()))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
        .load()
        .await;
    let sts = aws_sdk_sts::Client::new(&base);
    let out = sts
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/setup"))
        .role_session_name("setup")
        .send()
        .await
        .expect("moto assumes the setup role");
    let c = out.credentials().expect("credentials");
    base.to_builder()
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(Credentials::new(
                c.access_key_id(),
                c.secret_access_key(),
                Some(c.session_token().to_string()),
                None,
                "setup",
            )),
        )
        .build()
}

fn tags(kind: ResourceType, name: &str) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(kind)
        .tags(Tag::builder().key("Name").value(name).build())
        .tags(Tag::builder().key("Environment").value("dev").build())
        .build()
}

fn env_tags() -> Vec<Tag> {
    vec![Tag::builder().key("Environment").value("dev").build()]
}

/// Removes the region's default VPC (as document 000 does), so that only
/// the planned network is judged.
pub async fn delete_default_vpc(ec2: &aws_sdk_ec2::Client) {
    let vpcs = ec2
        .describe_vpcs()
        .filters(Filter::builder().name("is-default").values("true").build())
        .send()
        .await
        .unwrap();
    for v in vpcs.vpcs() {
        let vpc = v.vpc_id().unwrap();
        let vf = || Filter::builder().name("vpc-id").values(vpc).build();
        for s in ec2
            .describe_subnets()
            .filters(vf())
            .send()
            .await
            .unwrap()
            .subnets()
        {
            ec2.delete_subnet()
                .subnet_id(s.subnet_id().unwrap())
                .send()
                .await
                .unwrap();
        }
        let igws = ec2
            .describe_internet_gateways()
            .filters(
                Filter::builder()
                    .name("attachment.vpc-id")
                    .values(vpc)
                    .build(),
            )
            .send()
            .await
            .unwrap();
        for g in igws.internet_gateways() {
            let id = g.internet_gateway_id().unwrap();
            ec2.detach_internet_gateway()
                .internet_gateway_id(id)
                .vpc_id(vpc)
                .send()
                .await
                .unwrap();
            ec2.delete_internet_gateway()
                .internet_gateway_id(id)
                .send()
                .await
                .unwrap();
        }
        ec2.delete_vpc().vpc_id(vpc).send().await.unwrap();
    }
}

/// AWS Config recording everything (ACC-003).
pub async fn config_recorder(config: &SdkConfig) {
    let c = aws_sdk_config::Client::new(config);
    c.put_configuration_recorder()
        .configuration_recorder(
            aws_sdk_config::types::ConfigurationRecorder::builder()
                .name("default")
                .role_arn("arn:aws:iam::123456789012:role/config")
                .recording_group(
                    aws_sdk_config::types::RecordingGroup::builder()
                        .all_supported(true)
                        .include_global_resource_types(true)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    c.put_delivery_channel()
        .delivery_channel(
            aws_sdk_config::types::DeliveryChannel::builder()
                .name("default")
                .s3_bucket_name("config-bucket")
                .build(),
        )
        .send()
        .await
        .unwrap();
    c.start_configuration_recorder()
        .configuration_recorder_name("default")
        .send()
        .await
        .unwrap();
}

/// Builds the whole environment in `account`.
pub async fn build(moto: &str, account: &str, breaks: Breaks) -> Built {
    let cfg = account_config(moto, account, PRIMARY).await;
    let dr = account_config(moto, account, DR).await;
    let ec2 = aws_sdk_ec2::Client::new(&cfg);
    delete_default_vpc(&ec2).await;
    delete_default_vpc(&aws_sdk_ec2::Client::new(&dr)).await;
    config_recorder(&cfg).await;
    config_recorder(&dr).await;

    let mut b = Built {
        account: account.to_string(),
        ..Default::default()
    };
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.0.0.0/16")
        .tag_specifications(tags(ResourceType::Vpc, "dev-vpc"))
        .send()
        .await
        .unwrap();
    let vpc_id = vpc.vpc().unwrap().vpc_id().unwrap().to_string();
    b.vpc = vpc_id.clone();

    // Subnets: three tiers in three AZs, the tier in the name.
    for (tier, base) in [("public", 1), ("app", 11), ("data", 21)] {
        for (i, az) in AZS.iter().enumerate() {
            let name = format!("dev-{tier}-{az}");
            let s = ec2
                .create_subnet()
                .vpc_id(&vpc_id)
                .cidr_block(format!("10.0.{}.0/24", base + i))
                .availability_zone(*az)
                .tag_specifications(tags(ResourceType::Subnet, &name))
                .send()
                .await
                .unwrap();
            let id = s.subnet().unwrap().subnet_id().unwrap().to_string();
            match tier {
                "public" => b.public_subnets.push(id),
                "app" => b.app_subnets.push(id),
                _ => b.data_subnets.push(id),
            }
        }
    }
    if breaks.app_public_ips {
        ec2.modify_subnet_attribute()
            .subnet_id(&b.app_subnets[0])
            .map_public_ip_on_launch(AttributeBooleanValue::builder().value(true).build())
            .send()
            .await
            .unwrap();
    }

    // Gateways and routing.
    let igw = ec2
        .create_internet_gateway()
        .tag_specifications(tags(ResourceType::InternetGateway, "dev-igw"))
        .send()
        .await
        .unwrap();
    let igw_id = igw
        .internet_gateway()
        .unwrap()
        .internet_gateway_id()
        .unwrap()
        .to_string();
    ec2.attach_internet_gateway()
        .internet_gateway_id(&igw_id)
        .vpc_id(&vpc_id)
        .send()
        .await
        .unwrap();
    let eip = ec2.allocate_address().send().await.unwrap();
    let nat = ec2
        .create_nat_gateway()
        .subnet_id(&b.public_subnets[0])
        .allocation_id(eip.allocation_id().unwrap())
        .tag_specifications(tags(ResourceType::Natgateway, "dev-nat"))
        .send()
        .await
        .unwrap();
    let nat_id = nat
        .nat_gateway()
        .unwrap()
        .nat_gateway_id()
        .unwrap()
        .to_string();
    let mut route_tables = Vec::new();
    for (tier, subnets) in [
        ("public", &b.public_subnets),
        ("app", &b.app_subnets),
        ("data", &b.data_subnets),
    ] {
        let rt = ec2
            .create_route_table()
            .vpc_id(&vpc_id)
            .tag_specifications(tags(ResourceType::RouteTable, &format!("dev-{tier}-rt")))
            .send()
            .await
            .unwrap();
        let rt_id = rt
            .route_table()
            .unwrap()
            .route_table_id()
            .unwrap()
            .to_string();
        let route = ec2
            .create_route()
            .route_table_id(&rt_id)
            .destination_cidr_block("0.0.0.0/0");
        match tier {
            "public" => {
                route.gateway_id(&igw_id).send().await.unwrap();
            }
            "app" => {
                route.nat_gateway_id(&nat_id).send().await.unwrap();
            }
            _ if breaks.data_route_to_nat => {
                route.nat_gateway_id(&nat_id).send().await.unwrap();
            }
            _ => {}
        }
        for s in subnets {
            ec2.associate_route_table()
                .route_table_id(&rt_id)
                .subnet_id(s)
                .send()
                .await
                .unwrap();
        }
        route_tables.push(rt_id);
    }

    // VPC endpoints: S3 (gateway) and the interface endpoints NET-009 wants.
    ec2.create_vpc_endpoint()
        .vpc_id(&vpc_id)
        .service_name(format!("com.amazonaws.{PRIMARY}.s3"))
        .vpc_endpoint_type(VpcEndpointType::Gateway)
        .set_route_table_ids(Some(route_tables[1..].to_vec()))
        .send()
        .await
        .unwrap();
    for svc in ["ecr.api", "ecr.dkr", "logs", "secretsmanager"] {
        ec2.create_vpc_endpoint()
            .vpc_id(&vpc_id)
            .service_name(format!("com.amazonaws.{PRIMARY}.{svc}"))
            .vpc_endpoint_type(VpcEndpointType::Interface)
            .set_subnet_ids(Some(b.app_subnets.clone()))
            .send()
            .await
            .unwrap();
    }

    // Flow log to a log group kept 30 days (non-prod).
    let logs = aws_sdk_cloudwatchlogs::Client::new(&cfg);
    let group = "/aws/vpc/flow-logs/dev-vpc";
    logs.create_log_group()
        .log_group_name(group)
        .send()
        .await
        .unwrap();
    logs.put_retention_policy()
        .log_group_name(group)
        .retention_in_days(30)
        .send()
        .await
        .unwrap();
    ec2.create_flow_logs()
        .resource_ids(&vpc_id)
        .resource_type(aws_sdk_ec2::types::FlowLogsResourceType::Vpc)
        .traffic_type(aws_sdk_ec2::types::TrafficType::All)
        .log_group_name(group)
        .deliver_logs_permission_arn(format!("arn:aws:iam::{account}:role/flow-logs"))
        .tag_specifications(tags(ResourceType::VpcFlowLog, "dev-vpc-flow-log"))
        .send()
        .await
        .unwrap();

    // The default security group: no rules (NET-010), tagged (ACC-004).
    let default_sg = ec2
        .describe_security_groups()
        .filters(Filter::builder().name("vpc-id").values(&vpc_id).build())
        .filters(
            Filter::builder()
                .name("group-name")
                .values("default")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let default_sg = default_sg.security_groups()[0].clone();
    let default_id = default_sg.group_id().unwrap().to_string();
    clear_rules(&ec2, &default_sg).await;
    ec2.create_tags()
        .resources(&default_id)
        .set_tags(Some(env_tags()))
        .send()
        .await
        .unwrap();

    // Every network ACL denies SSH and RDP from anywhere (NET-011); moto
    // keeps the deleted default VPCs' ACLs, so all of them, in both regions.
    deny_admin_ports(&ec2).await;
    deny_admin_ports(&aws_sdk_ec2::Client::new(&dr)).await;

    // Security groups: app (EKS) and db.
    let app_sg = security_group(&ec2, &vpc_id, "dev-app-sg").await;
    let db_sg = security_group(&ec2, &vpc_id, "dev-db-sg").await;
    let self_rule = IpPermission::builder()
        .ip_protocol("-1")
        .user_id_group_pairs(UserIdGroupPair::builder().group_id(&app_sg).build())
        .build();
    ec2.authorize_security_group_ingress()
        .group_id(&app_sg)
        .ip_permissions(self_rule)
        .send()
        .await
        .unwrap();
    if breaks.app_ssh_from_internet {
        ec2.authorize_security_group_ingress()
            .group_id(&app_sg)
            .ip_permissions(
                IpPermission::builder()
                    .ip_protocol("tcp")
                    .from_port(22)
                    .to_port(22)
                    .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    ec2.authorize_security_group_ingress()
        .group_id(&db_sg)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(5432)
                .to_port(5432)
                .user_id_group_pairs(UserIdGroupPair::builder().group_id(&app_sg).build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    if !breaks.db_egress {
        let g = ec2
            .describe_security_groups()
            .group_ids(&db_sg)
            .send()
            .await
            .unwrap();
        let g = g.security_groups()[0].clone();
        if !g.ip_permissions_egress().is_empty() {
            ec2.revoke_security_group_egress()
                .group_id(&db_sg)
                .set_ip_permissions(Some(g.ip_permissions_egress().to_vec()))
                .send()
                .await
                .unwrap();
        }
    }
    b.app_sg = app_sg.clone();
    b.db_sg = db_sg.clone();

    // The database: PostgreSQL 16 in the data subnets.
    let rds = aws_sdk_rds::Client::new(&cfg);
    rds.create_db_subnet_group()
        .db_subnet_group_name("dev-db-subnets")
        .db_subnet_group_description("data subnets")
        .set_subnet_ids(Some(b.data_subnets.clone()))
        .send()
        .await
        .unwrap();
    let db = rds
        .create_db_instance()
        .db_instance_identifier("dev-db")
        .engine("postgres")
        .engine_version("16.4")
        .db_instance_class("db.t4g.medium")
        .allocated_storage(20)
        .master_username("app")
        .master_user_password("not-a-secret-1")
        .db_subnet_group_name("dev-db-subnets")
        .vpc_security_group_ids(&db_sg)
        .backup_retention_period(7)
        .storage_encrypted(!breaks.db_public_unencrypted)
        .publicly_accessible(breaks.db_public_unencrypted)
        .tags(
            aws_sdk_rds::types::Tag::builder()
                .key("Environment")
                .value("dev")
                .build(),
        )
        .send()
        .await
        .unwrap();
    b.db_arn = db
        .db_instance()
        .unwrap()
        .db_instance_arn()
        .unwrap()
        .to_string();

    // EKS: private and public endpoint, secrets encrypted, control-plane logs.
    let eks = aws_sdk_eks::Client::new(&cfg);
    let mut cluster = eks
        .create_cluster()
        .name("dev-eks")
        .version("1.34")
        .role_arn(format!("arn:aws:iam::{account}:role/dev-eks-cluster-role"))
        .resources_vpc_config(
            aws_sdk_eks::types::VpcConfigRequest::builder()
                .set_subnet_ids(Some(b.app_subnets.clone()))
                .security_group_ids(&app_sg)
                .endpoint_private_access(true)
                .endpoint_public_access(false)
                .build(),
        )
        .tags("Environment", "dev");
    if !breaks.eks_unencrypted_no_logs {
        cluster = cluster
            .encryption_config(
                aws_sdk_eks::types::EncryptionConfig::builder()
                    .provider(
                        aws_sdk_eks::types::Provider::builder()
                            .key_arn(format!("arn:aws:kms:{PRIMARY}:{account}:key/dev-eks"))
                            .build(),
                    )
                    .build(),
            )
            .logging(
                aws_sdk_eks::types::Logging::builder()
                    .cluster_logging(
                        aws_sdk_eks::types::LogSetup::builder()
                            .enabled(true)
                            .types(aws_sdk_eks::types::LogType::Api)
                            .types(aws_sdk_eks::types::LogType::Audit)
                            .types(aws_sdk_eks::types::LogType::Authenticator)
                            .build(),
                    )
                    .build(),
            );
    }
    let cluster = cluster.send().await.unwrap();
    let cluster = cluster.cluster().unwrap();
    b.eks_arn = cluster.arn().unwrap().to_string();
    let issuer = cluster
        .identity()
        .and_then(|i| i.oidc())
        .and_then(|o| o.issuer())
        .unwrap_or_default()
        .to_string();
    eks.create_nodegroup()
        .cluster_name("dev-eks")
        .nodegroup_name("system")
        .node_role(format!("arn:aws:iam::{account}:role/dev-eks-node-role"))
        .set_subnets(Some(b.app_subnets.clone()))
        .tags("Environment", "dev")
        .send()
        .await
        .unwrap();

    // IAM: password policy, the cluster's OIDC provider, the EKS roles.
    let iam = aws_sdk_iam::Client::new(&cfg);
    iam.update_account_password_policy()
        .minimum_password_length(14)
        .password_reuse_prevention(24)
        .max_password_age(90)
        .send()
        .await
        .unwrap();
    if !issuer.is_empty() {
        iam.create_open_id_connect_provider()
            .url(&issuer)
            .client_id_list("sts.amazonaws.com")
            .thumbprint_list("9e99a48a9960b14926bb7f3b02e22da2b0ab7280")
            .send()
            .await
            .unwrap();
    }
    let eks_trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    iam.create_role()
        .role_name("dev-eks-cluster-role")
        .assume_role_policy_document(eks_trust)
        .send()
        .await
        .unwrap();
    if breaks.iam_user_and_admin_role {
        let user = iam
            .create_user()
            .user_name("qa-tester")
            .send()
            .await
            .unwrap();
        b.user_arn = user.user().unwrap().arn().to_string();
        iam.create_login_profile()
            .user_name("qa-tester")
            .password("Not-a-secret-123!")
            .send()
            .await
            .unwrap();
        let admin = iam
            .create_policy()
            .policy_name("everything")
            .policy_document(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            )
            .send()
            .await
            .unwrap();
        iam.attach_role_policy()
            .role_name("dev-eks-cluster-role")
            .policy_arn(admin.policy().unwrap().arn().unwrap())
            .send()
            .await
            .unwrap();
        b.admin_role_arn = format!("arn:aws:iam::{account}:role/dev-eks-cluster-role");
    }
    b
}

async fn deny_admin_ports(ec2: &aws_sdk_ec2::Client) {
    let acls = ec2.describe_network_acls().send().await.unwrap();
    for acl in acls.network_acls() {
        for (n, port) in [(50, 22), (60, 3389)] {
            ec2.create_network_acl_entry()
                .network_acl_id(acl.network_acl_id().unwrap())
                .rule_number(n)
                .protocol("6")
                .rule_action(RuleAction::Deny)
                .egress(false)
                .cidr_block("0.0.0.0/0")
                .port_range(
                    aws_sdk_ec2::types::PortRange::builder()
                        .from(port)
                        .to(port)
                        .build(),
                )
                .send()
                .await
                .unwrap();
        }
    }
}

async fn security_group(ec2: &aws_sdk_ec2::Client, vpc: &str, name: &str) -> String {
    ec2.create_security_group()
        .group_name(name)
        .description(name)
        .vpc_id(vpc)
        .tag_specifications(tags(ResourceType::SecurityGroup, name))
        .send()
        .await
        .unwrap()
        .group_id()
        .unwrap()
        .to_string()
}

async fn clear_rules(ec2: &aws_sdk_ec2::Client, g: &aws_sdk_ec2::types::SecurityGroup) {
    let id = g.group_id().unwrap();
    if !g.ip_permissions().is_empty() {
        ec2.revoke_security_group_ingress()
            .group_id(id)
            .set_ip_permissions(Some(g.ip_permissions().to_vec()))
            .send()
            .await
            .unwrap();
    }
    if !g.ip_permissions_egress().is_empty() {
        ec2.revoke_security_group_egress()
            .group_id(id)
            .set_ip_permissions(Some(g.ip_permissions_egress().to_vec()))
            .send()
            .await
            .unwrap();
    }
}
