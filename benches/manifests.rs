//! Manifest reader benchmark: a multi-document YAML stream of N copies of
//! the compliant API bundle (ServiceAccount, Deployment, HPA, PDB, Service,
//! Ingress: 6 objects each) read into a snapshot, median of several runs.
//!
//! ```text
//! cargo bench --bench manifests            # 1k, 10k and 60k objects
//! cargo bench --bench manifests -- 60k     # one size (N or Nk objects)
//! ```

use archcheck::collect::k8s::manifests::ManifestReader;
use std::time::Instant;

const BUNDLE: &str = include_str!("../fixtures/manifests/compliant/api.yaml");

/// `objects` objects (rounded up to whole bundles), each bundle in its own namespace.
fn stream(objects: usize) -> String {
    let mut out = String::new();
    for i in 0..objects.div_ceil(6) {
        out.push_str("---\n");
        out.push_str(
            &BUNDLE
                .replace("namespace: backend", &format!("namespace: ns-{i}"))
                .replace("name: api\n", &format!("name: api-{i}\n")),
        );
    }
    out
}

fn size(arg: &str) -> Option<usize> {
    match arg.strip_suffix('k') {
        Some(n) => n.parse::<usize>().ok().map(|n| n * 1000),
        None => arg.parse().ok(),
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| size(&a)).collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 60_000]
    } else {
        sizes
    };
    for n in sizes {
        let text = stream(n);
        let mut times = Vec::new();
        let mut objects = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let mut r = ManifestReader::new(None);
            r.read_str(&text, Some("bench.yaml")).unwrap();
            let out = r.finish();
            times.push(start.elapsed());
            objects = out.summary.objects;
        }
        times.sort();
        let median = times[times.len() / 2];
        println!(
            "{objects} objects ({:.1} MB): median {:.1} ms, {:.0} objects/s",
            text.len() as f64 / 1e6,
            median.as_secs_f64() * 1e3,
            objects as f64 / median.as_secs_f64()
        );
    }
}
