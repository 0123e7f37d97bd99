//! Security-group roles (`alb`, `app`, `db`, `bastion`, `other`).
//!
//! What a group is attached to wins (a group attached to several kinds has
//! every such role); else its `role` tag; else its name (AWS Load Balancer
//! Controller and EKS naming); else `other`.

use crate::snapshot::aws::{RoleSource, SecurityGroupRole as Role};
use crate::snapshot::Snapshot;
use std::collections::{BTreeSet, HashMap};

/// Tags that mark an EC2 instance as a Kubernetes node.
pub const NODE_TAGS: [&str; 2] = ["eks:cluster-name", "karpenter.sh/nodepool"];

fn role_from_tag(value: &str) -> Option<Role> {
    match value.trim().to_ascii_lowercase().as_str() {
        "alb" | "lb" | "elb" | "loadbalancer" | "load-balancer" => Some(Role::Alb),
        "app" | "application" | "nodes" | "node" | "eks" => Some(Role::App),
        "db" | "database" | "rds" | "aurora" => Some(Role::Db),
        "bastion" => Some(Role::Bastion),
        "other" => Some(Role::Other),
        _ => None,
    }
}

fn role_from_name(name: &str) -> Option<Role> {
    if name.starts_with("eks-cluster-sg-") {
        return Some(Role::App);
    }
    if name.starts_with("k8s-elb-") {
        return Some(Role::Alb);
    }
    // k8s-<namespace>-<ingress>-<hash>
    if name.starts_with("k8s-") && name.split('-').count() >= 4 {
        return Some(Role::Alb);
    }
    None
}

pub(super) fn classify(snapshot: &mut Snapshot) {
    let aws = &snapshot.aws;
    let mut roles: HashMap<String, BTreeSet<Role>> = HashMap::new();
    let mut attached: HashMap<String, Vec<String>> = HashMap::new();
    let mut attach = |groups: &[String], owner: &str, role: Option<Role>| {
        for g in groups {
            if let Some(r) = role {
                roles.entry(g.clone()).or_default().insert(r);
            }
            attached
                .entry(g.clone())
                .or_default()
                .push(owner.to_string());
        }
    };
    for db in &aws.rds_instances {
        attach(&db.security_group_ids, &db.id, Some(Role::Db));
    }
    for db in &aws.rds_clusters {
        attach(&db.security_group_ids, &db.id, Some(Role::Db));
    }
    for c in &aws.eks_clusters {
        attach(&c.security_group_ids, &c.id, Some(Role::App));
        if let Some(sg) = &c.cluster_security_group_id {
            attach(std::slice::from_ref(sg), &c.id, Some(Role::App));
        }
    }
    for ng in &aws.eks_node_groups {
        attach(&ng.security_group_ids, &ng.id, Some(Role::App));
    }
    for i in &aws.ec2_instances {
        let is_node = NODE_TAGS.iter().any(|t| i.tags.contains_key(*t));
        attach(&i.security_group_ids, &i.id, is_node.then_some(Role::App));
    }
    for lb in &aws.load_balancers {
        attach(&lb.security_group_ids, &lb.id, Some(Role::Alb));
    }

    for sg in &mut snapshot.aws.security_groups {
        sg.attached_to = attached.remove(&sg.id).unwrap_or_default();
        let (r, how) = if let Some(r) = roles.remove(&sg.id) {
            (r.into_iter().collect(), RoleSource::Attachment)
        } else if let Some(r) = sg.tags.get("role").and_then(|v| role_from_tag(v)) {
            (vec![r], RoleSource::Tag)
        } else if let Some(r) = role_from_name(&sg.group_name) {
            (vec![r], RoleSource::Name)
        } else {
            (vec![Role::Other], RoleSource::Default)
        };
        sg.roles = r;
        sg.role_source = Some(how);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::aws::{Ec2Instance, LoadBalancer, RdsInstance, SecurityGroup};

    fn sg(id: &str, name: &str, tags: &[(&str, &str)]) -> SecurityGroup {
        SecurityGroup {
            id: id.into(),
            group_name: name.into(),
            tags: tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn attachment_beats_tag_beats_name() {
        let mut s = Snapshot::empty();
        s.aws.security_groups = vec![
            sg("sg-db", "k8s-elb-abc", &[("role", "alb")]),
            sg("sg-both", "x", &[]),
            sg("sg-tag", "k8s-elb-abc", &[("role", "database")]),
            sg("sg-name", "k8s-shop-web-1a2b3c", &[]),
            sg("sg-eks", "eks-cluster-sg-prod-123", &[]),
            sg("sg-plain", "misc", &[]),
            sg("sg-web", "web", &[]),
        ];
        s.aws.rds_instances = vec![RdsInstance {
            id: "db1".into(),
            security_group_ids: vec!["sg-db".into(), "sg-both".into()],
            ..Default::default()
        }];
        s.aws.load_balancers = vec![LoadBalancer {
            id: "lb1".into(),
            security_group_ids: vec!["sg-both".into()],
            ..Default::default()
        }];
        s.aws.ec2_instances = vec![Ec2Instance {
            id: "i-web".into(),
            security_group_ids: vec!["sg-web".into()],
            ..Default::default()
        }];
        classify(&mut s);
        let got: Vec<_> = s
            .aws
            .security_groups
            .iter()
            .map(|g| (g.id.as_str(), g.roles.clone(), g.role_source.unwrap()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("sg-db", vec![Role::Db], RoleSource::Attachment),
                ("sg-both", vec![Role::Alb, Role::Db], RoleSource::Attachment),
                ("sg-tag", vec![Role::Db], RoleSource::Tag),
                ("sg-name", vec![Role::Alb], RoleSource::Name),
                ("sg-eks", vec![Role::App], RoleSource::Name),
                ("sg-plain", vec![Role::Other], RoleSource::Default),
                ("sg-web", vec![Role::Other], RoleSource::Default),
            ]
        );
        assert_eq!(
            s.aws.security_groups[6].attached_to,
            vec!["i-web".to_string()],
            "a non-node instance gives no role but is recorded"
        );
    }
}
