//! `--format html`: the picture has one box per subnet and marks the
//! violating resources in their worst severity's colour; every finding is in
//! the table with its message, remediation and architecture quote; waivers,
//! the baseline trend, controls not evaluated and the Kubernetes guardrails
//! are shown; user data is escaped; nothing is loaded from the network.

mod html_support;

use archcheck::findings::{AppliedWaiver, BaselineState, Severity};
use archcheck::report::html::esc;
use archcheck::scan::{BaselineSummary, ResolvedFinding};
use assert_cmd::Command;
use html_support::{
    attr, fixture, keep, render, render_fixture, render_with, root, tag_of, FIXTURES,
};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn subnet_boxes(html: &str) -> usize {
    html.matches(r#"<g class="subnet "#).count()
}

#[test]
fn compliant_reference_draws_every_subnet_once_and_reports_no_findings() {
    let r = render_fixture("reference");
    assert!(r.report.findings.is_empty());
    assert_eq!(r.snapshot.aws.subnets.len(), 27);
    assert_eq!(subnet_boxes(&r.html), 27, "one box per subnet");
    for s in &r.snapshot.aws.subnets {
        let tag = tag_of(&r.html, "subnet", &s.id).unwrap_or_else(|| panic!("{} drawn", s.id));
        assert!(!tag.contains("sev-"), "{} is not marked: {tag}", s.id);
    }
    assert_eq!(
        r.html.matches(r#"<svg class="vpc""#).count(),
        3,
        "one picture per VPC"
    );
    assert!(!r.html.contains(r#"class="res sev-"#), "nothing is marked");
    assert!(r
        .html
        .contains("No findings: every evaluated control passed."));
    // The picture says what the documents draw: routes out, NATs, the chain.
    for text in [
        "→ IGW",
        "→ NAT 1a",
        "no route out",
        ">443<",
        ">8080<",
        ">5432<",
    ] {
        assert!(r.html.contains(text), "{text} in the picture");
    }
}

#[test]
fn broken_network_marks_each_violating_resource_in_its_worst_severity() {
    let r = render_fixture("broken-network");
    let found: BTreeSet<(String, String, Severity)> = r
        .report
        .findings
        .iter()
        .map(|f| (f.rule_id.clone(), f.resource.id.clone(), f.severity))
        .collect();
    let data_subnet = "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-f2cfcaec6221623e6";
    let app_subnet = "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-ea8e449dc207b5458";
    let dev_subnet = "arn:aws:ec2:us-east-1:222222222222:subnet/subnet-0a56c1f861ac7b190";
    let node = "arn:aws:ec2:us-east-1:111111111111:instance/i-0626bfcded56cf797";
    let staging_vpc = "arn:aws:ec2:us-east-1:222222222222:vpc/vpc-8e10f82cf7c7e35ea";
    let expected: BTreeSet<(String, String, Severity)> = [
        ("NET-003", data_subnet, Severity::Critical),
        ("NET-004", app_subnet, Severity::High),
        ("NET-005", node, Severity::Critical),
        ("NET-006", dev_subnet, Severity::High),
        ("NET-009", staging_vpc, Severity::Medium),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c))
    .collect();
    assert_eq!(found, expected);

    assert_eq!(subnet_boxes(&r.html), 27);
    for (class, id, sev) in [
        ("subnet tier-data", data_subnet, "critical"),
        ("subnet tier-app", app_subnet, "high"),
        ("subnet tier-app", dev_subnet, "high"),
        ("occ", node, "critical"),
        ("vpcframe", staging_vpc, "medium"),
    ] {
        let tag = tag_of(&r.html, class, id).unwrap_or_else(|| panic!("{id} drawn as {class}"));
        assert!(tag.contains(&format!("res sev-{sev}")), "{id}: {tag}");
    }
    let marked_subnets = r
        .html
        .match_indices(r#"<g class="subnet "#)
        .filter(|(i, _)| r.html[*i..].split('>').next().unwrap().contains("sev-"))
        .count();
    assert_eq!(marked_subnets, 3, "only the violating subnets are marked");
    // The data subnet's route to the IGW is drawn in the warning colour, and
    // the hover text names the finding.
    assert!(r.html.contains(r#"class="t-route warn end">→ IGW<"#));
    let hover = format!(r#"data-res="{}"><title>"#, attr(data_subnet));
    let at = r.html.find(&hover).unwrap() + hover.len();
    assert!(r.html[at..].starts_with("prod-private-data-us-east-1a\ncritical NET-003: subnet"));
}

#[test]
fn every_finding_is_in_the_table_with_message_remediation_and_quote() {
    for name in FIXTURES {
        let r = render_fixture(name);
        for f in &r.report.findings {
            let row = format!(
                r#"data-res="{}" data-rule="{}""#,
                attr(&f.resource.id),
                f.rule_id
            );
            assert!(
                r.html.contains(&row),
                "{name}: row of {} {}",
                f.rule_id,
                f.resource.id
            );
            assert!(
                r.html.contains(&esc(&f.message)),
                "{name}: message of {}",
                f.rule_id
            );
            assert!(
                r.html.contains(&esc(&f.remediation)),
                "{name}: remediation of {}",
                f.rule_id
            );
            if let Some(q) = &f.architecture.quote {
                assert!(r
                    .html
                    .contains(&format!("<blockquote>{}</blockquote>", esc(q))));
            }
        }
        assert_eq!(
            r.html.matches(r#"<tr class="finding "#).count(),
            r.report.findings.len(),
            "{name}: one row per finding"
        );
    }
}

#[test]
fn every_finding_on_a_vpc_resource_is_marked_on_its_picture() {
    for name in FIXTURES {
        let r = render_fixture(name);
        let aws = &r.snapshot.aws;
        for f in &r.report.findings {
            let id = &f.resource.id;
            let in_vpc = aws.subnets.iter().any(|s| &s.id == id)
                || aws.vpcs.iter().any(|v| &v.id == id)
                || aws.security_groups.iter().any(|g| &g.id == id)
                || aws.network_acls.iter().any(|a| &a.id == id)
                || aws.load_balancers.iter().any(|l| &l.id == id)
                || aws.eks_clusters.iter().any(|c| &c.id == id)
                || aws.db_subnet_groups.iter().any(|g| &g.id == id)
                || aws.ec2_instances.iter().any(|i| &i.id == id);
            if in_vpc {
                let marked = format!(r#"sev-{}" data-res="{}""#, f.severity, attr(id));
                let worse = Severity::ALL.iter().filter(|s| **s < f.severity).any(|s| {
                    r.html
                        .contains(&format!(r#"sev-{s}" data-res="{}""#, attr(id)))
                });
                assert!(
                    r.html.contains(&marked) || worse,
                    "{name}: {} on {id} is marked on the picture",
                    f.rule_id
                );
            }
        }
    }
}

#[test]
fn the_page_loads_nothing_from_the_network() {
    for name in FIXTURES {
        let html = render_fixture(name).html;
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{name}"
        );
        for reference in [
            "<link", " src=", "@import", "url(http", "<iframe", "<object",
        ] {
            assert!(!html.contains(reference), "{name}: {reference}");
        }
        assert!(
            html.contains("<style>") && html.contains("<script>"),
            "inline assets"
        );
        assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    }
}

#[test]
fn names_and_tags_from_the_snapshot_are_escaped() {
    let xss = r#"<script>alert(1)</script>"><img src=x onerror=alert(2)>"#;
    let mut snap = fixture("broken-network");
    for s in snap["aws"]["subnets"].as_array_mut().unwrap() {
        if s["cidr_block"] == "10.10.21.0/24" {
            s["name"] = json!(xss);
            s["tags"]["Name"] = json!(xss);
        }
    }
    snap["aws"]["vpcs"][0]["name"] = json!(xss);
    let r = render(snap);
    assert!(!r.html.contains("<script>alert"), "no injected script");
    assert!(!r.html.contains("<img"), "no injected element");
    assert!(r
        .html
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"));
    assert_eq!(
        r.html.matches("<script>").count(),
        1,
        "only the report's own script"
    );
}

#[test]
fn the_same_input_gives_the_same_page() {
    assert_eq!(
        render_fixture("broken-vpc").html,
        render_fixture("broken-vpc").html
    );
}

#[test]
fn a_vpc_too_large_to_draw_is_listed_instead() {
    let mut snap = fixture("reference");
    let dev_vpc = "arn:aws:ec2:us-east-1:222222222222:vpc/vpc-489bac99f35605fd5";
    let mut n = 0;
    for s in snap["aws"]["subnets"].as_array_mut().unwrap() {
        if s["vpc_id"] == dev_vpc {
            s["availability_zone"] = json!(format!("us-east-1{}", (b'a' + n) as char));
            s["availability_zone_id"] = json!(format!("use1-az{n}"));
            n += 1;
        }
    }
    assert_eq!(n, 9);
    let r = render(snap);
    keep("list-fallback", &r.html);
    assert_eq!(
        r.html.matches(r#"<svg class="vpc""#).count(),
        2,
        "two VPCs drawn"
    );
    assert_eq!(
        r.html.matches(r#"<div class="vpc-list"#).count(),
        1,
        "one listed"
    );
    assert_eq!(r.html.matches(r#"<tr class="subnet "#).count(), 9);
    assert!(r
        .html
        .contains("9 subnets, listed: too many AZs or subnets to draw"));
}

#[test]
fn waivers_and_the_baseline_trend_are_shown_when_present() {
    let r = render_with(fixture("broken-network"), |report| {
        for (i, f) in report.findings.iter_mut().enumerate() {
            if i == 0 {
                f.waiver = Some(AppliedWaiver {
                    reason: "debug route <until> the cut-over".into(),
                    owner: Some("network-team".into()),
                    expires: Some("2026-12-31".into()),
                    origin: "waivers.yaml:12".into(),
                    ..Default::default()
                });
                f.baseline = Some(BaselineState::Existing);
            } else {
                f.baseline = Some(BaselineState::New);
            }
        }
        report.summary.waived = 1;
        report.summary.baseline = Some(BaselineSummary {
            file: "baseline.json".into(),
            new: 4,
            existing: 1,
            resolved: vec![ResolvedFinding {
                fingerprint: "ab12cd".into(),
                rule_id: "SG-001".into(),
                resource_id: "sg-gone".into(),
            }],
        });
    });
    keep("waived-and-baseline", &r.html);
    let waived = &r.html[r
        .html
        .find(r#"<section id="waived">"#)
        .expect("waived section")..];
    let waived = &waived[..waived.find("</section>").unwrap()];
    assert!(waived.contains("<td>NET-003</td>"));
    assert!(waived.contains("debug route &lt;until&gt; the cut-over"));
    assert!(waived.contains("<td>network-team</td><td>2026-12-31</td>"));
    assert!(waived.contains("waivers.yaml:12"));
    let subnet = "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-f2cfcaec6221623e6";
    let tag = tag_of(&r.html, "subnet", subnet).unwrap();
    assert!(
        tag.contains("res sev-critical waived"),
        "drawn dashed: {tag}"
    );
    assert_eq!(
        r.html
            .matches(r#"<span class="badge new">new</span>"#)
            .count(),
        4
    );
    assert_eq!(r.html.matches(r#"class="badge waived""#).count(), 1);
    assert!(r
        .html
        .contains("<b>+4 / −1</b><span>new / resolved vs baseline</span>"));
    assert!(r
        .html
        .contains("Baseline <code>baseline.json</code>: 4 new, 1 still present, 1 resolved."));
    assert!(r.html.contains(
        r#"<tr class="resolved"><td>SG-001</td><td>sg-gone</td><td><code>ab12cd</code></td></tr>"#
    ));
}

#[test]
fn without_waivers_or_baseline_those_sections_are_absent() {
    let r = render_fixture("broken-network");
    assert!(!r.html.contains(r#"<section id="waived">"#));
    assert!(!r.html.contains(r#"<section id="baseline">"#));
    assert!(!r.html.contains("class=\"badge"));
}

#[test]
fn controls_not_evaluated_are_listed_with_the_reason() {
    let mut snap = fixture("reference");
    snap["errors"] = json!([{
        "source": "live-aws",
        "service": "rds",
        "account_id": "111111111111",
        "region": "us-east-1",
        "operation": "DescribeDBClusters",
        "message": "AccessDenied: not authorized to perform rds:DescribeDBClusters"
    }]);
    let r = render(snap);
    keep("not-evaluated", &r.html);
    let section = &r.html[r
        .html
        .find(r#"<section id="not-evaluated">"#)
        .expect("section")..];
    let section = &section[..section.find("</section>").unwrap()];
    let not_evaluated: Vec<_> = r
        .report
        .controls
        .iter()
        .filter(|c| !c.not_evaluated.is_empty())
        .collect();
    assert!(not_evaluated.iter().any(|c| c.rule_id == "DB-002"));
    for c in not_evaluated {
        assert!(
            section.contains(&format!("<b>{}</b>", c.rule_id)),
            "{}",
            c.rule_id
        );
        for n in &c.not_evaluated {
            assert!(
                section.contains(&esc(&n.reason)),
                "{}: {}",
                c.rule_id,
                n.reason
            );
        }
    }
    assert!(r
        .html
        .contains("rds DescribeDBClusters 111111111111/us-east-1: AccessDenied"));
    let unjudged = r
        .report
        .controls
        .iter()
        .filter(|c| !c.not_evaluated.is_empty())
        .count();
    assert_eq!(
        unjudged, 16,
        "ACC-001/002/004, DB-001…009, NET-005, SG-001/003/004"
    );
    assert_eq!(
        r.html
            .matches(
                r#"<g class="hdr unread res" data-res="unread:rds"><title>not read: rds</title>"#
            )
            .count(),
        1,
        "only prod's VPC (111111111111/us-east-1) says rds was not read"
    );
    assert!(
        r.html
            .contains("No findings, but 16 control(s) could not judge everything"),
        "a clean page does not claim every control passed"
    );
}

fn k8s_object(kind: &str, ns: Option<&str>, name: &str, extra: Value) -> Value {
    let id = match ns {
        Some(ns) => format!("shop/{ns}/{kind}/{name}"),
        None => format!("shop/{kind}/{name}"),
    };
    let mut v = json!({"id": id, "cluster": "shop", "name": name});
    if let Some(ns) = ns {
        v["namespace"] = json!(ns);
    }
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

fn workload(ns: &str, name: &str) -> Value {
    k8s_object(
        "Deployment",
        Some(ns),
        name,
        json!({"kind": "Deployment", "replicas": 1, "environment": "prod", "pod": {
            "security_context": {"run_as_non_root": true},
            "containers": [{
                "name": "api",
                "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:0000000000000000000000000000000000000000000000000000000000000000",
                "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "128Mi"}},
                "liveness_probe": true, "readiness_probe": true,
                "security_context": {"run_as_non_root": true, "privileged": false,
                    "allow_privilege_escalation": false, "capabilities_drop": ["ALL"]}
            }]
        }}),
    )
}

#[test]
fn kubernetes_namespaces_show_their_guardrails_and_workloads_with_findings() {
    let mut snap = fixture("reference");
    let env = json!({"environment": "prod"});
    snap["k8s"] = json!({
        "clusters": [k8s_object("Cluster", None, "shop", json!({"version": "v1.34.1"}))],
        "namespaces": [
            k8s_object("Namespace", None, "guarded", json!({"environment": "prod",
                "labels": {"pod-security.kubernetes.io/enforce": "restricted"}})),
            k8s_object("Namespace", None, "bare", env.clone()),
        ],
        "workloads": [workload("guarded", "api"), workload("bare", "<b>worker</b>")],
        "network_policies": [k8s_object("NetworkPolicy", Some("guarded"), "default-deny",
            json!({"environment": "prod", "pod_selector": {}, "policy_types": ["Ingress", "Egress"]}))],
        "resource_quotas": [k8s_object("ResourceQuota", Some("guarded"), "quota",
            json!({"environment": "prod", "hard": {"cpu": "4"}}))],
        "limit_ranges": [k8s_object("LimitRange", Some("guarded"), "limits",
            json!({"environment": "prod", "limits": [{"type": "Container"}]}))],
    });
    let r = render(snap);
    keep("kubernetes", &r.html);
    let k8s_findings: BTreeSet<(&str, &str)> = r
        .report
        .findings
        .iter()
        .filter(|f| f.rule_id.starts_with("K8S"))
        .map(|f| (f.rule_id.as_str(), f.resource.id.as_str()))
        .collect();
    assert!(
        k8s_findings.iter().all(|(_, id)| id.contains("/bare")),
        "only the bare namespace fails: {k8s_findings:?}"
    );
    for rule in ["K8S-001", "K8S-002", "K8S-007"] {
        assert!(
            k8s_findings.iter().any(|(r, _)| *r == rule),
            "{rule}: {k8s_findings:?}"
        );
    }
    assert!(r
        .html
        .contains("<h3>Cluster shop <small>v1.34.1</small></h3>"));
    let card = |ns: &str| {
        let start = r
            .html
            .find(&format!(r#"data-res="shop/Namespace/{ns}""#))
            .unwrap_or_else(|| panic!("card of {ns}"));
        let start = r.html[..start].rfind("<div").unwrap();
        let end = start + r.html[start..].find("</div>").unwrap();
        &r.html[start..end]
    };
    let guarded = card("guarded");
    assert!(
        guarded.starts_with(r#"<div class="ns-card res" "#),
        "not marked: {guarded}"
    );
    for g in [
        r#"<li class="g-ok">default-deny ingress + egress</li>"#,
        r#"<li class="g-ok">resource quota</li>"#,
        r#"<li class="g-ok">limit range</li>"#,
        r#"<li class="g-ok">PSA restricted</li>"#,
    ] {
        assert!(guarded.contains(g), "{g} in {guarded}");
    }
    let bare = card("bare");
    assert!(bare.contains("sev-"), "marked: {bare}");
    for g in [
        r#"<li class="g-missing">no default-deny</li>"#,
        r#"<li class="g-missing">no resource quota</li>"#,
        r#"<li class="g-missing">no limit range</li>"#,
        r#"<li class="g-missing">PSA not set</li>"#,
    ] {
        assert!(bare.contains(g), "{g} in {bare}");
    }
    assert!(bare.contains(
        "<b>K8S-001</b> namespace bare — Application namespaces deny traffic by default</li>"
    ));
    assert!(
        !r.html.contains("<b>worker</b>"),
        "workload names are escaped"
    );
}

#[test]
fn scan_writes_html_for_the_html_extension_and_for_format_html() {
    let dir = tempfile::tempdir().unwrap();
    for (args, file) in [
        (vec![], "by-extension.html"),
        (vec!["--format", "html"], "by-flag.out"),
    ] {
        let out = dir.path().join(file);
        let status = Command::cargo_bin("archcheck")
            .unwrap()
            .current_dir(root())
            .args([
                "scan",
                "--snapshot",
                "fixtures/snapshots/broken-vpc.json",
                "-q",
                "-o",
            ])
            .arg(&out)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(
            status.status.code(),
            Some(1),
            "findings at high fail the run"
        );
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{file}");
        assert!(html.contains(r#"data-rule="NET-010""#), "{file}");
    }
}

#[test]
fn beyond_twelve_vpcs_every_vpc_is_listed() {
    let mut snap = fixture("reference");
    let vpcs = snap["aws"]["vpcs"].as_array_mut().unwrap();
    let template = vpcs[0].clone();
    for n in 0..10 {
        let mut v = template.clone();
        v["id"] = json!(format!("copy-{n}"));
        v["native_id"] = json!(format!("vpc-copy{n}"));
        v["arn"] = Value::Null;
        v["name"] = json!(format!("copy-{n}"));
        vpcs.push(v);
    }
    let r = render(snap);
    assert_eq!(r.snapshot.aws.vpcs.len(), 13);
    assert_eq!(r.html.matches(r#"<svg class="vpc""#).count(), 0);
    assert_eq!(r.html.matches(r#"<div class="vpc-list"#).count(), 13);
    assert!(r
        .html
        .contains("9 subnets, listed: 13 VPCs are too many to draw"));
    assert_eq!(
        r.html.matches(r#"<tr class="subnet "#).count(),
        27,
        "every subnet listed"
    );
}

#[test]
fn account_level_findings_are_shown_per_account() {
    let clean = render_fixture("reference");
    assert_eq!(
        clean.html.matches("no account-level findings").count(),
        3,
        "three clean accounts"
    );
    let r = render_fixture("broken-iam");
    let card = |account: &str| {
        let start = r
            .html
            .find(&format!("<b>{account}</b>"))
            .unwrap_or_else(|| panic!("card of {account}"));
        let start = r.html[..start].rfind("<div").unwrap();
        let end = start + r.html[start..].find("</div>").unwrap();
        &r.html[start..end]
    };
    assert!(card("000000000000").contains("no account-level findings"));
    let dev = card("222222222222");
    assert!(
        dev.starts_with(r#"<div class="acct res sev-critical">"#),
        "{dev}"
    );
    for rule in ["IAM-001", "IAM-003", "IAM-005", "IAM-006", "IAM-007"] {
        assert!(dev.contains(rule), "{rule} in {dev}");
    }
    let user = "arn:aws:iam::222222222222:user/qa-tester";
    assert!(dev.contains(&format!(
        r#"<li class="res sev-high" data-res="{}">qa-tester <small>IAM-003</small></li>"#,
        attr(user)
    )));
    let prod = card("111111111111");
    assert!(
        prod.starts_with(r#"<div class="acct res sev-high">"#),
        "{prod}"
    );
    assert!(prod.contains("IAM-002") && prod.contains("IAM-004"));
}
