//! IAM, once per account: account summary and password policy, the
//! credential report, users (console access, MFA, access keys), roles with
//! their trust and permission policies, and OIDC providers.

use super::all_items;
use super::credential_report::{self, ReportRow};
use super::iam_policies::{
    fill_customer_documents, is_aws_managed, parse_document, IAM_CONCURRENCY,
};
use super::scope::{error_message, tags_from, Scope};
use crate::snapshot::aws::*;
use crate::snapshot::{Snapshot, Tags};
use aws_sdk_iam::types::{StatusType, SummaryKeyType};
use aws_sdk_iam::Client;
use futures::StreamExt;
use std::collections::HashMap;

/// `scope.region` is `global`. Returns the account alias, if any.
pub async fn collect(client: &Client, scope: &Scope, out: &mut Snapshot) -> Option<String> {
    let (account, alias, report, users, roles, oidc) = tokio::join!(
        account(client, scope),
        client.list_account_aliases().send(),
        credential_report::read(client),
        users(client, scope),
        roles(client, scope),
        oidc_providers(client, scope),
    );
    let mut errors = Vec::new();
    match account {
        Ok(a) => out.aws.iam_accounts.push(a),
        Err((op, msg)) => errors.push(scope.error("iam", &op, &["aws.iam_accounts"], msg)),
    }
    let alias = match alias {
        Ok(a) => a.account_aliases().first().cloned(),
        Err(e) => {
            errors.push(scope.error(
                "iam",
                "ListAccountAliases",
                &["aws.accounts.alias"],
                error_message(&e),
            ));
            None
        }
    };
    let report: HashMap<String, ReportRow> = match report {
        Ok(r) => r,
        Err((op, msg)) => {
            errors.push(scope.error("iam", &op, &["aws.iam_users"], msg));
            HashMap::new()
        }
    };
    let (mut users, user_errors) = users;
    errors.extend(
        user_errors
            .into_iter()
            .map(|(op, m)| scope.error("iam", &op, &["aws.iam_users"], m)),
    );
    for u in &mut users {
        if let Some(row) = report.get(u.name.as_deref().unwrap_or_default()) {
            u.password_enabled = row.password_enabled;
            u.mfa_active = row.mfa_active;
        }
    }
    let (mut roles, role_errors) = roles;
    errors.extend(
        role_errors
            .into_iter()
            .map(|(op, m)| scope.error("iam", &op, &["aws.iam_roles"], m)),
    );
    let mut lists: Vec<&mut Vec<AttachedPolicy>> = users
        .iter_mut()
        .map(|u| &mut u.policies)
        .chain(roles.iter_mut().map(|r| &mut r.policies))
        .collect();
    for (op, m) in fill_customer_documents(client, &mut lists).await {
        errors.push(scope.error("iam", &op, &["aws.iam_users", "aws.iam_roles"], m));
    }
    match oidc {
        Ok(o) => out.aws.oidc_providers.extend(o),
        Err((op, msg)) => errors.push(scope.error("iam", &op, &["aws.oidc_providers"], msg)),
    }
    out.aws.iam_users.extend(users);
    out.aws.iam_roles.extend(roles);
    out.errors.extend(errors);
    alias
}

type Failed = (String, String);

async fn account(client: &Client, scope: &Scope) -> Result<IamAccount, Failed> {
    let summary = client
        .get_account_summary()
        .send()
        .await
        .map_err(|e| ("GetAccountSummary".to_string(), error_message(&e)))?;
    let value = |k: SummaryKeyType| {
        summary
            .summary_map()
            .and_then(|m| m.get(&k))
            .copied()
            .unwrap_or(0)
    };
    let password_policy = match client.get_account_password_policy().send().await {
        Ok(p) => p.password_policy().map(|p| PasswordPolicy {
            minimum_password_length: p.minimum_password_length().unwrap_or(0).max(0) as u32,
            password_reuse_prevention: p.password_reuse_prevention().map(|v| v.max(0) as u32),
            max_password_age: p.max_password_age().map(|v| v.max(0) as u32),
            expire_passwords: p.expire_passwords(),
        }),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_no_such_entity_exception()) =>
        {
            None
        }
        Err(e) => return Err(("GetAccountPasswordPolicy".to_string(), error_message(&e))),
    };
    let id = format!("{}/iam", scope.account_id);
    Ok(IamAccount {
        root_mfa_enabled: value(SummaryKeyType::AccountMfaEnabled) > 0,
        root_access_keys_present: value(SummaryKeyType::AccountAccessKeysPresent) > 0,
        password_policy,
        ..IamAccount::with_identity(scope.identity(id, &scope.account_id, None, Tags::new(), None))
    })
}

fn iam_tags(tags: &[aws_sdk_iam::types::Tag]) -> Tags {
    tags_from(
        tags.iter()
            .map(|t| (t.key().to_string(), t.value().to_string())),
    )
}

async fn users(client: &Client, scope: &Scope) -> (Vec<IamUser>, Vec<Failed>) {
    let list = match all_items!(client.list_users()).await {
        Ok(l) => l,
        Err(e) => return (Vec::new(), vec![("ListUsers".into(), error_message(&e))]),
    };
    let results: Vec<Result<IamUser, Failed>> = futures::stream::iter(list)
        .map(|u| async move { user(client, scope, u).await })
        .buffered(IAM_CONCURRENCY)
        .collect()
        .await;
    split(results)
}

fn split<T>(results: Vec<Result<T, Failed>>) -> (Vec<T>, Vec<Failed>) {
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(e) => failed.push(e),
        }
    }
    (ok, failed)
}

async fn user(
    client: &Client,
    scope: &Scope,
    u: aws_sdk_iam::types::User,
) -> Result<IamUser, Failed> {
    let name = u.user_name().to_string();
    let fail = |op: &str, m: String| (op.to_string(), format!("{name}: {m}"));
    let keys = all_items!(client.list_access_keys().user_name(&name))
        .await
        .map_err(|e| fail("ListAccessKeys", error_message(&e)))?;
    let mut access_keys = Vec::new();
    for k in keys {
        let id = k.access_key_id().unwrap_or_default().to_string();
        let last_used = client
            .get_access_key_last_used()
            .access_key_id(&id)
            .send()
            .await
            .map_err(|e| fail("GetAccessKeyLastUsed", error_message(&e)))?;
        access_keys.push(AccessKey {
            active: k.status() == Some(&StatusType::Active),
            created_at: k.create_date().and_then(rfc3339),
            last_used_at: last_used
                .access_key_last_used()
                .and_then(|l| l.last_used_date())
                .and_then(rfc3339),
            access_key_id: id,
        });
    }
    let attached = all_items!(client.list_attached_user_policies().user_name(&name))
        .await
        .map_err(|e| fail("ListAttachedUserPolicies", error_message(&e)))?;
    let inline = all_items!(client.list_user_policies().user_name(&name))
        .await
        .map_err(|e| fail("ListUserPolicies", error_message(&e)))?;
    let mut policies = managed(&attached);
    for p in inline {
        let doc = client
            .get_user_policy()
            .user_name(&name)
            .policy_name(&p)
            .send()
            .await
            .map_err(|e| fail("GetUserPolicy", error_message(&e)))?;
        policies.push(inline_policy(p, doc.policy_document()));
    }
    let arn = u.arn().to_string();
    Ok(IamUser {
        access_keys,
        policies,
        ..IamUser::with_identity(scope.identity(
            arn.clone(),
            u.user_id(),
            Some(arn),
            iam_tags(u.tags()),
            Some(&name),
        ))
    })
}

fn managed(attached: &[aws_sdk_iam::types::AttachedPolicy]) -> Vec<AttachedPolicy> {
    attached
        .iter()
        .map(|p| {
            let arn = p.policy_arn().unwrap_or_default();
            AttachedPolicy {
                name: p.policy_name().unwrap_or_default().to_string(),
                kind: if is_aws_managed(arn) {
                    "aws"
                } else {
                    "customer"
                }
                .to_string(),
                arn: Some(arn.to_string()),
                document: serde_json::json!({}),
            }
        })
        .collect()
}

fn inline_policy(name: String, document: &str) -> AttachedPolicy {
    AttachedPolicy {
        name,
        arn: None,
        kind: "inline".to_string(),
        document: parse_document(document),
    }
}

fn rfc3339(t: &aws_smithy_types::DateTime) -> Option<String> {
    t.fmt(aws_smithy_types::date_time::Format::DateTime).ok()
}

async fn roles(client: &Client, scope: &Scope) -> (Vec<IamRole>, Vec<Failed>) {
    let list = match all_items!(client.list_roles()).await {
        Ok(l) => l,
        Err(e) => return (Vec::new(), vec![("ListRoles".into(), error_message(&e))]),
    };
    let results: Vec<Result<IamRole, Failed>> = futures::stream::iter(list)
        .map(|r| async move { role(client, scope, r).await })
        .buffered(IAM_CONCURRENCY)
        .collect()
        .await;
    split(results)
}

async fn role(
    client: &Client,
    scope: &Scope,
    r: aws_sdk_iam::types::Role,
) -> Result<IamRole, Failed> {
    let name = r.role_name().to_string();
    let fail = |op: &str, m: String| (op.to_string(), format!("{name}: {m}"));
    let attached = all_items!(client.list_attached_role_policies().role_name(&name))
        .await
        .map_err(|e| fail("ListAttachedRolePolicies", error_message(&e)))?;
    let inline = all_items!(client.list_role_policies().role_name(&name))
        .await
        .map_err(|e| fail("ListRolePolicies", error_message(&e)))?;
    let mut policies = managed(&attached);
    for p in inline {
        let doc = client
            .get_role_policy()
            .role_name(&name)
            .policy_name(&p)
            .send()
            .await
            .map_err(|e| fail("GetRolePolicy", error_message(&e)))?;
        policies.push(inline_policy(p, doc.policy_document()));
    }
    let arn = r.arn().to_string();
    Ok(IamRole {
        trust_policy: r
            .assume_role_policy_document()
            .map(parse_document)
            .unwrap_or_default(),
        policies,
        ..IamRole::with_identity(scope.identity(
            arn.clone(),
            r.role_id(),
            Some(arn),
            iam_tags(r.tags()),
            Some(&name),
        ))
    })
}

async fn oidc_providers(client: &Client, scope: &Scope) -> Result<Vec<OidcProvider>, Failed> {
    let list = client
        .list_open_id_connect_providers()
        .send()
        .await
        .map_err(|e| ("ListOpenIDConnectProviders".to_string(), error_message(&e)))?;
    let mut out = Vec::new();
    for p in list.open_id_connect_provider_list() {
        let Some(arn) = p.arn() else { continue };
        let got = client
            .get_open_id_connect_provider()
            .open_id_connect_provider_arn(arn)
            .send()
            .await
            .map_err(|e| {
                (
                    "GetOpenIDConnectProvider".to_string(),
                    format!("{arn}: {}", error_message(&e)),
                )
            })?;
        let url = got.url().unwrap_or_default();
        let url = url.strip_prefix("https://").unwrap_or(url).to_string();
        out.push(OidcProvider {
            client_ids: got.client_id_list().to_vec(),
            ..OidcProvider::with_identity(scope.identity(
                arn.to_string(),
                &url,
                Some(arn.to_string()),
                iam_tags(got.tags()),
                None,
            ))
        });
        if let Some(last) = out.last_mut() {
            last.url = url;
        }
    }
    Ok(out)
}
