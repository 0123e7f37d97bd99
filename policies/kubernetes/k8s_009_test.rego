package archcheck.rules.kubernetes.k8s_009_test

import data.archcheck.rules.kubernetes.k8s_009
import rego.v1

ecr := "123456789012.dkr.ecr.us-east-1.amazonaws.com/innovate-backend"

workload(ns, name, env, images, init_images) := {
	"id": sprintf("prod-eks/%s/Deployment/%s", [ns, name]), "cluster": "prod-eks", "namespace": ns,
	"name": name, "environment": env, "kind": "Deployment",
	"pod": {
		"containers": [{"name": sprintf("c%d", [i]), "image": img} | some i, img in images],
		"init_containers": [{"name": sprintf("init%d", [i]), "image": img} | some i, img in init_images],
	},
}

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {"workloads": objects([
	workload("backend", "semver", "prod", [concat("", [ecr, ":v1.4.2"])], []),
	workload("backend", "sha", "prod", [concat("", [ecr, ":3f2c9ab"])], []),
	workload("backend", "digest", "prod", [concat("", [ecr, ":main@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"])], []),
	workload("backend", "hub", "prod", ["nginx:1.27.0"], []),
	workload("backend", "public-ecr", "prod", ["public.ecr.aws/nginx/nginx:1.27.0"], []),
	workload("backend", "latest", "prod", [concat("", [ecr, ":latest"])], []),
	workload("backend", "branch-latest", "prod", [concat("", [ecr, ":main-latest"])], []),
	workload("backend", "no-tag", "prod", [ecr], []),
	workload("backend", "unpinned", "prod", [concat("", [ecr, ":main"])], []),
	workload("backend", "dev-branch", "dev", [concat("", [ecr, ":main"])], []),
	workload("backend", "dev-latest", "dev", [concat("", [ecr, ":dev.latest"])], []),
	workload("backend", "init", "prod", [concat("", [ecr, ":v2.0.0"])], ["busybox"]),
	workload("kube-system", "aws-node", "prod", ["602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:latest"], []),
	object.remove(workload("unknown", "loose", "prod", [concat("", [ecr, ":latest"])], []), ["namespace"]),
	workload("backend", "no-image", "prod", [""], []),
])}}

findings := {[f.resource, f.message] | some f in k8s_009.deny with input as inputs}

test_exactly_the_workloads_with_bad_images_fail if {
	ids := {f.resource | some f in k8s_009.deny with input as inputs}
	ids == {
		"prod-eks/backend/Deployment/hub",
		"prod-eks/backend/Deployment/public-ecr",
		"prod-eks/backend/Deployment/latest",
		"prod-eks/backend/Deployment/branch-latest",
		"prod-eks/backend/Deployment/no-tag",
		"prod-eks/backend/Deployment/unpinned",
		"prod-eks/backend/Deployment/dev-latest",
		"prod-eks/backend/Deployment/init",
		"prod-eks/unknown/Deployment/loose",
	}
}

test_registry_message if {
	["prod-eks/backend/Deployment/hub", `container "c0" of Deployment backend/hub (cluster prod-eks) uses image nginx:1.27.0 from registry docker.io, which is not an allowed registry (*.dkr.ecr.*.amazonaws.com)`] in findings
}

test_latest_messages if {
	["prod-eks/backend/Deployment/no-tag", sprintf(`container "c0" of Deployment backend/no-tag (cluster prod-eks) uses image %s, which has no tag, so latest is pulled; images must not use a latest tag`, [ecr])] in findings
	["prod-eks/backend/Deployment/branch-latest", sprintf(`container "c0" of Deployment backend/branch-latest (cluster prod-eks) uses image %s:main-latest, which has the tag main-latest; images must not use a latest tag`, [ecr])] in findings
}

test_pinning_message if {
	["prod-eks/backend/Deployment/unpinned", sprintf(`container "c0" of Deployment backend/unpinned (cluster prod-eks) uses image %s:main, whose tag main is not a digest, a semver version or a commit SHA; in prod images must be pinned by digest, semver tag or 7-40 hex commit SHA`, [ecr])] in findings
}

test_init_container_gets_both_findings if {
	msgs := {m | some [id, m] in findings; id == "prod-eks/backend/Deployment/init"}
	msgs == {
		`init container "init0" of Deployment backend/init (cluster prod-eks) uses image busybox from registry docker.io, which is not an allowed registry (*.dkr.ecr.*.amazonaws.com)`,
		`init container "init0" of Deployment backend/init (cluster prod-eks) uses image busybox, which has no tag, so latest is pulled; images must not use a latest tag`,
	}
}

test_compliant_workloads_produce_nothing if {
	keep := {"semver", "sha", "digest", "dev-branch", "aws-node"}
	count(k8s_009.deny) == 0 with input as {"k8s": {"workloads": {id: w | some id, w in inputs.k8s.workloads; w.name in keep}}}
}

test_image_registries_parameter if {
	ids := {f.resource | some f in k8s_009.deny
		with input as {"k8s": {"workloads": objects([
			workload("backend", "hub", "prod", ["nginx:1.27.0"], []),
			workload("backend", "acme", "prod", ["ghcr.io/acme/api:v1.0.0"], []),
			workload("backend", "other", "prod", ["ghcr.io/other/api:v1.0.0"], []),
			workload("backend", "local", "prod", ["localhost:5000/api:v1.0.0"], []),
			workload("backend", "ecr", "prod", [concat("", [ecr, ":v1.4.2"])], []),
		])}}
		with data.archcheck.params.prod.image_registries as ["docker.io", "ghcr.io/acme", "localhost:5000"]}
	ids == {"prod-eks/backend/Deployment/other", "prod-eks/backend/Deployment/ecr"}
}

test_system_namespaces_parameter if {
	# only prod's list changes: the dev workload is still judged
	ids := {f.resource | some f in k8s_009.deny with input as inputs with data.archcheck.params.prod.system_namespaces as ["backend"]}
	ids == {"prod-eks/backend/Deployment/dev-latest", "prod-eks/unknown/Deployment/loose"}
}

test_container_without_image_is_not_evaluated if {
	ne := k8s_009.not_evaluated with input as inputs
	ne == {{"resource": "prod-eks/backend/Deployment/no-image", "reason": `container "c0" of Deployment backend/no-image (cluster prod-eks) has no image`}}
}

test_parse_image_references if {
	k8s_009.parse("nginx") == {"registry": "docker.io", "path": "nginx", "tag": "", "digest": ""}
	k8s_009.parse("bitnami/redis:7.2") == {"registry": "docker.io", "path": "bitnami/redis", "tag": "7.2", "digest": ""}
	k8s_009.parse("localhost:5000/app:v1") == {"registry": "localhost:5000", "path": "app", "tag": "v1", "digest": ""}
	k8s_009.parse("localhost/app") == {"registry": "localhost", "path": "app", "tag": "", "digest": ""}
	k8s_009.parse("registry.example.com:443/team/app@sha256:abc") == {"registry": "registry.example.com:443", "path": "team/app", "tag": "", "digest": "sha256:abc"}
	k8s_009.parse("my.reg/app:1.0@sha256:abc") == {"registry": "my.reg", "path": "app", "tag": "1.0", "digest": "sha256:abc"}
	k8s_009.parse("INDEX.docker.io/library/nginx:1") == {"registry": "docker.io", "path": "library/nginx", "tag": "1", "digest": ""}
}

test_wildcard_matches_exactly_one_label if {
	k8s_009.host_matches("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "*.dkr.ecr.*.amazonaws.com")
	not k8s_009.host_matches("dkr.ecr.eu-west-1.amazonaws.com", "*.dkr.ecr.*.amazonaws.com")
	not k8s_009.host_matches("a.b.dkr.ecr.eu-west-1.amazonaws.com", "*.dkr.ecr.*.amazonaws.com")
	not k8s_009.host_matches("123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.io", "*.dkr.ecr.*.amazonaws.com")
}

test_tags if {
	k8s_009.pinned_tag("v1.4.2")
	k8s_009.pinned_tag("1.4.2-rc.1+build.5")
	k8s_009.pinned_tag("3f2c9ab")
	k8s_009.pinned_tag("3F2C9AB0123456789012345678901234567890AB")
	not k8s_009.pinned_tag("1.4")
	not k8s_009.pinned_tag("3f2c9a")
	not k8s_009.pinned_tag("staging-3f2c9ab")
	k8s_009.latest_tag("LATEST")
	k8s_009.latest_tag("feature_latest")
	not k8s_009.latest_tag("latest-fix")
}

test_unknown_environment_is_judged_as_the_default_prod if {
	w := object.remove(workload("backend", "unknown-env", "prod", [concat("", [ecr, ":main"])], []), ["environment"])
	ids := {f.resource | some f in k8s_009.deny with input as {"k8s": {"workloads": objects([w])}}}
	ids == {"prod-eks/backend/Deployment/unknown-env"}
	count(k8s_009.deny) == 0 with input as {"k8s": {"workloads": objects([w])}}
		with data.archcheck.architecture.default_environment as "dev"
}
