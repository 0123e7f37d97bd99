//! Container image references, parsed once per distinct image for K8S-009
//! (`k8s.image_refs`). The rules are those of the control's Rego `parse`,
//! `latest_tag` and `pinned_tag` (which remain for input that did not go
//! through the normaliser, such as the policy's unit tests); a test below
//! checks both give the same answer. Splitting happens at the same
//! characters as the Rego string builtins, so byte offsets here give the
//! same substrings as their character offsets.

use crate::snapshot::k8s::ImageRef;
use crate::snapshot::Snapshot;

const DOCKER_HUB_ALIASES: [&str; 2] = ["index.docker.io", "registry-1.docker.io"];
const HEX_DIGITS: &str = "0123456789abcdef";
const DIGITS: &str = "0123456789";
const IDENTIFIER_CHARS: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-";

/// Fills `k8s.image_refs` with every non-empty image of a workload's
/// containers and init containers.
pub(super) fn parse_workload_images(snapshot: &mut Snapshot) {
    let k8s = &mut snapshot.k8s;
    for w in &k8s.workloads {
        for c in w.pod.containers.iter().chain(&w.pod.init_containers) {
            if !c.image.is_empty() && !k8s.image_refs.contains_key(&c.image) {
                k8s.image_refs
                    .insert(c.image.clone(), parse_image(&c.image));
            }
        }
    }
}

/// `s` with every leading character that is in `set` removed (Rego's `trim_left`).
fn trim_left<'a>(s: &'a str, set: &str) -> &'a str {
    s.trim_start_matches(|c| set.contains(c))
}

/// The reference's registry, path, tag and digest, and its tag's class.
pub fn parse_image(image: &str) -> ImageRef {
    let (name, digest) = image.split_once('@').unwrap_or((image, ""));
    let parts: Vec<&str> = name.split('/').collect();
    let (registry, rest) = if parts.len() > 1 && explicit_registry(parts[0]) {
        (parts[0].to_string(), parts[1..].join("/"))
    } else {
        ("docker.io".to_string(), name.to_string())
    };
    let registry = registry.to_lowercase();
    let registry = if DOCKER_HUB_ALIASES.contains(&registry.as_str()) {
        "docker.io".to_string()
    } else {
        registry
    };
    let last = rest.rsplit('/').next().unwrap_or_default();
    let (path, tag) = match last.find(':') {
        Some(i) => {
            let at = rest.len() - last.len() + i;
            (rest[..at].to_string(), last[i + 1..].to_string())
        }
        None => (rest.clone(), String::new()),
    };
    ImageRef {
        latest_tag: latest_tag(&tag),
        pinned_tag: pinned_tag(&tag),
        registry,
        path,
        tag,
        digest: digest.to_string(),
    }
}

/// The first path component names a registry host rather than a Docker Hub namespace.
fn explicit_registry(first: &str) -> bool {
    first.contains('.') || first.contains(':') || first == "localhost"
}

/// Empty, `latest`, or ending in `-latest`, `_latest`, `.latest` (any case).
pub fn latest_tag(tag: &str) -> bool {
    let lower = tag.to_lowercase();
    tag.is_empty()
        || lower == "latest"
        || ["-latest", "_latest", ".latest"]
            .iter()
            .any(|s| lower.ends_with(s))
}

/// A 7-40 character hexadecimal commit SHA, or a semver version.
pub fn pinned_tag(tag: &str) -> bool {
    let n = tag.chars().count();
    ((7..=40).contains(&n) && trim_left(&tag.to_lowercase(), HEX_DIGITS).is_empty()) || semver(tag)
}

/// Semantic Versioning 2.0.0 with an optional leading `v`:
/// MAJOR.MINOR.PATCH[-pre-release][+build].
fn semver(tag: &str) -> bool {
    let tag = tag.strip_prefix('v').unwrap_or(tag);
    let (head, build) = split_once(tag, '+');
    let (core, pre) = split_once(head, '-');
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers.iter().all(|n| semver_number(n))
        && pre.is_none_or(semver_identifiers)
        && build.is_none_or(semver_identifiers)
}

fn split_once(s: &str, sep: char) -> (&str, Option<&str>) {
    match s.split_once(sep) {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    }
}

/// Digits without a leading zero.
fn semver_number(n: &str) -> bool {
    n == "0" || (!n.is_empty() && trim_left(n, DIGITS).is_empty() && !n.starts_with('0'))
}

/// Dot-separated, non-empty identifiers of [0-9A-Za-z-].
fn semver_identifiers(s: &str) -> bool {
    s.split('.')
        .all(|p| !p.is_empty() && trim_left(p, IDENTIFIER_CHARS).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::PolicyLibrary;

    /// References that exercise every branch of the parser and both tag tests.
    const IMAGES: &[&str] = &[
        "nginx",
        "nginx:latest",
        "bitnami/redis:7.2",
        "localhost:5000/app:v1",
        "localhost/app",
        "registry.example.com:443/team/app@sha256:abc",
        "my.reg/app:1.0@sha256:abc",
        "INDEX.docker.io/library/nginx:1",
        "registry-1.docker.io/x/y:LATEST",
        "Reg.Example.COM/a/b/c:feature_latest",
        "ghcr.io/acme/app:latest-fix",
        "ghcr.io/acme/app:main.latest",
        "1234.dkr.ecr.us-east-1.amazonaws.com/api:1.12.31",
        "1234.dkr.ecr.us-east-1.amazonaws.com/envoy:v1.31.2",
        "x/y:1.4.2-rc.1+build.5",
        "x/y:1.4.2-rc..1",
        "x/y:1.4.2+",
        "x/y:01.4.2",
        "x/y:0.0.0",
        "x/y:1.4",
        "x/y:v1.2.3.4",
        "x/y:vv1.2.3",
        "x/y:3f2c9ab",
        "x/y:3F2C9AB0123456789012345678901234567890AB",
        "x/y:3F2C9AB0123456789012345678901234567890ABC",
        "x/y:3f2c9a",
        "x/y:staging-3f2c9ab",
        "x/y:",
        "x:1/y",
        "a@b@c",
        "@sha256:1",
        "/",
        "host.io/",
        "app:ünïcode-1.0.0",
        "ÄPP.io/x:ÉÉ",
    ];

    #[test]
    fn parses_like_the_rego_control() {
        let lib = PolicyLibrary::builtin();
        let mut engine = regorus::Engine::new();
        engine.set_rego_v0(false);
        for f in lib.files.iter().filter(|f| {
            f.path.ends_with("lib/archcheck.rego") || f.path.ends_with("kubernetes/k8s_009.rego")
        }) {
            engine.add_policy(f.path.clone(), f.text.clone()).unwrap();
        }
        for image in IMAGES {
            let mut q = |expr: String| {
                let r = engine.eval_query(expr, false).unwrap();
                let v = r.result.first().map(|r| r.expressions[0].value.clone());
                v.unwrap_or(regorus::Value::Undefined)
            };
            let pkg = "data.archcheck.rules.kubernetes.k8s_009";
            let lit = serde_json::to_string(image).unwrap();
            let rego = q(format!("{pkg}.parse({lit})"));
            let ours = parse_image(image);
            let expected = regorus::Value::from(serde_json::json!({
                "registry": ours.registry, "path": ours.path, "tag": ours.tag, "digest": ours.digest,
            }));
            assert_eq!(rego, expected, "parse({image})");
            let tag = serde_json::to_string(&ours.tag).unwrap();
            let latest = q(format!("{pkg}.latest_tag({tag})")) == regorus::Value::from(true);
            let pinned = q(format!("{pkg}.pinned_tag({tag})")) == regorus::Value::from(true);
            assert_eq!(latest, ours.latest_tag, "latest_tag of {image}");
            assert_eq!(pinned, ours.pinned_tag, "pinned_tag of {image}");
        }
    }

    #[test]
    fn splits_registry_path_tag_digest() {
        let r = parse_image("Registry.Example.com:443/team/app:1.0@sha256:abc");
        assert_eq!(
            r,
            ImageRef {
                registry: "registry.example.com:443".into(),
                path: "team/app".into(),
                tag: "1.0".into(),
                digest: "sha256:abc".into(),
                latest_tag: false,
                pinned_tag: false,
            }
        );
        let r = parse_image("nginx");
        assert_eq!(
            (r.registry.as_str(), r.path.as_str()),
            ("docker.io", "nginx")
        );
        assert!(r.latest_tag && !r.pinned_tag);
        assert!(parse_image("x/y:v1.4.2-rc.1+build.5").pinned_tag);
        assert!(parse_image("x/y:3f2c9ab").pinned_tag);
        assert!(!parse_image("x/y:staging-3f2c9ab").pinned_tag);
        assert!(parse_image("x/y:Feature_LATEST").latest_tag);
    }
}
