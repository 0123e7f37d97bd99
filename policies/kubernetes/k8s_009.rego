# K8S-009: images come from the allowed registries, never `latest`, and are
# pinned in prod.
#
# Judged: every workload of an application namespace or of an unknown
# namespace (a manifest without metadata.namespace), and every container of
# its pod template, init and sidecar containers included. An image reference
# `[registry/]path[:tag][@digest]` is read as the container runtime does:
# - the registry is the first path component only when there is more than
#   one component and it contains `.` or `:` or is `localhost`; otherwise it
#   is docker.io (`nginx`, `library/nginx`, `bitnami/redis`). index.docker.io
#   and registry-1.docker.io are docker.io too. Registries compare without
#   case;
# - a pattern of `image_registries` matches a registry label by label, `*`
#   standing for exactly one DNS label (`*.dkr.ecr.*.amazonaws.com` matches
#   `123456789012.dkr.ecr.us-east-1.amazonaws.com`, not
#   `public.ecr.aws`); a pattern with a path (`ghcr.io/acme`) also requires
#   the image path to start with it;
# - the tag follows the last `:` of the last path component; no tag means
#   `latest`. A tag `latest` or ending in `-latest`, `_latest` or `.latest`
#   (000's `{branch}-latest`) fails, in every environment;
# - an image with a digest (`@sha256:…`) is pinned: the runtime pulls the
#   digest and ignores the tag, so neither the latest rule nor the pinning
#   rule applies to it;
# - in environments of class prod the image must be pinned: a digest, a
#   semver tag (`1.4.2`, `v1.4.2`, `v1.4.2-rc.1`; three numbers) or a
#   7-40 hex commit SHA tag.
# A container with no image is reported as not evaluated.
package archcheck.rules.kubernetes.k8s_009

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-009",
	"title": "Images come from the allowed registries, are not latest, and are pinned in prod",
	"severity": "high",
	"description": "Every container image comes from an allowed registry (by default the organisation's ECR registries, which scan images on push), is never a `latest` tag (a moving tag makes deployments unrepeatable and rollbacks impossible), and in prod is pinned by digest, a semver release tag or a git commit SHA.",
	"remediation": "Push the image to ECR and reference it there (`<account>.dkr.ecr.<region>.amazonaws.com/<repo>`); deploy an immutable tag: `v<semver>` for releases or the git SHA, or pin the digest (`@sha256:…`). Enable tag immutability on the ECR repository.",
	"architecture": {
		"sections": ["000 §3.4", "001 §5", "003 §3", "004 §3.3"],
		"quote": "Tag: `{git-sha}`, `{branch}-latest`, `v{semver}` for releases",
	},
	"parameters": ["system_namespaces", "image_registries"],
	"inputs": ["k8s.workloads"],
	"judges": "k8s.workloads",
}

# --- Parsing an image reference ---

# [name, digest]: the reference split at "@".
split_digest(image) := [substring(image, 0, i), substring(image, i + 1, -1)] if {
	i := indexof(image, "@")
	i >= 0
} else := [image, ""]

explicit_registry(first) if contains(first, ".")

explicit_registry(first) if contains(first, ":")

explicit_registry(first) if first == "localhost"

# [registry, path with tag]
split_registry(name) := [parts[0], concat("/", array.slice(parts, 1, count(parts)))] if {
	parts := split(name, "/")
	count(parts) > 1
	explicit_registry(parts[0])
} else := ["docker.io", name]

docker_hub_aliases := {"index.docker.io", "registry-1.docker.io"}

normal_registry(registry) := "docker.io" if lower(registry) in docker_hub_aliases
else := lower(registry)

# [path, tag]: the tag follows the ":" of the last path component (a ":" in
# an earlier component is a registry port).
split_tag(path) := [substring(path, 0, (count(path) - count(last)) + i), substring(last, i + 1, -1)] if {
	parts := split(path, "/")
	last := parts[count(parts) - 1]
	i := indexof(last, ":")
	i >= 0
} else := [path, ""]

# {"registry", "path", "tag", "digest"}
parse(image) := {"registry": normal_registry(registry), "path": path, "tag": tag, "digest": digest} if {
	[name, digest] := split_digest(image)
	[registry, rest] := split_registry(name)
	[path, tag] := split_tag(rest)
}

# --- Registries ---

label_matches(_, pattern) if pattern == "*"

label_matches(label, pattern) if label == pattern

host_matches(host, pattern) if {
	hl := split(host, ".")
	pl := split(pattern, ".")
	count(hl) == count(pl)
	every i, p in pl {
		hl[i] != ""
		label_matches(hl[i], p)
	}
}

# A pattern with a path ("ghcr.io/acme"): the host matches and the image
# path starts with the pattern's path.
path_allowed(ref, pattern) if {
	i := indexof(pattern, "/")
	i > 0
	host_matches(ref.registry, lower(substring(pattern, 0, i)))
	prefix := trim_suffix(substring(pattern, i + 1, -1), "/")
	startswith(concat("", [ref.path, "/"]), concat("", [prefix, "/"]))
}

# --- Tags ---

latest_tag(tag) if tag == ""

latest_tag(tag) if lower(tag) == "latest"

latest_tag(tag) if {
	some suffix in ["-latest", "_latest", ".latest"]
	endswith(lower(tag), suffix)
}

digits := "0123456789"

hex_digits := "0123456789abcdef"

# Characters of semver pre-release and build identifiers, besides ".".
identifier_chars := "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-"

# A semver number: digits without a leading zero.
semver_number(n) if n == "0"

semver_number(n) if {
	n != ""
	trim_left(n, digits) == ""
	not startswith(n, "0")
}

# Dot-separated, non-empty identifiers of [0-9A-Za-z-].
semver_identifiers(s) if {
	every part in split(s, ".") {
		part != ""
		trim_left(part, identifier_chars) == ""
	}
}

# [before, after] the first `sep`; [s, null] when there is none.
split_once(s, sep) := [substring(s, 0, i), substring(s, i + 1, -1)] if {
	i := indexof(s, sep)
	i >= 0
} else := [s, null]

optional_identifiers(s) if s == null

optional_identifiers(s) if {
	s != null
	semver_identifiers(s)
}

# Semantic Versioning 2.0.0 with an optional leading "v":
# MAJOR.MINOR.PATCH[-pre-release][+build].
semver(tag) if {
	[head, build] := split_once(trim_prefix(tag, "v"), "+")
	[core, pre] := split_once(head, "-")
	numbers := split(core, ".")
	count(numbers) == 3
	every n in numbers {
		semver_number(n)
	}
	optional_identifiers(pre)
	optional_identifiers(build)
}

# 7-40 hexadecimal characters: a git commit SHA.
pinned_tag(tag) if {
	count(tag) >= 7
	count(tag) <= 40
	trim_left(lower(tag), hex_digits) == ""
}

pinned_tag(tag) if semver(tag)

latest_reason(ref) := "has no tag, so latest is pulled" if ref.tag == ""
else := sprintf("has the tag %s", [ref.tag])

# --- The control ---

# Every distinct image of the judged containers (workloads share images).
all_images := {image |
	some w in data.archcheck.lib.k8s_judged_workloads
	some key in ["containers", "init_containers"]
	some c in object.get(object.get(w, "pod", {}), key, [])
	image := object.get(c, "image", "")
	image != ""
}

# Each distinct image parsed once: by the normaliser (`input.k8s.image_refs`,
# the same rules in Rust, with latest_tag and pinned_tag precomputed), else
# here (input that did not go through the normaliser, as in the unit tests).
normalised_refs := {image: ref | some image in all_images; ref := input.k8s.image_refs[image]}

parsed := object.union(normalised_refs, {image: parse(image) | some image in all_images; not normalised_refs[image]})

# --- A cheap filter: the images that may fail, per environment ---
#
# Each check is made once per distinct registry or tag, not per container;
# the deny rules below judge only the containers whose image is in
# failing_images[env] (a superset of those that fail), with the full checks.

registries := {ref.registry | some _, ref in parsed}

# Lower-cased patterns of image_registries without a path -> the registries they match.
host_pattern_matches := {pattern: {r | some r in registries; host_matches(r, pattern)} |
	some _, p in data.archcheck.params
	some raw in p.image_registries
	not contains(raw, "/")
	pattern := lower(raw)
}

# Environment -> the registries no host pattern of it allows.
unmatched_registries := {env: {r | some r in registries; not host_allowed_in(p, r)} |
	some env, p in data.archcheck.params
}

host_allowed_in(p, r) if {
	some raw in p.image_registries
	not contains(raw, "/")
	host_pattern_matches[lower(raw)][r]
}

# Environment -> the images whose registry no host pattern allows (a path pattern may still).
registry_suspects := {env: {image | some image, ref in parsed; regs[ref.registry]} |
	some env, regs in unmatched_registries
	count(regs) > 0
}

# Tags of references the normaliser did not classify (no `latest_tag` field).
tags := {ref.tag | some _, ref in parsed; ref.digest == ""; not is_boolean(ref.latest_tag)}

latest_tags := {t | some t in tags; latest_tag(t)}

unpinned_tags := {t | some t in tags; not pinned_tag(t)}

latest_images := {image | some image, ref in parsed; ref.digest == ""; ref.latest_tag == true} | {image |
	some image, ref in parsed
	ref.digest == ""
	latest_tags[ref.tag]
}

unpinned_images := {image | some image, ref in parsed; ref.digest == ""; ref.pinned_tag == false} | {image |
	some image, ref in parsed
	ref.digest == ""
	unpinned_tags[ref.tag]
}

failing_images := {env: images |
	some env, _ in data.archcheck.params
	images := (object.get(registry_suspects, env, set()) | latest_images) | prod_suspects(env)
}

prod_suspects(env) := unpinned_images if env in prod_environments
else := set()

# Every judged container whose image fails a check: [workload id, environment, word, container name, image].
containers contains [w.id, env, word, c.name, c.image] if {
	some w in data.archcheck.lib.k8s_judged_workloads
	env := object.get(environments, object.get(w, "environment", ""), "unknown")
	failing := failing_images[env]
	some key in ["containers", "init_containers"]
	some c in object.get(object.get(w, "pod", {}), key, [])
	failing[c.image]
	word := lib.k8s_container_word(key, c)
}

# Environment -> itself, for those with parameters (others judge as `unknown`, as lib.env_of).
environments := {env: env | some env, _ in data.archcheck.params}

# Environment -> its patterns of image_registries that have a path.
path_patterns := {env: [pattern | some pattern in p.image_registries; contains(pattern, "/")] |
	some env, p in data.archcheck.params
}

container_label(id, word, name) := lib.k8s_container_label(word, {"name": name}, input.k8s.workloads[id])

# Registries are few: each [environment, registry] pair meets the patterns once.
env_registries contains [env, parsed[image].registry] if {
	some [_, env, _, _, image] in containers
}

host_allowed contains [env, registry] if {
	some [env, registry] in env_registries
	some pattern in data.archcheck.params[env].image_registries
	not contains(pattern, "/")
	host_matches(registry, lower(pattern))
}

registry_allowed(env, ref) if [env, ref.registry] in host_allowed

registry_allowed(env, ref) if {
	some pattern in path_patterns[env]
	path_allowed(ref, pattern)
}

# Environments of class prod.
prod_environments contains env if {
	some env, _ in data.archcheck.params
	lib.k8s_prod({"environment": env})
}

deny contains lib.finding(w, msg) if {
	some [id, env, word, name, image] in containers
	ref := parsed[image]
	not registry_allowed(env, ref)
	w := input.k8s.workloads[id]
	msg := sprintf("%s uses image %s from registry %s, which is not an allowed registry (%s)", [
		container_label(id, word, name),
		image,
		ref.registry,
		concat(", ", data.archcheck.params[env].image_registries),
	])
}

deny contains lib.finding(w, msg) if {
	some [id, _, word, name, image] in containers
	ref := parsed[image]
	ref.digest == ""
	latest_tag(ref.tag)
	w := input.k8s.workloads[id]
	msg := sprintf("%s uses image %s, which %s; images must not use a latest tag", [
		container_label(id, word, name),
		image,
		latest_reason(ref),
	])
}

deny contains lib.finding(w, msg) if {
	some [id, env, word, name, image] in containers
	env in prod_environments
	ref := parsed[image]
	ref.digest == ""
	not pinned_tag(ref.tag)
	not latest_tag(ref.tag)
	w := input.k8s.workloads[id]
	msg := sprintf("%s uses image %s, whose tag %s is not a digest, a semver version or a commit SHA; in prod images must be pinned by digest, semver tag or 7-40 hex commit SHA", [
		container_label(id, word, name),
		image,
		ref.tag,
	])
}

not_evaluated contains lib.not_evaluated(w, sprintf("%s has no image", [lib.k8s_container_label(word, c, w)])) if {
	some w in data.archcheck.lib.k8s_judged_workloads
	some key in ["containers", "init_containers"]
	some c in object.get(object.get(w, "pod", {}), key, [])
	object.get(c, "image", "") == ""
	word := lib.k8s_container_word(key, c)
}
