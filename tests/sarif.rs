//! `--format sarif`: the log is valid SARIF 2.1.0, keeps every rule GitHub's
//! upload adds on top of the schema, points each finding at the right file
//! and line, keeps fingerprints stable, cuts runs at 25,000 results, and
//! refuses to emit findings it cannot place.

use archcheck::architecture::{Architecture, ControlOverride};
use archcheck::engine::{PolicyEngine, PolicyLibrary};
use archcheck::findings::{
    fingerprint, ArchitectureRef, ControlResult, ControlStatus, Finding, Location, NotEvaluated,
    ResourceRef, Severity,
};
use archcheck::report::{emitter, EmitContext, Format};
use archcheck::scan::{
    scan, ArchitectureInfo, ScanOptions, ScanReport, Selection, Summary, ToolInfo,
};
use archcheck::snapshot::aws::{Route, RouteTable, RouteTargetKind, Subnet, Vpc};
use archcheck::snapshot::{Snapshot, Source, SourceKind, SourceRef, Tags};
use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;

const ACCOUNT: &str = "111111111111";
const LIVE_SUBNET: &str = "111111111111/us-east-1/subnet-0data";
const ORPHAN_SUBNET: &str = "111111111111/us-east-1/subnet-0orphan";
const PLAN_SUBNET: &str = "module.net.aws_subnet.data[1]";
const PLAN_FILE: &str = "plans/prod.tfplan.json";
/// Where the snapshot text is said to come from (relative to the current directory).
const SNAPSHOT_FILE: &str = "snapshots/prod.json";

// ---------------------------------------------------------------- fixtures

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn live() -> Option<SourceRef> {
    Some(SourceRef {
        kind: SourceKind::LiveAws,
        ..Default::default()
    })
}

fn planned(line: u32, address: &str) -> Option<SourceRef> {
    Some(SourceRef {
        kind: SourceKind::TerraformPlan,
        file: Some(format!("./{PLAN_FILE}")),
        line: Some(line),
        address: Some(address.into()),
        ..Default::default()
    })
}

fn route(dest: &str, kind: RouteTargetKind, target: &str) -> Route {
    Route {
        destination_cidr_block: Some(dest.into()),
        target_kind: kind,
        target_id: target.into(),
        ..Default::default()
    }
}

/// A prod VPC read live with a data subnet routed to an internet gateway; a
/// planned data subnet routed to a NAT gateway; and a live data subnet in a
/// VPC without route tables (NET-003 cannot judge it).
fn leaky_snapshot() -> Snapshot {
    let prod = tags(&[("Environment", "prod")]);
    let vpc = |id: &str, native: &str, name: &str| Vpc {
        id: id.into(),
        native_id: native.into(),
        account_id: ACCOUNT.into(),
        region: "us-east-1".into(),
        name: Some(name.into()),
        tags: prod.clone(),
        cidr_block: "10.10.0.0/16".into(),
        source: live(),
        ..Default::default()
    };
    let subnet =
        |id: &str, native: &str, name: &str, vpc_id: &str, source: Option<SourceRef>| Subnet {
            id: id.into(),
            native_id: native.into(),
            account_id: ACCOUNT.into(),
            region: "us-east-1".into(),
            name: Some(name.into()),
            tags: prod.clone(),
            vpc_id: vpc_id.into(),
            cidr_block: "10.10.21.0/24".into(),
            availability_zone: Some("us-east-1a".into()),
            availability_zone_id: Some("use1-az1".into()),
            source,
            ..Default::default()
        };
    let vpc_id = "111111111111/us-east-1/vpc-0prod";
    let orphan_vpc = "111111111111/us-east-1/vpc-0orphan";
    let mut s = Snapshot::empty();
    s.collected_at = "2026-11-20T06:00:00Z".into();
    s.sources = vec![
        Source {
            kind: SourceKind::LiveAws,
            account_id: Some(ACCOUNT.into()),
            regions: vec!["us-east-1".into()],
            ..Default::default()
        },
        Source {
            kind: SourceKind::TerraformPlan,
            file: Some(PLAN_FILE.into()),
            ..Default::default()
        },
    ];
    s.aws.vpcs = vec![
        vpc(vpc_id, "vpc-0prod", "prod-vpc"),
        vpc(orphan_vpc, "vpc-0orphan", "prod-orphan-vpc"),
    ];
    s.aws.subnets = vec![
        subnet(LIVE_SUBNET, "subnet-0data", "prod-data-a", vpc_id, live()),
        subnet(
            PLAN_SUBNET,
            PLAN_SUBNET,
            "prod-data-b",
            vpc_id,
            planned(42, PLAN_SUBNET),
        ),
        subnet(
            ORPHAN_SUBNET,
            "subnet-0orphan",
            "prod-data-c",
            orphan_vpc,
            live(),
        ),
    ];
    s.aws.route_tables = vec![
        RouteTable {
            id: "111111111111/us-east-1/rtb-0data".into(),
            native_id: "rtb-0data".into(),
            account_id: ACCOUNT.into(),
            region: "us-east-1".into(),
            name: Some("prod-data-rt".into()),
            tags: prod.clone(),
            vpc_id: vpc_id.into(),
            subnet_ids: vec![LIVE_SUBNET.into()],
            routes: vec![
                route("10.10.0.0/16", RouteTargetKind::Local, "local"),
                route("0.0.0.0/0", RouteTargetKind::Igw, "igw-0prod"),
            ],
            source: live(),
            ..Default::default()
        },
        RouteTable {
            id: "module.net.aws_route_table.data_b".into(),
            native_id: "module.net.aws_route_table.data_b".into(),
            tags: prod.clone(),
            vpc_id: vpc_id.into(),
            subnet_ids: vec![PLAN_SUBNET.into()],
            routes: vec![route("0.0.0.0/0", RouteTargetKind::Nat, "nat-0prod")],
            source: planned(60, "module.net.aws_route_table.data_b"),
            ..Default::default()
        },
    ];
    s
}

fn cwd() -> PathBuf {
    std::env::current_dir().unwrap()
}

/// NET-003 only: the other controls (some still being written) would judge
/// the snapshot too, and this file tests SARIF, not them.
fn scan_options(file: String, text: &str) -> ScanOptions {
    ScanOptions {
        selection: Selection {
            rules: vec!["NET-003".into()],
            skip: Vec::new(),
        },
        snapshot_file: Some((file, text.to_string())),
        ..Default::default()
    }
}

struct Scanned {
    engine: PolicyEngine,
    report: ScanReport,
    snapshot_text: String,
}

/// The real engine over the leaky snapshot (built once: the library takes a while to load).
fn scanned() -> &'static Scanned {
    static SCANNED: OnceLock<Scanned> = OnceLock::new();
    SCANNED.get_or_init(|| {
        let arch = Architecture::builtin();
        let engine = PolicyEngine::new(&PolicyLibrary::builtin(), arch.to_rego_data()).unwrap();
        let mut snapshot = leaky_snapshot();
        let snapshot_text = serde_json::to_string_pretty(&snapshot).unwrap();
        // An absolute path under the current directory: SARIF must make it relative.
        let file = cwd().join(SNAPSHOT_FILE).display().to_string();
        let opts = scan_options(file, &snapshot_text);
        let report = scan(&mut snapshot, &arch, &engine, &opts).unwrap();
        Scanned {
            engine,
            report,
            snapshot_text,
        }
    })
}

fn ctx<'a>(rules: &'a [archcheck::engine::Rule], fallback: Option<&str>) -> EmitContext<'a> {
    EmitContext {
        color: false,
        rules,
        fallback_file: fallback.map(String::from),
        category: "archcheck".into(),
        snapshot: None,
    }
}

fn emit(report: &ScanReport, ctx: &EmitContext) -> anyhow::Result<Value> {
    let mut out = Vec::new();
    emitter(Format::Sarif).emit(report, ctx, &mut out)?;
    Ok(serde_json::from_slice(&out)?)
}

fn runs(log: &Value) -> &Vec<Value> {
    log["runs"].as_array().expect("runs")
}

fn run_of<'a>(log: &'a Value, kind: &str) -> &'a Value {
    let id = format!("archcheck/{kind}/");
    runs(log)
        .iter()
        .find(|r| r["automationDetails"]["id"] == id.as_str())
        .unwrap_or_else(|| {
            panic!(
                "no run {id} in {}",
                serde_json::to_string_pretty(log).unwrap()
            )
        })
}

fn results(run: &Value) -> &Vec<Value> {
    run["results"].as_array().expect("results")
}

fn rule_of<'a>(run: &'a Value, result: &Value) -> &'a Value {
    let i = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    &run["tool"]["driver"]["rules"][i]
}

// ---------------------------------------------------------------- checks

/// Validates against the SARIF 2.1.0 schema (draft-07, formats checked, no network).
fn assert_schema_valid(log: &Value) {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/sarif/sarif-schema-2.1.0.json");
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    });
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
}

fn is_relative_uri(uri: &str) -> bool {
    !uri.is_empty()
        && !uri.starts_with('/')
        && !uri.starts_with("./")
        && !uri.split('/').any(|seg| seg == "..")
        && !uri.split('/').next().unwrap().contains(':')
}

/// The rules GitHub's upload adds on top of the schema (/work/shared/sarif/README.md).
fn assert_github_rules(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = runs(log);
    assert!(!runs.is_empty() && runs.len() <= 20, "{} runs", runs.len());
    let mut categories = HashSet::new();
    for run in runs {
        let id = run["automationDetails"]["id"]
            .as_str()
            .expect("automationDetails.id");
        assert!(
            categories.insert(id.to_string()),
            "two runs share the category {id}"
        );
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "archcheck");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let rules = driver["rules"].as_array().expect("driver.rules");
        assert!(rules.len() <= 25_000);
        let mut rule_ids = HashSet::new();
        for rule in rules {
            let id = rule["id"].as_str().expect("rule id");
            assert!(rule_ids.insert(id), "rule {id} listed twice");
            for d in ["shortDescription", "fullDescription"] {
                let t = rule[d]["text"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{id}: {d}.text"));
                assert!(
                    !t.is_empty() && t.chars().count() <= 1024,
                    "{id}: {d} has {} chars",
                    t.chars().count()
                );
            }
            assert!(!rule["help"]["text"].as_str().expect("help.text").is_empty());
            assert!(!rule["help"]["markdown"]
                .as_str()
                .expect("help.markdown")
                .is_empty());
            assert!(!rule["name"].as_str().expect("name").is_empty());
            let tags = rule["properties"]["tags"].as_array().expect("tags");
            assert!(
                tags.len() <= 20 && tags.iter().any(|t| t == "security"),
                "{id}: tags {tags:?}"
            );
            let sev = &rule["properties"]["security-severity"];
            let n: f64 = sev
                .as_str()
                .unwrap_or_else(|| panic!("{id}: security-severity {sev} is not a string"))
                .parse()
                .unwrap();
            assert!((0.1..=10.0).contains(&n), "{id}: security-severity {n}");
            assert!(["error", "warning", "note"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
        }
        let results = results(run);
        assert!(results.len() <= 25_000, "{} results in {id}", results.len());
        for r in results {
            let rule_id = r["ruleId"].as_str().expect("ruleId");
            assert_eq!(
                rule_of(run, r)["id"],
                rule_id,
                "ruleIndex points at another rule"
            );
            assert!(!r["message"]["text"]
                .as_str()
                .expect("message.text")
                .is_empty());
            assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
            let loc = &r["locations"][0]["physicalLocation"];
            let uri = loc["artifactLocation"]["uri"]
                .as_str()
                .expect("physicalLocation.artifactLocation.uri");
            assert!(
                is_relative_uri(uri),
                "{rule_id}: uri {uri} is not relative to the repository"
            );
            assert!(loc["region"]["startLine"].as_u64().expect("startLine") >= 1);
            let fp = r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .expect("primaryLocationLineHash");
            assert!(!fp.is_empty());
        }
        let invocation = &run["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], true);
    }
}

// ---------------------------------------------------------------- tests

#[test]
fn the_scan_of_a_leaky_snapshot_is_valid_sarif_that_github_accepts() {
    let sc = scanned();
    let log = emit(&sc.report, &ctx(&sc.engine.rules, None)).unwrap();
    assert_schema_valid(&log);
    assert_github_rules(&log);
    // One run per source kind, each its own category.
    run_of(&log, "live-aws");
    run_of(&log, "terraform-plan");
}

#[test]
fn the_net_003_result_names_the_subnet_route_file_and_line() {
    let sc = scanned();
    let log = emit(&sc.report, &ctx(&sc.engine.rules, None)).unwrap();
    let remediation = &sc.engine.rule("NET-003").unwrap().metadata.remediation;

    let run = run_of(&log, "live-aws");
    let net003: Vec<&Value> = results(run)
        .iter()
        .filter(|r| r["ruleId"] == "NET-003")
        .collect();
    assert_eq!(net003.len(), 1, "{net003:#?}");
    let r = net003[0];
    assert_eq!(
        r["message"]["text"],
        format!(
            "subnet subnet-0data (prod-data-a) (data tier, prod-vpc, us-east-1a) routes 0.0.0.0/0 to igw igw-0prod \
             via route table rtb-0data (prod-data-rt); data subnets must have no internet route. Fix: {remediation}"
        )
    );
    assert_eq!(r["level"], "error");
    let loc = &r["locations"][0];
    assert_eq!(
        loc["physicalLocation"]["artifactLocation"]["uri"],
        SNAPSHOT_FILE
    );
    let line = sc
        .snapshot_text
        .lines()
        .position(|l| l.trim() == format!("\"id\": \"{LIVE_SUBNET}\","))
        .unwrap()
        + 1;
    assert_eq!(loc["physicalLocation"]["region"]["startLine"], line as u64);
    assert_eq!(loc["logicalLocations"][0]["name"], LIVE_SUBNET);
    assert_eq!(loc["logicalLocations"][0]["kind"], "aws_subnet");
    assert_eq!(
        r["partialFingerprints"]["primaryLocationLineHash"],
        fingerprint("NET-003", "aws_subnet", LIVE_SUBNET, "")
    );
    let p = &r["properties"];
    assert_eq!(
        (&p["environment"], &p["account"], &p["region"]),
        (&"prod".into(), &ACCOUNT.into(), &"us-east-1".into())
    );
    assert_eq!(p["resourceId"], LIVE_SUBNET);
    let rule = rule_of(run, r);
    assert_eq!(rule["id"], "NET-003");
    assert_eq!(rule["name"], "DataSubnetsHaveNoRouteToTheInternet");
    assert_eq!(
        rule["shortDescription"]["text"],
        "Data subnets have no route to the internet"
    );
    assert_eq!(rule["properties"]["security-severity"], "9.5");
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert!(rule["properties"]["tags"]
        .as_array()
        .unwrap()
        .contains(&"network".into()));
    let help = rule["help"]["markdown"].as_str().unwrap();
    assert!(
        help.contains(remediation.as_str())
            && help.contains("000 §2.1")
            && help.contains("> Private-Data subnets"),
        "{help}"
    );

    // The planned subnet: in the plan's own run, at the plan's file and line.
    let plan = run_of(&log, "terraform-plan");
    let r = results(plan)
        .iter()
        .find(|r| r["ruleId"] == "NET-003")
        .expect("NET-003 on the plan");
    assert!(r["message"]["text"]
        .as_str()
        .unwrap()
        .contains("routes 0.0.0.0/0 to nat nat-0prod"));
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        PLAN_FILE
    );
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        42
    );
    assert_eq!(r["properties"]["terraformAddress"], PLAN_SUBNET);
    assert_eq!(
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        PLAN_SUBNET
    );

    // The subnet NET-003 could not judge is a warning, never a pass.
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    let n = notes
        .iter()
        .find(|n| n["associatedRule"]["id"] == "NET-003")
        .expect("NET-003 not-evaluated notification");
    assert_eq!(n["level"], "warning");
    let text = n["message"]["text"].as_str().unwrap();
    assert!(
        text.contains(ORPHAN_SUBNET) && text.contains("route table is not known"),
        "{text}"
    );
    assert_eq!(
        rule_of(
            run,
            &serde_json::json!({"ruleIndex": n["associatedRule"]["index"]})
        )["id"],
        "NET-003"
    );
}

#[test]
fn rules_carry_the_severity_in_force_for_the_run() {
    let sc = scanned();
    let mut arch = Architecture::builtin();
    arch.controls.insert(
        "NET-003".into(),
        ControlOverride {
            enabled: None,
            severity: Some(Severity::Medium),
        },
    );
    let engine = PolicyEngine::new(&PolicyLibrary::builtin(), arch.to_rego_data()).unwrap();
    let mut snapshot = leaky_snapshot();
    let opts = scan_options(SNAPSHOT_FILE.into(), &sc.snapshot_text);
    let report = scan(&mut snapshot, &arch, &engine, &opts).unwrap();
    let log = emit(&report, &ctx(&engine.rules, None)).unwrap();
    assert_schema_valid(&log);
    let run = run_of(&log, "live-aws");
    let r = results(run)
        .iter()
        .find(|r| r["ruleId"] == "NET-003")
        .unwrap();
    assert_eq!(r["level"], "warning");
    assert_eq!(rule_of(run, r)["properties"]["security-severity"], "5.5");
    assert_eq!(rule_of(run, r)["defaultConfiguration"]["level"], "warning");
}

#[test]
fn fingerprints_are_identical_across_emits() {
    let sc = scanned();
    let fps = |log: &Value| -> Vec<(String, String)> {
        runs(log)
            .iter()
            .flat_map(|run| results(run).iter())
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["primaryLocationLineHash"].to_string(),
                )
            })
            .collect()
    };
    let first = emit(&sc.report, &ctx(&sc.engine.rules, None)).unwrap();
    // A fresh scan of the same state, too.
    let arch = Architecture::builtin();
    let mut snapshot = leaky_snapshot();
    let opts = scan_options(SNAPSHOT_FILE.into(), &sc.snapshot_text);
    let again = scan(&mut snapshot, &arch, &sc.engine, &opts).unwrap();
    let second = emit(&again, &ctx(&sc.engine.rules, None)).unwrap();
    assert!(!fps(&first).is_empty());
    assert_eq!(fps(&first), fps(&second));
    assert_eq!(first, second, "the whole log is deterministic");
}

// ---------------------------------------------------------------- synthetic reports

fn report(findings: Vec<Finding>, controls: Vec<ControlResult>) -> ScanReport {
    ScanReport {
        tool: ToolInfo {
            name: "archcheck".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        architecture: ArchitectureInfo {
            name: "test".into(),
            origin: "builtin".into(),
            document: None,
        },
        collected_at: String::new(),
        sources: Vec::new(),
        summary: Summary {
            findings: findings.len(),
            ..Default::default()
        },
        findings,
        controls,
        collection_errors: Vec::new(),
        gate: Default::default(),
    }
}

fn finding(rule: &str, severity: Severity, resource: &str, file: Option<&str>) -> Finding {
    Finding {
        rule_id: rule.into(),
        severity,
        title: format!("{rule} title"),
        message: format!("{resource} is wrong"),
        resource: ResourceRef {
            resource_type: "aws_subnet".into(),
            id: resource.into(),
            ..Default::default()
        },
        environment: "prod".into(),
        location: Location {
            kind: SourceKind::Snapshot,
            file: file.map(String::from),
            line: None,
        },
        remediation: "Fix it.".into(),
        architecture: ArchitectureRef::default(),
        fingerprint: fingerprint(rule, "aws_subnet", resource, ""),
        waiver: None,
        baseline: None,
        change: None,
    }
}

#[test]
fn a_run_keeps_the_25000_most_severe_results_and_says_how_many_were_cut() {
    let mut findings = vec![
        finding("T-001", Severity::Critical, "crit-1", Some("s.json")),
        finding("T-001", Severity::Critical, "crit-2", Some("s.json")),
    ];
    findings.extend((0..25_000).map(|i| {
        finding(
            "T-002",
            Severity::Low,
            &format!("low-{i:05}"),
            Some("./s.json"),
        )
    }));
    findings.push(finding("T-003", Severity::Info, "info-1", Some("s.json")));
    let log = emit(&report(findings, Vec::new()), &ctx(&[], None)).unwrap();
    assert_github_rules(&log);
    assert_eq!(runs(&log).len(), 1);
    let run = run_of(&log, "snapshot");
    let res = results(run);
    assert_eq!(res.len(), 25_000);
    assert_eq!(
        (&res[0]["ruleId"], &res[0]["level"]),
        (&"T-001".into(), &"error".into())
    );
    assert_eq!(
        res[1]["locations"][0]["logicalLocations"][0]["name"],
        "crit-2"
    );
    assert!(res[2..]
        .iter()
        .all(|r| r["ruleId"] == "T-002" && r["level"] == "note"));
    assert_eq!(
        res[24_999]["locations"][0]["logicalLocations"][0]["name"],
        "low-24997"
    );
    assert_eq!(
        res[5]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "s.json"
    );
    // Only the rules of the results kept.
    let rule_ids: Vec<&Value> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(rule_ids, [&Value::from("T-001"), &Value::from("T-002")]);
    assert_eq!(run["properties"]["omittedResults"], 3);
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 1);
    let text = notes[0]["message"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("3 results omitted: GitHub accepts at most 25000 per run"),
        "{text}"
    );
    assert_eq!(notes[0]["level"], "warning");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn a_finding_without_a_file_needs_the_architecture_file() {
    let live = |r: &str| {
        let mut f = finding("T-001", Severity::High, r, None);
        f.location.kind = SourceKind::LiveAws;
        f
    };
    let rep = report(vec![live("subnet-1"), live("subnet-2")], Vec::new());

    let err = emit(&rep, &ctx(&[], None)).unwrap_err();
    assert!(
        err.downcast_ref::<archcheck::cli::UsageError>().is_some(),
        "exit 2 needs a UsageError: {err:#}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("--architecture FILE")
            && msg.contains("2 finding(s)")
            && msg.contains("subnet-1"),
        "{msg}"
    );

    let arch_file = cwd()
        .join("architectures/builtin.yaml")
        .display()
        .to_string();
    let log = emit(&rep, &ctx(&[], Some(&arch_file))).unwrap();
    assert_schema_valid(&log);
    assert_github_rules(&log);
    let run = run_of(&log, "live-aws");
    for r in results(run) {
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "architectures/builtin.yaml");
        assert_eq!(loc["region"]["startLine"], 1);
        assert_eq!(r["properties"]["locationIsFallback"], true);
    }
}

#[test]
fn a_clean_scan_still_uploads_one_empty_run_per_source() {
    let log = emit(&report(Vec::new(), Vec::new()), &ctx(&[], None)).unwrap();
    assert_schema_valid(&log);
    assert_github_rules(&log);
    assert_eq!(runs(&log).len(), 1);
    assert!(results(run_of(&log, "snapshot")).is_empty());

    let mut rep = report(Vec::new(), Vec::new());
    rep.sources = vec![
        Source {
            kind: SourceKind::LiveAws,
            ..Default::default()
        },
        Source {
            kind: SourceKind::Manifest,
            ..Default::default()
        },
    ];
    let log = emit(&rep, &ctx(&[], None)).unwrap();
    assert_github_rules(&log);
    let ids: Vec<&str> = runs(&log)
        .iter()
        .map(|r| r["automationDetails"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["archcheck/live-aws/", "archcheck/manifest/"]);
}

#[test]
fn controls_not_evaluated_are_warnings_and_duplicate_fingerprints_stay_apart() {
    let mut twice = finding("T-001", Severity::Medium, "subnet-1", Some("s.json"));
    twice.message = "second route".into();
    let findings = vec![
        finding("T-001", Severity::Medium, "subnet-1", Some("s.json")),
        twice,
    ];
    let controls = vec![ControlResult {
        rule_id: "T-009".into(),
        title: "Needs EC2".into(),
        severity: Severity::High,
        status: ControlStatus::NotEvaluated,
        resources_judged: 0,
        resources_failed: 0,
        findings: 0,
        environments: Vec::new(),
        not_evaluated: vec![NotEvaluated {
            scope: "111111111111/us-east-1".into(),
            reason: "ec2 DescribeRouteTables failed: AccessDenied".into(),
        }],
    }];
    let log = emit(&report(findings, controls), &ctx(&[], None)).unwrap();
    assert_schema_valid(&log);
    assert_github_rules(&log);
    let run = run_of(&log, "snapshot");
    let fps: Vec<&str> = results(run)
        .iter()
        .map(|r| {
            r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .unwrap()
        })
        .collect();
    let fp = fingerprint("T-001", "aws_subnet", "subnet-1", "");
    assert_eq!(fps, [fp.clone(), format!("{fp}:2")]);
    assert_eq!(results(run)[0]["level"], "warning");
    assert_eq!(
        rule_of(run, &results(run)[0])["properties"]["security-severity"],
        "5.5"
    );

    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["associatedRule"]["id"], "T-009");
    assert_eq!(notes[0]["level"], "warning");
    let text = notes[0]["message"]["text"].as_str().unwrap();
    assert!(
        text.contains("could not be evaluated") && text.contains("AccessDenied"),
        "{text}"
    );
    // Not a pass: no result, no rule for it.
    assert!(results(run).iter().all(|r| r["ruleId"] != "T-009"));
}

#[test]
fn the_checks_reject_what_github_would() {
    let log = emit(
        &report(
            vec![finding("T-001", Severity::High, "subnet-1", Some("s.json"))],
            Vec::new(),
        ),
        &ctx(&[], None),
    )
    .unwrap();
    assert_schema_valid(&log);
    let broken = |path: &str, value: Value| {
        let mut bad = log.clone();
        *bad.pointer_mut(path).unwrap() = value;
        bad
    };
    let schema_rejects =
        |bad: Value| std::panic::catch_unwind(|| assert_schema_valid(&bad)).is_err();
    let github_rejects =
        |bad: Value| std::panic::catch_unwind(|| assert_github_rules(&bad)).is_err();
    assert!(schema_rejects(broken(
        "/runs/0/results/0/locations/0/physicalLocation/region/startLine",
        0.into()
    )));
    assert!(schema_rejects(broken(
        "/runs/0/results/0/level",
        "fatal".into()
    )));
    assert!(schema_rejects(broken("/version", "2.0.0".into())));
    assert!(github_rejects(broken(
        "/runs/0/tool/driver/rules/0/properties/security-severity",
        8.0.into()
    )));
    assert!(github_rejects(broken(
        "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri",
        "/abs/s.json".into()
    )));
    assert!(github_rejects(broken(
        "/runs/0/results/0/partialFingerprints",
        serde_json::json!({})
    )));
    assert!(github_rejects(broken(
        "/runs/0/tool/driver/rules/0/fullDescription/text",
        "x".repeat(1025).into()
    )));
}
