//! IAM roles and users with their policies, access keys and login
//! profiles, OIDC providers, and the account password policy.
//!
//! A plan says nothing of MFA devices or of the root user: users have
//! `mfa_active` false, and the account-level record made for
//! `aws_iam_account_password_policy` carries the password policy only
//! (its root-user fields are not read from the plan).

use super::super::model::Model;
use super::super::values::Vals;
use super::{document, positions};
use crate::plan_entity;
use crate::snapshot::aws::{
    AccessKey, AttachedPolicy, IamAccount, IamRole, IamUser, OidcProvider, PasswordPolicy,
};
use crate::snapshot::Snapshot;

const ROLE: &[&str] = &["aws_iam_role"];
const USER: &[&str] = &["aws_iam_user"];
const POLICY: &[&str] = &["aws_iam_policy"];

/// A managed policy attached by ARN: its document when the plan creates it.
fn managed(m: &Model<'_>, i: usize, v: &Vals<'_>, key: &str) -> Option<AttachedPolicy> {
    let found = m.ref_one_found(i, v, key, POLICY)?;
    let arn = v.str(key).unwrap_or_else(|| found.id.clone());
    let aws_managed = arn.contains(":iam::aws:policy/");
    let (name, doc) = match found.inst {
        Some(p) => {
            let pv = m.vals(p);
            (pv.str("name"), document(&pv, "policy"))
        }
        None => (None, serde_json::Value::Null),
    };
    Some(AttachedPolicy {
        name: name.unwrap_or_else(|| arn.rsplit('/').next().unwrap_or(&arn).to_string()),
        arn: Some(arn),
        kind: if aws_managed { "aws" } else { "customer" }.into(),
        document: doc,
    })
}

fn inline(v: &Vals<'_>, name_key: &str) -> AttachedPolicy {
    AttachedPolicy {
        name: v.str(name_key).unwrap_or_default(),
        arn: None,
        kind: "inline".into(),
        document: document(v, "policy"),
    }
}

pub(super) fn map(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(ROLE) {
        let v = m.vals(i);
        let mut policies: Vec<AttachedPolicy> = v
            .blocks("inline_policy")
            .iter()
            .filter(|b| b.str("name").is_some())
            .map(|b| inline(b, "name"))
            .collect();
        for arn in v.strings("managed_policy_arns") {
            let found = m
                .of_types(POLICY)
                .into_iter()
                .find(|p| m.vals(*p).str("arn").as_deref() == Some(arn.as_str()));
            policies.push(AttachedPolicy {
                name: arn.rsplit('/').next().unwrap_or(&arn).to_string(),
                kind: if arn.contains(":iam::aws:policy/") {
                    "aws"
                } else {
                    "customer"
                }
                .into(),
                document: found
                    .map(|p| document(&m.vals(p), "policy"))
                    .unwrap_or_default(),
                arn: Some(arn),
            });
        }
        s.aws
            .iam_roles
            .push(plan_entity!(IamRole, m, i, v.str("name"), false, {
                trust_policy: document(&v, "assume_role_policy"),
                policies: policies,
            }));
    }
    for i in m.of_types(USER) {
        let v = m.vals(i);
        s.aws
            .iam_users
            .push(plan_entity!(IamUser, m, i, v.str("name"), false, {}));
    }
    let role_pos = positions(&s.aws.iam_roles, |r| &r.id);
    let user_pos = positions(&s.aws.iam_users, |r| &r.id);

    for i in m.of_types(&["aws_iam_role_policy"]) {
        let v = m.vals(i);
        if let Some(&p) = m
            .ref_one(i, &v, "role", ROLE)
            .and_then(|r| role_pos.get(&r))
        {
            s.aws.iam_roles[p].policies.push(inline(&v, "name"));
        }
    }
    for i in m.of_types(&["aws_iam_user_policy"]) {
        let v = m.vals(i);
        if let Some(&p) = m
            .ref_one(i, &v, "user", USER)
            .and_then(|u| user_pos.get(&u))
        {
            s.aws.iam_users[p].policies.push(inline(&v, "name"));
        }
    }
    for i in m.of_types(&["aws_iam_role_policy_attachment"]) {
        let v = m.vals(i);
        if let (Some(&p), Some(a)) = (
            m.ref_one(i, &v, "role", ROLE)
                .and_then(|r| role_pos.get(&r)),
            managed(m, i, &v, "policy_arn"),
        ) {
            s.aws.iam_roles[p].policies.push(a);
        }
    }
    for i in m.of_types(&["aws_iam_user_policy_attachment"]) {
        let v = m.vals(i);
        if let (Some(&p), Some(a)) = (
            m.ref_one(i, &v, "user", USER)
                .and_then(|u| user_pos.get(&u)),
            managed(m, i, &v, "policy_arn"),
        ) {
            s.aws.iam_users[p].policies.push(a);
        }
    }
    for i in m.of_types(&["aws_iam_policy_attachment"]) {
        let v = m.vals(i);
        let Some(a) = managed(m, i, &v, "policy_arn") else {
            continue;
        };
        for r in m.ref_many(i, &v, "roles", ROLE) {
            if let Some(&p) = role_pos.get(&r) {
                s.aws.iam_roles[p].policies.push(a.clone());
            }
        }
        for u in m.ref_many(i, &v, "users", USER) {
            if let Some(&p) = user_pos.get(&u) {
                s.aws.iam_users[p].policies.push(a.clone());
            }
        }
    }
    for i in m.of_types(&["aws_iam_access_key"]) {
        let v = m.vals(i);
        if let Some(&p) = m
            .ref_one(i, &v, "user", USER)
            .and_then(|u| user_pos.get(&u))
        {
            s.aws.iam_users[p].access_keys.push(AccessKey {
                access_key_id: v
                    .str("id")
                    .unwrap_or_else(|| m.instances[i].address.clone()),
                active: v
                    .str("status")
                    .is_none_or(|st| st.eq_ignore_ascii_case("active")),
                created_at: v.str("create_date"),
                last_used_at: None,
            });
        }
    }
    for i in m.of_types(&["aws_iam_user_login_profile"]) {
        let v = m.vals(i);
        if let Some(&p) = m
            .ref_one(i, &v, "user", USER)
            .and_then(|u| user_pos.get(&u))
        {
            s.aws.iam_users[p].password_enabled = true;
        }
    }

    for i in m.of_types(&["aws_iam_openid_connect_provider"]) {
        let v = m.vals(i);
        let url = v.str("url").unwrap_or_default();
        let bare = url.trim_start_matches("https://").to_string();
        s.aws
            .oidc_providers
            .push(plan_entity!(OidcProvider, m, i, None, false, {
                url: bare,
                client_ids: v.strings("client_id_list"),
            }));
    }
    for i in m.of_types(&["aws_iam_account_password_policy"]) {
        let v = m.vals(i);
        let max_age = v
            .int("max_password_age")
            .filter(|d| *d > 0)
            .map(|d| d as u32);
        let mut a = plan_entity!(IamAccount, m, i, None, false, {
            password_policy: Some(PasswordPolicy {
                minimum_password_length: v.int("minimum_password_length").unwrap_or(6).max(0) as u32,
                password_reuse_prevention: v.int("password_reuse_prevention").filter(|n| *n > 0).map(|n| n as u32),
                max_password_age: max_age,
                expire_passwords: v.bool("expire_passwords").unwrap_or(max_age.is_some()),
            }),
        });
        let account = m.account(i);
        if !account.is_empty() {
            a.id = format!("{account}/iam");
            a.native_id = account.to_string();
        }
        s.aws.iam_accounts.push(a);
    }
}
