//! `--k8s`: the live collector against a loopback API server answering from
//! recorded responses (tests/k8s_support). The compliant cluster gives no
//! findings and the broken one exactly its seeded findings; lists are paged;
//! a Forbidden resource or a missing API group is recorded and its controls
//! are not evaluated; an unreachable server is exit 2 naming it; every
//! request is allowed by docs/k8s-rbac.yaml; kubectl reads the same objects.
#![cfg(feature = "k8s")]

mod common;
mod k8s_support;

use archcheck::architecture::Architecture;
use archcheck::collect::k8s::eks::link_eks_clusters;
use archcheck::collect::k8s::live::{self, LiveOptions};
use archcheck::engine::{PolicyEngine, PolicyLibrary};
use archcheck::scan::{scan, ScanOptions, ScanReport};
use archcheck::snapshot::aws::EksCluster;
use archcheck::snapshot::k8s::Cluster;
use archcheck::snapshot::Snapshot;
use assert_cmd::Command;
use k8s_support::{Behaviour, TestServer};
use serde_json::Value;
use std::collections::BTreeSet;

const CONTEXT: &str = "test-eks";

fn collect(server: &TestServer, opts: LiveOptions) -> Snapshot {
    let dir = tempfile::tempdir().unwrap();
    let opts = LiveOptions {
        kubeconfig: Some(server.kubeconfig(dir.path(), &[CONTEXT])),
        ..opts
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut targets = live::targets(&opts).await.unwrap();
        assert_eq!(targets.len(), 1);
        live::collect_target(targets.remove(0), &opts)
            .await
            .unwrap()
    })
}

fn run(snapshot: &mut Snapshot) -> ScanReport {
    let arch = Architecture::builtin();
    let engine = PolicyEngine::new(&PolicyLibrary::builtin(), arch.to_rego_data()).unwrap();
    scan(snapshot, &arch, &engine, &ScanOptions::default()).unwrap()
}

fn findings(report: &ScanReport) -> BTreeSet<(String, String)> {
    report
        .findings
        .iter()
        .map(|f| (f.rule_id.clone(), f.resource.id.clone()))
        .collect()
}

fn not_evaluated(report: &ScanReport) -> BTreeSet<(String, String)> {
    report
        .controls
        .iter()
        .flat_map(|c| {
            c.not_evaluated
                .iter()
                .map(move |n| (c.rule_id.clone(), n.scope.clone()))
        })
        .collect()
}

fn archcheck() -> Command {
    let mut c = Command::cargo_bin("archcheck").unwrap();
    c.env_remove("ARCHCHECK_BUILTIN_POLICIES")
        .env_remove("KUBECONFIG")
        .env("NO_COLOR", "1");
    c
}

/// The seeded findings of the broken cluster: those of the broken manifests
/// (tests/k8s_manifests.rs), in the cluster, where objects the manifests
/// leave without a namespace were applied to `payments`, plus the `default`
/// namespace every cluster has, which now runs a workload (the debug pod)
/// without default-deny, quota or Pod Security label.
fn broken_expected() -> BTreeSet<(String, String)> {
    let mut set = BTreeSet::new();
    for (rule, id) in [
        ("K8S-001", "Namespace/payments"),
        ("K8S-002", "Namespace/payments"),
        ("K8S-007", "Namespace/payments"),
        ("K8S-001", "Namespace/default"),
        ("K8S-002", "Namespace/default"),
        ("K8S-007", "Namespace/default"),
        ("K8S-003", "default/Pod/debug"),
        ("K8S-004", "payments/Deployment/worker"),
        ("K8S-005", "payments/Deployment/worker"),
        ("K8S-006", "payments/Deployment/worker"),
        ("K8S-008", "payments/Deployment/worker"),
        ("K8S-009", "payments/Deployment/worker"),
        ("K8S-011", "payments/Deployment/worker"),
        ("K8S-010", "payments/Service/worker-public"),
        ("K8S-010", "payments/Service/legacy-lb"),
        ("K8S-010", "payments/Service/node-port"),
        ("K8S-012", "ClusterRoleBinding/alice-admin"),
    ] {
        set.insert((rule.to_string(), format!("{CONTEXT}/{id}")));
    }
    set
}

#[test]
fn the_compliant_cluster_has_no_findings_and_owned_objects_are_left_out() {
    let server = TestServer::start("compliant", Behaviour::default());
    let mut s = collect(&server, LiveOptions::default());
    let c = &s.k8s.clusters[0];
    assert_eq!(c.id, CONTEXT);
    assert_eq!(c.server.as_deref(), Some(server.url.as_str()));
    assert_eq!(c.version.as_deref(), Some("v1.34.1"));
    let names: BTreeSet<&str> = s.k8s.namespaces.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, BTreeSet::from(["backend", "default", "kube-system"]));
    // The api Deployment's ReplicaSet and Pods have owners: only the
    // Deployment (and coredns) are workloads.
    let workloads: BTreeSet<&str> = s.k8s.workloads.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(
        workloads,
        BTreeSet::from([
            "test-eks/backend/Deployment/api",
            "test-eks/kube-system/Deployment/coredns"
        ])
    );
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let report = run(&mut s);
    assert_eq!(findings(&report), BTreeSet::new());
    assert_eq!(not_evaluated(&report), BTreeSet::new());
}

#[test]
fn the_broken_cluster_gives_exactly_its_seeded_findings() {
    let server = TestServer::start("broken", Behaviour::default());
    let mut s = collect(&server, LiveOptions::default());
    assert_eq!(findings(&run(&mut s)), broken_expected());
}

#[test]
fn lists_are_paged_with_limit_and_continue() {
    let server = TestServer::start("compliant", Behaviour::default());
    let paged = collect(
        &server,
        LiveOptions {
            page_size: 1,
            ..Default::default()
        },
    );
    let reqs = server.requests();
    // (kube writes the query with a leading `&`)
    let ns_calls: Vec<&str> = reqs
        .iter()
        .filter(|r| r.path == "/api/v1/namespaces")
        .map(|r| r.query.trim_start_matches('&'))
        .collect();
    assert_eq!(
        ns_calls,
        vec![
            "limit=1",
            "limit=1&continue=offset-1",
            "limit=1&continue=offset-2"
        ]
    );
    let whole = collect(&server, LiveOptions::default());
    assert_eq!(paged.k8s, whole.k8s);
}

#[test]
fn a_forbidden_resource_is_recorded_and_its_controls_are_not_evaluated() {
    let server = TestServer::start(
        "broken",
        Behaviour {
            forbidden: vec!["networkpolicies".into()],
            ..Default::default()
        },
    );
    let mut s = collect(&server, LiveOptions::default());
    assert_eq!(s.errors.len(), 1);
    let e = &s.errors[0];
    assert_eq!(e.collections, vec!["k8s.network_policies"]);
    assert_eq!(e.cluster.as_deref(), Some(CONTEXT));
    assert_eq!(e.operation, "list networkpolicies");
    assert!(
        e.message
            .starts_with("forbidden to list networkpolicies (networking.k8s.io/v1)"),
        "{}",
        e.message
    );
    let report = run(&mut s);
    // K8S-001 reads the network policies: not evaluated in this cluster, and
    // none of its findings (a namespace "without" a policy proves nothing when
    // the policies could not be listed); every other control's seeded
    // findings stay.
    assert_eq!(
        not_evaluated(&report),
        BTreeSet::from([("K8S-001".to_string(), CONTEXT.to_string())])
    );
    let others = |set: BTreeSet<(String, String)>| -> BTreeSet<(String, String)> {
        set.into_iter().filter(|(r, _)| r != "K8S-001").collect()
    };
    assert!(broken_expected().iter().any(|(r, _)| r == "K8S-001"));
    assert_eq!(findings(&report), others(broken_expected()));
}

#[test]
fn a_missing_api_group_is_recorded_and_its_controls_are_not_evaluated() {
    let server = TestServer::start(
        "compliant",
        Behaviour {
            missing_groups: vec!["autoscaling".into()],
            ..Default::default()
        },
    );
    let mut s = collect(&server, LiveOptions::default());
    let msgs: Vec<&str> = s.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        msgs,
        vec!["the cluster does not serve horizontalpodautoscalers (autoscaling/v2) (API group or version missing)"]
    );
    let report = run(&mut s);
    assert_eq!(
        not_evaluated(&report),
        BTreeSet::from([("K8S-008".to_string(), CONTEXT.to_string())])
    );
}

#[test]
fn the_collector_needs_nothing_the_read_only_cluster_role_does_not_grant() {
    let server = TestServer::start("broken", Behaviour::default());
    collect(&server, LiveOptions::default());
    let rbac = std::fs::read_to_string(common::root().join("docs/k8s-rbac.yaml")).unwrap();
    let role: Value = serde_yaml_ng::Deserializer::from_str(&rbac)
        .map(|d| serde::Deserialize::deserialize(d).unwrap())
        .find(|d: &Value| d["kind"] == "ClusterRole")
        .unwrap();
    let rules = role["rules"].as_array().unwrap();
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    // The role itself: get/list only, never Secrets, no wildcards.
    for r in rules {
        for verb in strings(&r["verbs"]) {
            assert!(verb == "get" || verb == "list", "verb {verb}");
        }
        let res = strings(&r["resources"]);
        assert!(!res.iter().any(|x| x == "secrets" || x == "*"), "{res:?}");
        assert!(!strings(&r["apiGroups"]).iter().any(|g| g == "*"));
    }
    let allowed = |group: &str, resource: &str, verb: &str| {
        rules.iter().any(|r| {
            strings(&r["apiGroups"]).iter().any(|g| g == group)
                && strings(&r["resources"]).iter().any(|x| x == resource)
                && strings(&r["verbs"]).iter().any(|v| v == verb)
        })
    };
    let non_resource = |path: &str| {
        rules.iter().any(|r| {
            strings(&r["nonResourceURLs"])
                .iter()
                .any(|u| match u.strip_suffix('*') {
                    Some(prefix) => path.starts_with(prefix),
                    None => path == u,
                })
        })
    };
    let reqs = server.requests();
    assert!(reqs.len() > 15, "{reqs:?}");
    for r in &reqs {
        assert_eq!(r.method, "GET", "{r:?}");
        let segs: Vec<&str> = r.path.trim_matches('/').split('/').collect();
        let (group, rest) = match segs.as_slice() {
            ["api", "v1", rest @ ..] if !rest.is_empty() => ("", rest),
            ["apis", g, _, rest @ ..] if !rest.is_empty() => (*g, rest),
            _ => {
                assert!(non_resource(&r.path), "{} is not allowed", r.path);
                continue;
            }
        };
        let resource = match rest {
            [plural] | ["namespaces", _, plural] => *plural,
            other => panic!("not a list call: {other:?}"),
        };
        assert_ne!(resource, "secrets");
        assert!(
            allowed(group, resource, "list"),
            "list {group}/{resource} is not allowed"
        );
    }
}

#[test]
fn kubectl_reads_the_same_deployments_from_the_test_server() {
    let Some(kubectl) = common::external("ARCHCHECK_KUBECTL") else {
        return;
    };
    let server = TestServer::start("compliant", Behaviour::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.kubeconfig(dir.path(), &[CONTEXT]);
    let out = std::process::Command::new(kubectl)
        .arg("--kubeconfig")
        .arg(&kubeconfig)
        .args(["get", "deployments", "-A", "-o", "json"])
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let recorded: Value = serde_json::from_str(
        &std::fs::read_to_string(
            common::root().join("fixtures/k8s/compliant/apps/v1/deployments.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let ids = |v: &Value| -> Vec<(String, String, String)> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let m = &i["metadata"];
                (
                    m["namespace"].as_str().unwrap().into(),
                    m["name"].as_str().unwrap().into(),
                    m["uid"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(ids(&got), ids(&recorded));
    assert_eq!(got["items"][0]["spec"], recorded["items"][0]["spec"]);
    // and so does archcheck, through the same server
    assert!(server
        .requests()
        .iter()
        .any(|r| r.path == "/apis/apps/v1/deployments"));
}

#[test]
fn scan_k8s_reads_each_context_and_maps_it_to_its_environment() {
    let server = TestServer::start("broken", Behaviour::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.kubeconfig(dir.path(), &[CONTEXT, "staging-eks"]);
    let arch = dir.path().join("arch.yaml");
    std::fs::write(
        &arch,
        "extends: builtin\nname: test\nenvironments:\n  prod:\n    class: prod\n    clusters: [test-eks]\n  staging:\n    class: non-prod\n    clusters: [staging-eks]\n",
    )
    .unwrap();
    let out = archcheck()
        .args(["scan", "--k8s", "--kubeconfig"])
        .arg(&kubeconfig)
        .args([
            "--context",
            CONTEXT,
            "--context",
            "staging-eks",
            "--format",
            "json",
            "--architecture",
        ])
        .arg(&arch)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let envs: BTreeSet<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "K8S-012")
        .map(|f| {
            (
                f["resource"]["cluster"].as_str().unwrap().into(),
                f["environment"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        envs,
        BTreeSet::from([
            ("staging-eks".to_string(), "staging".to_string()),
            (CONTEXT.to_string(), "prod".to_string())
        ])
    );
    // Credential values in the cluster never reach the report.
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("AWS_SECRET_ACCESS_KEY"));
    assert!(!text.contains("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    assert!(!text.contains("AKIAIOSFODNN7EXAMPLE"));
}

#[test]
fn credential_values_in_the_cluster_never_reach_the_snapshot() {
    let server = TestServer::start("broken", Behaviour::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.kubeconfig(dir.path(), &[CONTEXT]);
    let out = archcheck()
        .args(["collect", "--k8s", "--kubeconfig"])
        .arg(&kubeconfig)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("AWS_ACCESS_KEY_ID"));
    for v in [
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AKIAIOSFODNN7EXAMPLE",
        "d0phbFhVdG5GRU1J",
    ] {
        assert!(!text.contains(v), "snapshot holds {v}");
    }
}

#[test]
fn an_unreachable_server_is_exit_2_naming_it() {
    // A port nothing listens on: bind one, then close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        format!("apiVersion: v1\nkind: Config\ncurrent-context: gone\nclusters:\n- name: gone\n  cluster:\n    server: http://127.0.0.1:{port}\nusers:\n- name: u\n  user: {{}}\ncontexts:\n- name: gone\n  context:\n    cluster: gone\n    user: u\n"),
    )
    .unwrap();
    let out = archcheck()
        .args(["scan", "--k8s", "--kubeconfig"])
        .arg(&kubeconfig)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "cannot reach the Kubernetes API server http://127.0.0.1:{port} (context gone)"
        )),
        "{err}"
    );
    let out = archcheck()
        .args(["scan", "--k8s", "--kubeconfig"])
        .arg(&kubeconfig)
        .args(["--context", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("--context nope: no such context in the kubeconfig (it has: gone)"));
}

#[test]
fn eks_clusters_are_linked_to_their_context_by_arn_server_or_token_name() {
    let arn = "arn:aws:eks:eu-west-1:111111111111:cluster/prod";
    let mut s = Snapshot::default();
    s.aws.eks_clusters.push(EksCluster {
        id: arn.into(),
        arn: Some(arn.into()),
        name: Some("prod".into()),
        endpoint: Some("https://0A1B2C.gr7.eu-west-1.eks.amazonaws.com".into()),
        ..Default::default()
    });
    let cluster = |id: &str, arn: Option<&str>, name: Option<&str>| Cluster {
        id: id.into(),
        cluster: id.into(),
        name: id.into(),
        eks_cluster_id: arn.map(String::from),
        eks_cluster_name: name.map(String::from),
        ..Default::default()
    };
    // A context named by hand whose server is the EKS endpoint.
    let by_server = Cluster {
        server: Some("https://0a1b2c.gr7.eu-west-1.eks.amazonaws.com:443/".into()),
        ..cluster("ops", None, None)
    };
    s.k8s.clusters = vec![
        cluster(arn, Some(arn), None),
        cluster("prod-admin", None, Some("prod")),
        cluster("kind", None, None),
        by_server,
    ];
    link_eks_clusters(&mut s);
    let linked: Vec<Option<&str>> = s
        .k8s
        .clusters
        .iter()
        .map(|c| c.eks_cluster_id.as_deref())
        .collect();
    assert_eq!(linked, vec![Some(arn), Some(arn), None, Some(arn)]);
}

#[test]
fn the_namespace_flag_lists_namespaced_kinds_in_that_namespace_only() {
    let server = TestServer::start("broken", Behaviour::default());
    let s = collect(
        &server,
        LiveOptions {
            namespace: Some("payments".into()),
            ..Default::default()
        },
    );
    let workloads: Vec<&str> = s.k8s.workloads.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(workloads, vec!["test-eks/payments/Deployment/worker"]);
    let paths: BTreeSet<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert!(paths.contains("/apis/apps/v1/namespaces/payments/deployments"));
    assert!(paths.contains("/api/v1/namespaces/payments/pods"));
    // cluster-scoped kinds are still read whole
    assert!(paths.contains("/api/v1/namespaces"));
    assert!(paths.contains("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings"));
    assert!(!paths.contains("/apis/apps/v1/deployments"));
}

#[test]
fn credentials_the_server_refuses_are_exit_2_naming_it() {
    let server = TestServer::start(
        "compliant",
        Behaviour {
            unauthorized: true,
            ..Default::default()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.kubeconfig(dir.path(), &[CONTEXT]);
    let out = archcheck()
        .args(["scan", "--k8s", "--kubeconfig"])
        .arg(&kubeconfig)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "the Kubernetes API server {} refused the credentials of context {CONTEXT}",
            server.url
        )),
        "{err}"
    );
}
