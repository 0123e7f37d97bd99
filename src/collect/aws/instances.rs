//! EC2 instances (EKS and Karpenter nodes among them).

use super::all_items;
use super::network::ident;
use super::scope::{error_message, Scope};
use crate::snapshot::aws::Ec2Instance;
use crate::snapshot::Snapshot;
use aws_sdk_ec2::types::InstanceStateName;
use aws_sdk_ec2::Client;

pub async fn collect(client: &Client, scope: &Scope, out: &mut Snapshot) {
    let reservations = match all_items!(client.describe_instances()).await {
        Ok(r) => r,
        Err(e) => {
            out.errors.push(scope.error(
                "ec2",
                "DescribeInstances",
                &["aws.ec2_instances"],
                error_message(&e),
            ));
            return;
        }
    };
    let instances = reservations.iter().flat_map(|r| r.instances());
    for i in instances {
        let state = i.state().and_then(|s| s.name());
        if state == Some(&InstanceStateName::Terminated) {
            continue;
        }
        let id = i.instance_id().unwrap_or_default();
        out.aws.ec2_instances.push(Ec2Instance {
            vpc_id: scope.ec2_ref(i.vpc_id().unwrap_or_default()),
            subnet_id: scope.ec2_ref(i.subnet_id().unwrap_or_default()),
            security_group_ids: i
                .security_groups()
                .iter()
                .filter_map(|g| g.group_id())
                .map(|g| scope.ec2_ref(g))
                .collect(),
            state: state.map(|s| s.as_str().to_string()),
            public_ip_address: i.public_ip_address().map(String::from),
            ..Ec2Instance::with_identity(ident(scope, "instance", id, i.tags()))
        });
    }
}
