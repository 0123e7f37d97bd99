//! Read-only, provably: every AWS operation the collectors call
//! (`src/collect/aws`) must be a read (Describe, List, Get, Select,
//! BatchGet, GenerateCredentialReport, sts:AssumeRole) and must be allowed by
//! the minimal policy users attach, `docs/iam-policy.json`; and that policy
//! grants nothing else.

use serde_json::Value;
use std::collections::BTreeSet;

mod common;

const READ_PREFIXES: &[&str] = &[
    "Describe",
    "List",
    "Get",
    "Select",
    "BatchGet",
    "GenerateCredentialReport",
    "AssumeRole",
];

fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn ident_at(s: &str) -> &str {
    let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
    &s[..end]
}

fn ident_before(s: &str) -> &str {
    let start = s.rfind(|c: char| !is_ident(c)).map_or(0, |i| i + 1);
    &s[start..]
}

/// Names bound to SDK clients: `let NAME = aws_sdk_x::Client::new(…)` and
/// parameters `NAME: &Client` / `NAME: &aws_sdk_x::Client`.
fn client_names(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in source.lines() {
        if let (Some(l), Some(_)) = (line.find("let "), line.find("Client::new(")) {
            names.insert(ident_at(&line[l + 4..]).to_string());
        }
    }
    for (i, _) in source.match_indices("Client") {
        let before = source[..i].trim_end_matches(|c: char| is_ident(c) || c == ':');
        if let Some(b) = before.strip_suffix('&') {
            if let Some(b) = b.trim_end().strip_suffix(':') {
                names.insert(ident_before(b.trim_end()).to_string());
            }
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

/// Every operation started on an SDK client: `CLIENT.op()` (rustfmt may
/// break the chain across lines) or `Client::new(…).op()`, as IAM names it.
fn operations(source: &str) -> BTreeSet<String> {
    let clients = client_names(source);
    let flat: String = source.chars().filter(|c| !c.is_whitespace()).collect();
    let mut ops = BTreeSet::new();
    let mut take = |rest: &str| {
        let name = ident_at(rest);
        // Methods every client has that call no API.
        let local = ["clone", "config"].contains(&name);
        if !name.is_empty() && !local && rest[name.len()..].starts_with("()") {
            ops.insert(camel(name));
        }
    };
    for client in &clients {
        let needle = format!("{client}.");
        for (i, _) in flat.match_indices(&needle) {
            if flat[..i].ends_with(is_ident) {
                continue;
            }
            take(&flat[i + needle.len()..]);
        }
    }
    for (i, _) in flat.match_indices("Client::new(") {
        let mut depth = 0;
        let rest = &flat[i + "Client::new".len()..];
        for (j, c) in rest.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        if let Some(after) = rest[j + 1..].strip_prefix('.') {
                            take(after);
                        }
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    ops
}

fn collector_operations() -> BTreeSet<String> {
    let dir = common::root().join("src/collect/aws");
    let mut ops = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            ops.extend(operations(&std::fs::read_to_string(&path).unwrap()));
        }
    }
    ops
}

fn policy_actions() -> BTreeSet<String> {
    let text = std::fs::read_to_string(common::root().join("docs/iam-policy.json")).unwrap();
    let policy: Value = serde_json::from_str(&text).expect("docs/iam-policy.json is JSON");
    policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|s| assert_eq!(s["Effect"], "Allow"))
        .flat_map(|s| s["Action"].as_array().unwrap().iter())
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_scanner_finds_sdk_calls_and_names_them_as_iam_does() {
    let source = "async fn f(client: &Client, waf: &aws_sdk_wafv2::Client) {\n\
                  let ec2 = aws_sdk_ec2::Client::new(&c);\n\
                  client\n    .describe_vpcs()\n    .send();\n\
                  ec2.create_vpc().cidr_block(c); waf.get_web_acl_for_resource();\n\
                  aws_sdk_sts::Client::new(&c).get_caller_identity();\n\
                  out.tag_list(); x.create_date(); v.get(1); }";
    let want: BTreeSet<String> = [
        "CreateVpc",
        "DescribeVpcs",
        "GetCallerIdentity",
        "GetWebAclForResource",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(operations(source), want);
}

#[test]
fn every_collector_call_is_a_read_the_policy_allows() {
    let ops = collector_operations();
    assert!(
        ops.contains("DescribeVpcs") && ops.contains("GenerateCredentialReport"),
        "{ops:?}"
    );
    let allowed: BTreeSet<String> = policy_actions()
        .iter()
        .map(|a| a.split(':').nth(1).unwrap().to_ascii_lowercase())
        .collect();
    for op in &ops {
        assert!(
            READ_PREFIXES.iter().any(|p| op.starts_with(p)),
            "src/collect/aws calls {op}, which is not a read operation"
        );
        assert!(
            allowed.contains(&op.to_ascii_lowercase()),
            "src/collect/aws calls {op}, which docs/iam-policy.json does not allow"
        );
    }
}

#[test]
fn the_policy_grants_only_reads() {
    for action in policy_actions() {
        let (_, op) = action.split_once(':').unwrap();
        assert!(!op.contains('*'), "{action}: no wildcards");
        assert!(
            READ_PREFIXES.iter().any(|p| op.starts_with(p)),
            "{action} is not a read operation"
        );
    }
}
