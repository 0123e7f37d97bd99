//! The HTML report in a real browser: headless Chromium (installed by
//! scripts/setup.d/50-chromium.sh) loads each shipped fixture's report from
//! a file, with background networking off, and
//! - `--dump-dom`: the page's script ran (the findings counter is filled),
//!   every finding has its row, the picture has one box per subnet, and the
//!   violating subnets are marked in their severity; a `#res=<id>` link
//!   filters the table to that resource;
//! - `--screenshot`: the pictures are kept under the target directory
//!   (`$CARGO_TARGET_TMPDIR/html-report/*.png`) for people to look at.

mod common;
mod html_support;

use html_support::{attr, render_fixture, FIXTURES};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-report");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs headless Chromium on `page` (with `#fragment` when not empty) with
/// `mode` (`--dump-dom`, `--screenshot=…`) and a fresh profile; returns its stdout.
fn chromium(browser: &str, page: &Path, fragment: &str, mode: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(mode)
        .arg(format!("file://{}{fragment}", page.display()))
        .stdout(out.reopen().unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "chromium failed on {}", page.display());
    std::fs::read_to_string(out.path()).unwrap()
}

#[test]
fn every_fixture_report_renders_in_chromium_with_its_findings_marked() {
    let Some(browser) = common::external("ARCHCHECK_CHROMIUM") else {
        return;
    };
    let dir = artifacts();
    for name in FIXTURES {
        let r = render_fixture(name);
        let page = dir.join(format!("{name}.html"));
        std::fs::write(&page, &r.html).unwrap();
        let dom = chromium(&browser, &page, "", &["--dump-dom"]);

        let n = r.report.findings.len();
        if n == 0 {
            assert!(dom.contains("No findings: every evaluated control passed."));
        } else {
            assert!(
                dom.contains(&format!(r#"<span id="count">{n} of {n} findings</span>"#)),
                "{name}: the script ran and counted {n} findings"
            );
        }
        for f in &r.report.findings {
            let row = format!(
                r#"data-res="{}" data-rule="{}""#,
                attr(&f.resource.id),
                f.rule_id
            );
            assert!(
                dom.contains(&row),
                "{name}: {} on {}",
                f.rule_id,
                f.resource.id
            );
        }
        assert_eq!(
            dom.matches(r#"<g class="subnet "#).count(),
            r.snapshot.aws.subnets.len(),
            "{name}: one box per subnet"
        );
        for f in &r.report.findings {
            if r.snapshot.aws.subnets.iter().any(|s| s.id == f.resource.id) {
                let marked = format!(r#"sev-{}" data-res="{}""#, f.severity, attr(&f.resource.id));
                let worse = archcheck::findings::Severity::ALL
                    .iter()
                    .filter(|s| **s < f.severity)
                    .any(|s| {
                        dom.contains(&format!(r#"sev-{s}" data-res="{}""#, attr(&f.resource.id)))
                    });
                assert!(
                    dom.contains(&marked) || worse,
                    "{name}: subnet {} marked for {}",
                    f.resource.id,
                    f.rule_id
                );
            }
        }
    }
}

#[test]
fn screenshots_of_the_compliant_and_broken_references_are_kept() {
    let Some(browser) = common::external("ARCHCHECK_CHROMIUM") else {
        return;
    };
    let dir = artifacts();
    for (name, height) in [
        ("reference", 1080),
        ("broken-network", 1400),
        ("broken-database", 1400),
        ("broken-security-groups", 1400),
        ("broken-load-balancers", 1400),
        ("broken-eks", 1400),
        ("broken-vpc", 1600),
        ("broken-database-resilience", 1400),
        ("broken-accounts", 1600),
        ("broken-iam", 1400),
    ] {
        let page = dir.join(format!("{name}.html"));
        std::fs::write(&page, render_fixture(name).html).unwrap();
        let png = dir.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&png);
        chromium(
            &browser,
            &page,
            "",
            &[
                &format!("--screenshot={}", png.display()),
                &format!("--window-size=1920,{height}"),
            ],
        );
        let bytes = std::fs::read(&png).unwrap_or_else(|_| panic!("{name}: screenshot written"));
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}: a PNG");
        assert!(bytes.len() > 20_000, "{name}: the page drew something");
    }
}

#[test]
fn a_link_to_a_resource_opens_the_page_on_its_findings() {
    let Some(browser) = common::external("ARCHCHECK_CHROMIUM") else {
        return;
    };
    let r = render_fixture("broken-network");
    let page = artifacts().join("broken-network-linked.html");
    std::fs::write(&page, &r.html).unwrap();
    let subnet = "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-f2cfcaec6221623e6";
    let encoded = subnet.replace(':', "%3A").replace('/', "%2F");
    let dom = chromium(&browser, &page, &format!("#res={encoded}"), &["--dump-dom"]);
    assert!(
        dom.contains(r#"<span id="count">1 of 5 findings</span>"#),
        "filtered to one"
    );
    let rows: Vec<&str> = dom
        .match_indices(r#"<tr class="finding "#)
        .map(|(i, _)| dom[i..].split('>').next().unwrap())
        .collect();
    assert_eq!(rows.len(), 5);
    for row in rows {
        let target = row.contains(&format!(r#"data-res="{}""#, attr(subnet)));
        assert_eq!(
            !row.contains(" hidden"),
            target,
            "only NET-003's row shows: {row}"
        );
    }
    assert!(dom.contains(&format!(
        r#"<span id="res-filter">resource <code>{subnet}</code>"#
    )));
}

/// A test page beside the report that loads it in a frame of `width`×`height`
/// and, once it has loaded, runs `probe` (JavaScript, with the report's
/// document as `d`); the value it returns is written into the probe page's
/// DOM, which `--dump-dom` prints. Only the test page runs extra script: the
/// report itself is unchanged.
fn probe(browser: &str, report: &Path, width: u32, height: u32, probe: &str) -> String {
    let page = report.with_extension("probe.html");
    let name = report.file_name().unwrap().to_string_lossy();
    std::fs::write(
        &page,
        format!(
            r#"<!doctype html><html><body><pre id="out">pending</pre><script>
var f = document.createElement("iframe");
f.style.cssText = "width:{width}px;height:{height}px;border:0";
f.onload = function () {{
  var d = f.contentDocument;
  var out;
  try {{ out = (function (d) {{ {probe} }})(d); }} catch (e) {{ out = "error: " + e; }}
  document.getElementById("out").textContent = "RESULT[" + out + "]";
}};
f.src = "{name}";
document.body.appendChild(f);
</script></body></html>"#
        ),
    )
    .unwrap();
    let dom = chromium(
        browser,
        &page,
        "",
        &[
            "--dump-dom",
            "--allow-file-access-from-files",
            "--virtual-time-budget=5000",
            &format!("--window-size={},{}", width + 40, height + 80),
        ],
    );
    let start = dom.find("RESULT[").expect("the probe ran") + "RESULT[".len();
    dom[start..start + dom[start..].find(']').unwrap()].to_string()
}

#[test]
fn the_compliant_reference_fits_one_full_hd_screen() {
    let Some(browser) = common::external("ARCHCHECK_CHROMIUM") else {
        return;
    };
    let page = artifacts().join("reference-screen.html");
    std::fs::write(&page, render_fixture("reference").html).unwrap();
    let height: u32 = probe(
        &browser,
        &page,
        1920,
        1080,
        "return Math.ceil(d.documentElement.getBoundingClientRect().height);",
    )
    .parse()
    .expect("a height");
    assert!(height > 400, "the page laid out ({height}px)");
    assert!(
        height <= 1080,
        "the reference report is {height}px tall: more than one 1920×1080 screen"
    );
}

#[test]
fn a_click_on_a_marked_subnet_shows_only_its_findings() {
    let Some(browser) = common::external("ARCHCHECK_CHROMIUM") else {
        return;
    };
    let page = artifacts().join("broken-network-click.html");
    std::fs::write(&page, render_fixture("broken-network").html).unwrap();
    let subnet = "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-f2cfcaec6221623e6";
    let result = probe(
        &browser,
        &page,
        1920,
        1080,
        &format!(
            r#"var box = d.querySelector('g.subnet[data-res="{subnet}"]');
               if (!box) return "no box";
               box.dispatchEvent(new MouseEvent("click", {{ bubbles: true }}));
               var shown = Array.prototype.filter.call(
                 d.querySelectorAll("tr.finding"),
                 function (r) {{ return !r.classList.contains("hidden"); }});
               return d.getElementById("count").textContent + "|" +
                 shown.map(function (r) {{ return r.getAttribute("data-rule"); }}).join(",");"#
        ),
    );
    assert_eq!(result, "1 of 5 findings|NET-003");
}
