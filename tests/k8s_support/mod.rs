//! A loopback Kubernetes API server for the tests: it serves the discovery
//! documents clients read first (`/version`, `/api`, `/apis`, each group
//! version's resource list) and answers list calls from recorded responses
//! in fixtures/k8s/<scenario>/<group>/<version>/<plural>.json, filtered by
//! namespace and paged with `limit`/`continue` as the real server does. It
//! records every request, can refuse a resource with 403 Forbidden, and can
//! leave out an API group (404), so the failure paths run over real HTTP.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// (group, version, plural, kind, namespaced) of every resource served.
pub const RESOURCES: &[(&str, &str, &str, &str, bool)] = &[
    ("", "v1", "namespaces", "Namespace", false),
    ("", "v1", "pods", "Pod", true),
    ("", "v1", "services", "Service", true),
    ("", "v1", "serviceaccounts", "ServiceAccount", true),
    ("", "v1", "resourcequotas", "ResourceQuota", true),
    ("", "v1", "limitranges", "LimitRange", true),
    ("", "v1", "secrets", "Secret", true),
    ("", "v1", "configmaps", "ConfigMap", true),
    ("apps", "v1", "deployments", "Deployment", true),
    ("apps", "v1", "statefulsets", "StatefulSet", true),
    ("apps", "v1", "daemonsets", "DaemonSet", true),
    ("apps", "v1", "replicasets", "ReplicaSet", true),
    ("batch", "v1", "jobs", "Job", true),
    ("batch", "v1", "cronjobs", "CronJob", true),
    ("networking.k8s.io", "v1", "ingresses", "Ingress", true),
    (
        "networking.k8s.io",
        "v1",
        "networkpolicies",
        "NetworkPolicy",
        true,
    ),
    (
        "autoscaling",
        "v2",
        "horizontalpodautoscalers",
        "HorizontalPodAutoscaler",
        true,
    ),
    (
        "policy",
        "v1",
        "poddisruptionbudgets",
        "PodDisruptionBudget",
        true,
    ),
    (
        "rbac.authorization.k8s.io",
        "v1",
        "clusterrolebindings",
        "ClusterRoleBinding",
        false,
    ),
    (
        "rbac.authorization.k8s.io",
        "v1",
        "rolebindings",
        "RoleBinding",
        true,
    ),
];

/// One request the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: String,
}

/// How the server behaves.
#[derive(Debug, Clone, Default)]
pub struct Behaviour {
    /// Plurals answered with 403 Forbidden.
    pub forbidden: Vec<String>,
    /// API groups the server does not serve (absent from /apis, 404).
    pub missing_groups: Vec<String>,
    /// Every request is answered 401 Unauthorized (bad credentials).
    pub unauthorized: bool,
}

pub struct TestServer {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
}

impl TestServer {
    /// Serves `fixtures/k8s/<scenario>` on 127.0.0.1 until the test process ends.
    pub fn start(scenario: &str, behaviour: Behaviour) -> TestServer {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/k8s")
            .join(scenario);
        assert!(dir.is_dir(), "{}", dir.display());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let state = Arc::new((dir, behaviour, requests.clone()));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = state.clone();
                std::thread::spawn(move || serve(stream, &state.0, &state.1, &state.2));
            }
        });
        TestServer { url, requests }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// A kubeconfig with one context per name, all pointing at this server.
    pub fn kubeconfig(&self, dir: &Path, contexts: &[&str]) -> PathBuf {
        let mut text = String::from("apiVersion: v1\nkind: Config\n");
        text += &format!("current-context: {}\nclusters:\n", contexts[0]);
        for c in contexts {
            text += &format!("- name: {c}\n  cluster:\n    server: {}\n", self.url);
        }
        text += "users:\n- name: tester\n  user: {}\ncontexts:\n";
        for c in contexts {
            text += &format!("- name: {c}\n  context:\n    cluster: {c}\n    user: tester\n");
        }
        let path = dir.join("kubeconfig");
        std::fs::write(&path, text).unwrap();
        path
    }
}

fn serve(stream: TcpStream, dir: &Path, b: &Behaviour, log: &Mutex<Vec<Request>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let target = parts.next().unwrap_or_default().to_string();
        let mut body_len = 0usize;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            if h == "\r\n" || h == "\n" {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    body_len = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0u8; body_len];
        std::io::Read::read_exact(&mut reader, &mut body).ok();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        log.lock().unwrap().push(Request {
            method: method.clone(),
            path: path.to_string(),
            query: query.to_string(),
        });
        let (status, value) = if b.unauthorized {
            (401, status_doc(401, "Unauthorized", "Unauthorized"))
        } else if method == "GET" {
            answer(dir, b, path, query)
        } else {
            (
                405,
                status_doc(405, "MethodNotAllowed", "the test server is read-only"),
            )
        };
        let text = value.to_string();
        let reason = match status {
            200 => "OK",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            _ => "Error",
        };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            text.len()
        );
        if out.write_all(head.as_bytes()).is_err() || out.write_all(text.as_bytes()).is_err() {
            return;
        }
    }
}

fn status_doc(code: u16, reason: &str, message: &str) -> Value {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
           "message": message, "reason": reason, "code": code})
}

fn group_served(b: &Behaviour, g: &str) -> bool {
    !b.missing_groups.iter().any(|m| m == g)
}

fn resource_list(gv: &str, group: &str, version: &str) -> Value {
    let resources: Vec<Value> = RESOURCES
        .iter()
        .filter(|r| r.0 == group && r.1 == version)
        .map(|(_, _, plural, kind, namespaced)| {
            json!({"name": plural, "singularName": kind.to_lowercase(), "namespaced": namespaced,
                   "kind": kind, "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]})
        })
        .collect();
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources})
}

fn answer(dir: &Path, b: &Behaviour, path: &str, query: &str) -> (u16, Value) {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segs.as_slice() {
        ["version"] => (
            200,
            json!({"major": "1", "minor": "34", "gitVersion": "v1.34.1",
            "gitCommit": "93248f9ae092f571eb870b7664c534bfc7d00f03", "gitTreeState": "clean",
            "buildDate": "2025-09-09T19:43:15Z", "goVersion": "go1.24.6", "compiler": "gc",
            "platform": "linux/amd64"}),
        ),
        ["api"] => (
            200,
            json!({"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"}]}),
        ),
        ["apis"] => {
            let mut groups: Vec<Value> = Vec::new();
            for (g, v, ..) in RESOURCES.iter().filter(|r| !r.0.is_empty()) {
                if !group_served(b, g) || groups.iter().any(|x| x["name"] == *g) {
                    continue;
                }
                let gv = json!({"groupVersion": format!("{g}/{v}"), "version": v});
                groups.push(json!({"name": g, "versions": [gv.clone()], "preferredVersion": gv}));
            }
            (
                200,
                json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}),
            )
        }
        ["api", "v1"] => (200, resource_list("v1", "", "v1")),
        ["apis", g, v] if group_served(b, g) => (200, resource_list(&format!("{g}/{v}"), g, v)),
        ["api", "v1", rest @ ..] => list(dir, b, "", "v1", rest, query),
        ["apis", g, v, rest @ ..] if group_served(b, g) => list(dir, b, g, v, rest, query),
        _ => (
            404,
            status_doc(
                404,
                "NotFound",
                "the server could not find the requested resource",
            ),
        ),
    }
}

fn list(dir: &Path, b: &Behaviour, g: &str, v: &str, rest: &[&str], query: &str) -> (u16, Value) {
    let (namespace, plural) = match rest {
        [plural] => (None, *plural),
        ["namespaces", ns, plural] => (Some(*ns), *plural),
        _ => return (404, status_doc(404, "NotFound", "not a list path")),
    };
    let Some(&(_, _, _, kind, _)) = RESOURCES
        .iter()
        .find(|r| r.0 == g && r.1 == v && r.2 == plural)
    else {
        return (
            404,
            status_doc(
                404,
                "NotFound",
                "the server could not find the requested resource",
            ),
        );
    };
    if b.forbidden.iter().any(|f| f == plural) {
        let group = if g.is_empty() {
            "\"\"".to_string()
        } else {
            format!("\"{g}\"")
        };
        let scope = namespace.map_or("at the cluster scope".to_string(), |n| {
            format!("in the namespace \"{n}\"")
        });
        let msg = format!("{plural}{} is forbidden: User \"system:serviceaccount:archcheck:archcheck\" cannot list resource \"{plural}\" in API group {group} {scope}",
            if g.is_empty() { String::new() } else { format!(".{g}") });
        return (403, status_doc(403, "Forbidden", &msg));
    }
    let file = dir
        .join(if g.is_empty() { "core" } else { g })
        .join(v)
        .join(format!("{plural}.json"));
    let recorded: Value = std::fs::read_to_string(&file)
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap_or_else(|_| {
            json!({"kind": format!("{kind}List"),
            "apiVersion": if g.is_empty() { v.to_string() } else { format!("{g}/{v}") },
            "metadata": {"resourceVersion": "1000"}, "items": []})
        });
    let items: Vec<Value> = recorded["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| namespace.is_none_or(|ns| i["metadata"]["namespace"] == ns))
        .cloned()
        .collect();
    let param = |k: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(&format!("{k}=")))
            .map(String::from)
    };
    let limit: usize = param("limit")
        .and_then(|l| l.parse().ok())
        .filter(|l| *l > 0)
        .unwrap_or(usize::MAX);
    let start: usize = param("continue")
        .and_then(|c| c.strip_prefix("offset-").and_then(|n| n.parse().ok()))
        .unwrap_or(0);
    let end = start.saturating_add(limit).min(items.len());
    let mut metadata = json!({"resourceVersion": recorded["metadata"]["resourceVersion"]});
    if end < items.len() {
        metadata["continue"] = json!(format!("offset-{end}"));
        metadata["remainingItemCount"] = json!(items.len() - end);
    }
    (
        200,
        json!({"kind": recorded["kind"], "apiVersion": recorded["apiVersion"],
                 "metadata": metadata, "items": items[start.min(end)..end]}),
    )
}
