//! EC2 instances and AWS Config recorders.
//!
//! A recorder records once an `aws_config_configuration_recorder_status`
//! with `is_enabled` names it; AWS creates recorders stopped.

use super::super::model::{Model, SG, SUBNET};
use crate::plan_entity;
use crate::snapshot::aws::{ConfigRecorder, Ec2Instance};
use crate::snapshot::Snapshot;

pub(super) fn map(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(&["aws_instance"]) {
        let v = m.vals(i);
        let mut sgs = m.ref_many(i, &v, "vpc_security_group_ids", SG);
        for g in m.ref_many(i, &v, "security_groups", SG) {
            if !sgs.contains(&g) {
                sgs.push(g);
            }
        }
        // A public IP the plan promises but does not know yet.
        let public_ip = v.str("public_ip").or_else(|| {
            (v.bool("associate_public_ip_address") == Some(true))
                .then(|| "(known after apply)".to_string())
        });
        s.aws
            .ec2_instances
            .push(plan_entity!(Ec2Instance, m, i, None, false, {
                subnet_id: m.ref_one(i, &v, "subnet_id", SUBNET).unwrap_or_default(),
                security_group_ids: sgs,
                state: v.str("instance_state"),
                public_ip_address: public_ip,
            }));
    }

    // Recorders by the ID references resolve to (before it becomes account/region/name).
    let mut pos = std::collections::HashMap::new();
    for i in m.of_types(&["aws_config_configuration_recorder"]) {
        let v = m.vals(i);
        let name = v.str("name").unwrap_or_else(|| "default".into());
        let group = v.block("recording_group");
        let mut r = plan_entity!(ConfigRecorder, m, i, Some(name.clone()), true, {
            all_supported: group.map(|g| g.bool_or("all_supported", true, false)).unwrap_or(true),
            include_global_resource_types: group.map(|g| g.bool_or("include_global_resource_types", false, false)).unwrap_or(false),
        });
        let (account, region) = (m.account(i), m.region(i));
        if !account.is_empty() && !region.is_empty() {
            r.id = format!("{account}/{region}/{name}");
        }
        pos.insert(m.id(i).to_string(), s.aws.config_recorders.len());
        s.aws.config_recorders.push(r);
    }
    for i in m.of_types(&["aws_config_configuration_recorder_status"]) {
        let v = m.vals(i);
        let Some(&p) = m
            .ref_one(i, &v, "name", &["aws_config_configuration_recorder"])
            .and_then(|r| pos.get(&r))
        else {
            continue;
        };
        s.aws.config_recorders[p].recording = v.bool("is_enabled").unwrap_or(false);
    }
}
