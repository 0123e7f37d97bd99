//! The ways archcheck is packaged and run, checked without running them
//! (no container engine or cluster here): the Dockerfile, the Kubernetes
//! manifests of deploy/ and the nightly GitHub workflow. The manifests are
//! held to the fields archcheck's own Kubernetes controls read (K8S-001,
//! 002, 003, 004, 006, 007, 009, 011): the Job pods are what the
//! `--manifests deploy/` scan will judge.

mod common;

use serde_yaml_ng::Value;

fn read(rel: &str) -> String {
    std::fs::read_to_string(common::root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every document of a YAML file.
fn documents(rel: &str) -> Vec<Value> {
    let text = read(rel);
    serde_yaml_ng::Deserializer::from_str(&text)
        .map(|d| {
            <Value as serde::Deserialize>::deserialize(d).unwrap_or_else(|e| panic!("{rel}: {e}"))
        })
        .filter(|v| !v.is_null())
        .collect()
}

/// Every manifest of deploy/.
fn manifests() -> Vec<(String, Value)> {
    let mut files: Vec<_> = std::fs::read_dir(common::root().join("deploy"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .flat_map(|f| {
            documents(&format!("deploy/{f}"))
                .into_iter()
                .map(move |d| (f.clone(), d))
        })
        .collect()
}

fn find<'a>(all: &'a [(String, Value)], kind: &str, name: &str) -> &'a Value {
    all.iter()
        .map(|(_, m)| m)
        .find(|m| m["kind"] == kind && m["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no {kind} {name} in deploy/"))
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_sequence()
        .map(|s| s.iter().map(|x| x.as_str().unwrap()).collect())
        .unwrap_or_default()
}

#[test]
fn dockerfile_is_multi_stage_non_root_with_archcheck_as_entrypoint() {
    let text = read("Dockerfile");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let froms: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("FROM "))
        .collect();
    assert_eq!(froms.len(), 2, "{froms:?}");
    assert!(
        froms[0].starts_with("FROM rust:") && froms[0].ends_with(" AS build"),
        "{}",
        froms[0]
    );
    assert!(
        froms[1].contains("distroless") || froms[1].contains("-slim"),
        "{}",
        froms[1]
    );
    let runtime = &lines[lines.iter().position(|l| *l == froms[1]).unwrap()..];
    assert!(runtime
        .iter()
        .any(|l| l.starts_with("COPY --from=build ") && l.contains("/release/archcheck ")));
    let user = runtime
        .iter()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("USER in the runtime stage");
    let uid = user.split(':').next().unwrap();
    assert!(
        uid.parse::<u32>().is_ok_and(|u| u != 0),
        "USER {user}: numeric and not root"
    );
    let entry = runtime
        .iter()
        .find_map(|l| l.strip_prefix("ENTRYPOINT "))
        .expect("ENTRYPOINT");
    let entry: Vec<String> = serde_json::from_str(entry).expect("ENTRYPOINT in exec (JSON) form");
    assert_eq!(entry, ["/usr/local/bin/archcheck"]);
    assert!(text.contains("cargo build --release --locked --bin archcheck"));
    let ignore = read(".dockerignore");
    for line in ["target", ".git", "fuzz"] {
        assert!(ignore.lines().any(|l| l == line), ".dockerignore: {line}");
    }
}

#[test]
fn every_manifest_has_a_known_kind_and_api_version() {
    let all = manifests();
    let expected = [
        ("Namespace", "v1"),
        ("NetworkPolicy", "networking.k8s.io/v1"),
        ("ResourceQuota", "v1"),
        ("LimitRange", "v1"),
        ("PersistentVolumeClaim", "v1"),
        ("ServiceAccount", "v1"),
        ("ClusterRole", "rbac.authorization.k8s.io/v1"),
        ("ClusterRoleBinding", "rbac.authorization.k8s.io/v1"),
        ("ConfigMap", "v1"),
        ("CronJob", "batch/v1"),
        ("Job", "batch/v1"),
    ];
    for (file, m) in &all {
        let kind = s(&m["kind"]);
        let api = expected
            .iter()
            .find(|(k, _)| *k == kind)
            .unwrap_or_else(|| panic!("{file}: kind {kind}"));
        assert_eq!(s(&m["apiVersion"]), api.1, "{file}: {kind}");
        assert!(
            !s(&m["metadata"]["name"]).is_empty(),
            "{file}: {kind} without a name"
        );
        let cluster_scoped = ["Namespace", "ClusterRole", "ClusterRoleBinding"].contains(&kind);
        // K8S-003: nothing in `default`.
        assert_eq!(
            cluster_scoped,
            m["metadata"]["namespace"].is_null(),
            "{file}: {kind}"
        );
        if !cluster_scoped {
            assert_eq!(
                s(&m["metadata"]["namespace"]),
                "archcheck",
                "{file}: {kind}"
            );
        }
    }
    for (kind, name) in [
        ("CronJob", "archcheck-nightly"),
        ("Job", "archcheck-accounts"),
        ("Job", "archcheck-accounts-merge"),
    ] {
        find(&all, kind, name);
    }
}

#[test]
fn the_namespace_passes_the_namespace_controls() {
    let all = manifests();
    let ns = find(&all, "Namespace", "archcheck");
    // K8S-007: Pod Security Admission enforced at `restricted` (prod's level).
    assert_eq!(
        s(&ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"]),
        "restricted"
    );
    // K8S-001: deny by default in both directions.
    let deny = find(&all, "NetworkPolicy", "default-deny-all");
    assert_eq!(
        deny["spec"]["podSelector"],
        Value::Mapping(Default::default())
    );
    assert_eq!(strings(&deny["spec"]["policyTypes"]), ["Ingress", "Egress"]);
    assert!(deny["spec"]["ingress"].is_null() && deny["spec"]["egress"].is_null());
    // K8S-002: a ResourceQuota and a LimitRange.
    find(&all, "ResourceQuota", "archcheck");
    find(&all, "LimitRange", "archcheck");
}

#[test]
fn rbac_is_irsa_for_aws_and_get_list_without_secrets_for_the_cluster() {
    let all = manifests();
    let sa = find(&all, "ServiceAccount", "archcheck");
    let role_arn = s(&sa["metadata"]["annotations"]["eks.amazonaws.com/role-arn"]);
    let account = role_arn
        .strip_prefix("arn:aws:iam::")
        .and_then(|r| r.split_once(":role/"))
        .map(|(a, _)| a);
    assert!(
        account.is_some_and(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit())),
        "{role_arn}"
    );

    let role = find(&all, "ClusterRole", "archcheck-readonly");
    let rules = role["rules"].as_sequence().unwrap();
    assert!(!rules.is_empty());
    for rule in rules {
        assert_eq!(strings(&rule["verbs"]), ["get", "list"], "{rule:?}");
        let resources = strings(&rule["resources"]);
        assert!(
            !resources.contains(&"secrets") && !resources.contains(&"*"),
            "{rule:?}"
        );
        assert!(!strings(&rule["apiGroups"]).contains(&"*"), "{rule:?}");
        assert!(rule["nonResourceURLs"].is_null() && rule["resourceNames"].is_null());
    }
    let binding = find(&all, "ClusterRoleBinding", "archcheck-readonly");
    assert_eq!(s(&binding["roleRef"]["name"]), "archcheck-readonly");
    assert_eq!(s(&binding["subjects"][0]["kind"]), "ServiceAccount");
    assert_eq!(s(&binding["subjects"][0]["name"]), "archcheck");
    assert_eq!(s(&binding["subjects"][0]["namespace"]), "archcheck");
}

/// The pod spec of a CronJob or a Job.
fn pod_spec(m: &Value) -> &Value {
    match s(&m["kind"]) {
        "CronJob" => &m["spec"]["jobTemplate"]["spec"]["template"]["spec"],
        _ => &m["spec"]["template"]["spec"],
    }
}

/// What K8S-004, K8S-006, K8S-009 and K8S-011 ask of every container.
fn assert_container_passes_the_workload_controls(pod: &Value, c: &Value, what: &str) {
    // K8S-004: cpu and memory requests, a memory limit.
    for path in [
        ["requests", "cpu"],
        ["requests", "memory"],
        ["limits", "memory"],
    ] {
        assert!(
            !s(&c["resources"][path[0]][path[1]]).is_empty(),
            "{what}: resources.{}.{}",
            path[0],
            path[1]
        );
    }
    // K8S-006: non-root, not privileged, no escalation, ALL capabilities dropped;
    // and a read-only root filesystem.
    let sc = &c["securityContext"];
    assert!(
        sc["runAsNonRoot"] == true || pod["securityContext"]["runAsNonRoot"] == true,
        "{what}"
    );
    assert_eq!(sc["allowPrivilegeEscalation"], false, "{what}");
    assert_ne!(sc["privileged"], true, "{what}");
    assert_eq!(sc["readOnlyRootFilesystem"], true, "{what}");
    assert_eq!(strings(&sc["capabilities"]["drop"]), ["ALL"], "{what}");
    assert_ne!(pod["securityContext"]["runAsUser"], 0, "{what}");
    // K8S-009: an ECR image pinned to a semver tag.
    let image = s(&c["image"]);
    let (repo, tag) = image.rsplit_once(':').unwrap();
    let registry = repo.split('/').next().unwrap();
    let labels: Vec<&str> = registry.split('.').collect();
    assert!(
        labels.len() == 6
            && labels[1] == "dkr"
            && labels[2] == "ecr"
            && labels[4..] == ["amazonaws", "com"],
        "{what}: {image}"
    );
    assert!(
        tag.split('.').count() == 3 && tag.split('.').all(|p| p.parse::<u32>().is_ok()),
        "{what}: {image}"
    );
    // K8S-011: no static AWS keys in the environment.
    for env in c["env"].as_sequence().into_iter().flatten() {
        assert!(
            !s(&env["name"]).starts_with("AWS_ACCESS_KEY")
                && !s(&env["name"]).starts_with("AWS_SECRET"),
            "{what}"
        );
    }
    // archcheck only: every run is a subcommand of the image's entrypoint.
    assert!(
        c["command"].is_null(),
        "{what}: the entrypoint is archcheck"
    );
    assert!(["scan", "collect"].contains(&s(&c["args"][0])), "{what}");
}

#[test]
fn job_pods_pass_archcheck_s_own_workload_controls() {
    let all = manifests();
    let mut seen = 0;
    for (file, m) in &all {
        if !["CronJob", "Job"].contains(&s(&m["kind"])) {
            continue;
        }
        let pod = pod_spec(m);
        assert_eq!(s(&pod["serviceAccountName"]), "archcheck", "{file}");
        assert_eq!(s(&pod["restartPolicy"]), "Never", "{file}");
        assert_eq!(
            s(&pod["securityContext"]["seccompProfile"]["type"]),
            "RuntimeDefault",
            "{file}"
        );
        for list in ["initContainers", "containers"] {
            for c in pod[list].as_sequence().into_iter().flatten() {
                seen += 1;
                assert_container_passes_the_workload_controls(
                    pod,
                    c,
                    &format!("{file}: {}", s(&c["name"])),
                );
            }
        }
    }
    assert_eq!(
        seen, 6,
        "collect + 2 scans, indexed collect, merge's 2 scans"
    );
}

#[test]
fn the_cronjob_collects_once_and_writes_json_and_sarif_to_the_volume() {
    let all = manifests();
    let cron = find(&all, "CronJob", "archcheck-nightly");
    assert_eq!(s(&cron["spec"]["concurrencyPolicy"]), "Forbid");
    assert_eq!(s(&cron["spec"]["schedule"]).split(' ').count(), 5);
    let pod = pod_spec(cron);
    let collect = &pod["initContainers"][0];
    assert_eq!(
        strings(&collect["args"]),
        [
            "collect",
            "--aws",
            "--k8s",
            "--quiet",
            "-o",
            "/reports/snapshot.json"
        ]
    );
    let formats: Vec<(&str, &str)> = pod["containers"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|c| {
            let args = strings(&c["args"]);
            let after = |flag: &str| args[args.iter().position(|a| *a == flag).unwrap() + 1];
            assert_eq!(after("--snapshot"), "/reports/snapshot.json");
            assert_eq!(after("--architecture"), "/etc/archcheck/architecture.yaml");
            (after("--format"), after("-o"))
        })
        .collect();
    assert_eq!(
        formats,
        [
            ("json", "/reports/archcheck.json"),
            ("sarif", "/reports/archcheck.sarif")
        ]
    );
    assert_eq!(
        s(&pod["volumes"][0]["persistentVolumeClaim"]["claimName"]),
        "archcheck-reports"
    );
    find(&all, "PersistentVolumeClaim", "archcheck-reports");
    // The architecture file it mounts is valid.
    let cm = find(&all, "ConfigMap", "archcheck-architecture");
    archcheck::architecture::Architecture::from_text(
        s(&cm["data"]["architecture.yaml"]),
        "configmap",
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn the_indexed_job_scans_one_account_per_index_and_the_merge_reads_them_all() {
    let all = manifests();
    let job = find(&all, "Job", "archcheck-accounts");
    assert_eq!(s(&job["spec"]["completionMode"]), "Indexed");
    let completions = job["spec"]["completions"].as_u64().unwrap() as usize;
    // One AWS config profile per index, account-0 … account-N-1.
    let config = s(&find(&all, "ConfigMap", "archcheck-accounts")["data"]["config"]);
    let profiles: Vec<&str> = config
        .lines()
        .filter_map(|l| l.strip_prefix("[profile ")?.strip_suffix(']'))
        .collect();
    let expected: Vec<String> = (0..completions).map(|i| format!("account-{i}")).collect();
    assert_eq!(profiles, expected);
    assert_eq!(
        config.matches("role_arn = arn:aws:iam::").count(),
        completions
    );
    let c = &pod_spec(job)["containers"][0];
    let env: Vec<(&str, &Value)> = c["env"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|e| (s(&e["name"]), e))
        .collect();
    let get = |n: &str| env.iter().find(|(k, _)| *k == n).map(|(_, v)| *v).unwrap();
    assert_eq!(
        s(&get("INDEX")["valueFrom"]["fieldRef"]["fieldPath"]),
        "metadata.annotations['batch.kubernetes.io/job-completion-index']"
    );
    // INDEX is declared before the variables that expand it.
    assert_eq!(env[0].0, "INDEX");
    assert_eq!(s(&get("AWS_PROFILE")["value"]), "account-$(INDEX)");
    assert_eq!(
        s(&get("AWS_CONFIG_FILE")["value"]),
        "/etc/archcheck/aws/config"
    );
    assert_eq!(
        strings(&c["args"]),
        [
            "collect",
            "--aws",
            "--quiet",
            "-o",
            "/reports/accounts/account-$(INDEX).json"
        ]
    );

    let merge = find(&all, "Job", "archcheck-accounts-merge");
    for c in pod_spec(merge)["containers"].as_sequence().unwrap() {
        let args = strings(&c["args"]);
        let snapshots: Vec<&str> = args
            .windows(2)
            .filter(|w| w[0] == "--snapshot")
            .map(|w| w[1])
            .collect();
        let expected: Vec<String> = (0..completions)
            .map(|i| format!("/reports/accounts/account-{i}.json"))
            .collect();
        assert_eq!(
            snapshots, expected,
            "the merge reads every index's snapshot"
        );
    }
}

#[test]
fn the_nightly_workflow_uses_oidc_and_uploads_sarif_per_account() {
    let wf = &documents("examples/github/nightly.yml")[0];
    assert!(wf["on"]["schedule"][0]["cron"].is_string());
    assert_eq!(s(&wf["permissions"]["id-token"]), "write");
    assert_eq!(s(&wf["permissions"]["security-events"]), "write");
    let job = &wf["jobs"]["scan"];
    let matrix = job["strategy"]["matrix"]["include"].as_sequence().unwrap();
    assert!(matrix.len() >= 2);
    let names: std::collections::BTreeSet<&str> = matrix.iter().map(|m| s(&m["name"])).collect();
    assert_eq!(
        names.len(),
        matrix.len(),
        "one category per account needs distinct names"
    );
    for m in matrix {
        assert_eq!(s(&m["account"]).len(), 12);
    }
    let steps = job["steps"].as_sequence().unwrap();
    let step = |action: &str| {
        steps
            .iter()
            .find(|st| s(&st["uses"]).starts_with(&format!("{action}@")))
            .unwrap_or_else(|| panic!("no step uses {action}"))
    };
    let aws = step("aws-actions/configure-aws-credentials");
    assert!(s(&aws["with"]["role-to-assume"]).contains("${{ matrix.account }}"));
    assert!(!s(&aws["with"]["aws-region"]).is_empty());
    assert!(
        aws["with"]["aws-access-key-id"].is_null(),
        "OIDC, no stored keys"
    );
    let upload = step("github/codeql-action/upload-sarif");
    assert_eq!(
        s(&upload["with"]["category"]),
        "archcheck-${{ matrix.name }}"
    );
    assert_eq!(
        s(&upload["with"]["sarif_file"]),
        "reports/${{ matrix.name }}.sarif"
    );
    assert_eq!(s(&upload["if"]), "always()");
    let runs: String = steps
        .iter()
        .map(|st| s(&st["run"]))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(runs.contains("collect --aws"), "{runs}");
    assert!(
        runs.contains("scan --snapshot")
            && runs.contains("--format \"$format\"")
            && runs.contains("for format in json sarif")
    );
    assert!(runs.contains("--sarif-category \"archcheck/${{ matrix.name }}\""));
}

/// The real scan, not the field checks above: archcheck's own Kubernetes
/// controls judge deploy/ as manifests and find nothing, with the namespace
/// and the three Job workloads actually judged (so "nothing" is not "nothing read").
#[test]
fn archcheck_scans_its_own_deploy_manifests_clean() {
    let out = assert_cmd::Command::cargo_bin("archcheck")
        .unwrap()
        .current_dir(common::root())
        .args([
            "scan",
            "--manifests",
            "deploy/",
            "--format",
            "json",
            "--quiet",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert_eq!(report["findings"], serde_json::json!([]));
    let judged = |rule: &str| -> (String, u64) {
        let c = report["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule_id"] == rule)
            .unwrap_or_else(|| panic!("no {rule}"));
        (
            c["status"].as_str().unwrap().to_string(),
            c["resources_judged"].as_u64().unwrap(),
        )
    };
    assert_eq!(judged("K8S-001"), ("passed".to_string(), 1));
    for rule in ["K8S-003", "K8S-004", "K8S-006", "K8S-009", "K8S-011"] {
        assert_eq!(judged(rule), ("passed".to_string(), 3), "{rule}");
    }
}
