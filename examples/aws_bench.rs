//! Collection time against a moto server for ~1,000 resources across two
//! regions, and how it scales with the number of regions (not a test: run
//! it by hand, figures in docs/aws.md).
//!
//!     ARCHCHECK_MOTO_URL=http://127.0.0.1:PORT cargo run --release --example aws_bench
//!
//! It fills account 900000000001 (VPCs, subnets, route tables, security
//! groups with rules, instances) in up to four regions, then times
//! `collect::aws::collect` over 1, 2 and 4 regions, three runs each.

use archcheck::collect::aws::{collect, AwsOptions};
use aws_config::{BehaviorVersion, Region};
use aws_credential_types::Credentials;
use aws_sdk_ec2::types::{IpPermission, IpRange};
use std::time::Instant;

const ACCOUNT: &str = "900000000001";
const REGIONS: [&str; 4] = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"];
const VPCS: usize = 5;
const SUBNETS_PER_VPC: usize = 20;
const GROUPS_PER_VPC: usize = 30;
const ROUTE_TABLES_PER_VPC: usize = 8;
const INSTANCES: i32 = 200;

async fn config(moto: &str, region: &str) -> aws_config::SdkConfig {
    let base = aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(moto)
        .region(Region::new(region.to_string()))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "bench"))
        .load()
        .await;
    let c = aws_sdk_sts::Client::new(&base)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{ACCOUNT}:role/bench"))
        .role_session_name("bench")
        .send()
        .await
        .expect("assume role");
    let c = c.credentials().expect("credentials");
    base.to_builder()
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(Credentials::new(
                c.access_key_id(),
                c.secret_access_key(),
                Some(c.session_token().to_string()),
                None,
                "bench",
            )),
        )
        .build()
}

async fn fill(moto: &str, region: &str) {
    let ec2 = aws_sdk_ec2::Client::new(&config(moto, region).await);
    let mut first_subnet = None;
    for v in 0..VPCS {
        let vpc = ec2
            .create_vpc()
            .cidr_block(format!("10.{v}.0.0/16"))
            .send()
            .await
            .unwrap();
        let vpc = vpc.vpc().unwrap().vpc_id().unwrap().to_string();
        for s in 0..SUBNETS_PER_VPC {
            let sub = ec2
                .create_subnet()
                .vpc_id(&vpc)
                .cidr_block(format!("10.{v}.{s}.0/24"))
                .availability_zone(format!("{region}a"))
                .send()
                .await
                .unwrap();
            first_subnet.get_or_insert(sub.subnet().unwrap().subnet_id().unwrap().to_string());
        }
        for _ in 0..ROUTE_TABLES_PER_VPC {
            ec2.create_route_table().vpc_id(&vpc).send().await.unwrap();
        }
        for g in 0..GROUPS_PER_VPC {
            let id = ec2
                .create_security_group()
                .vpc_id(&vpc)
                .group_name(format!("bench-{g}"))
                .description("bench")
                .send()
                .await
                .unwrap()
                .group_id()
                .unwrap()
                .to_string();
            ec2.authorize_security_group_ingress()
                .group_id(&id)
                .ip_permissions(
                    IpPermission::builder()
                        .ip_protocol("tcp")
                        .from_port(443)
                        .to_port(443)
                        .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/8").build())
                        .build(),
                )
                .send()
                .await
                .unwrap();
        }
    }
    ec2.run_instances()
        .image_id("ami-12c6146b")
        .min_count(INSTANCES)
        .max_count(INSTANCES)
        .subnet_id(first_subnet.unwrap())
        .send()
        .await
        .unwrap();
}

fn main() {
    let moto = std::env::var("ARCHCHECK_MOTO_URL").expect("ARCHCHECK_MOTO_URL: a moto server");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let started = Instant::now();
    rt.block_on(async {
        for r in REGIONS {
            fill(&moto, r).await;
        }
    });
    println!(
        "filled {} regions in {:.1?}",
        REGIONS.len(),
        started.elapsed()
    );
    drop(rt);
    // The collector reads the endpoint and credentials as a user's run would.
    std::env::set_var("AWS_ENDPOINT_URL", &moto);
    std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
    std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    std::env::set_var("AWS_CONFIG_FILE", "/nonexistent");
    std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    let hidden = |_: &str| indicatif::ProgressBar::hidden();
    for n in [1, 2, 4] {
        let opts = AwsOptions {
            regions: REGIONS[..n].iter().map(|r| r.to_string()).collect(),
            role_arns: vec![format!("arn:aws:iam::{ACCOUNT}:role/bench")],
            concurrency: 8,
            ..Default::default()
        };
        let mut times = Vec::new();
        let mut count = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let snaps = collect(&opts, &hidden).expect("collects");
            times.push(t.elapsed().as_secs_f64());
            count = snaps.iter().map(|s| s.resource_count()).sum::<usize>();
            let errors: usize = snaps.iter().map(|s| s.errors.len()).sum();
            assert_eq!(
                errors,
                0,
                "{:?}",
                snaps.iter().flat_map(|s| &s.errors).collect::<Vec<_>>()
            );
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "{n} region(s): {count} resources, median {:.2}s (runs: {:?})",
            times[1],
            times.iter().map(|t| format!("{t:.2}")).collect::<Vec<_>>()
        );
    }
}
