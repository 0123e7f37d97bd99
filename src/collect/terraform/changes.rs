//! What a plan changes in the evidence of each finding, for the table's
//! action column and `--changed-only`.
//!
//! A finding's evidence is the resource it judges and the resources it
//! names as its cause. Controls name the resources involved in their
//! message, by snapshot ID, the ID AWS shows or, for a resource a plan
//! creates, its address (`lib.label`): "subnet … routes 0.0.0.0/0 to nat
//! module.net.aws_nat_gateway.a[0] via route table
//! module.net.aws_route_table.data". So a finding is changed when the plan
//! creates, updates or replaces its resource or any resource its message
//! names. A resource that folds in others (a route table its `aws_route`s
//! and associations, a security group its rule resources) counts as
//! updated when the plan changes one of them (see `Model::touch`).

use crate::scan::ScanReport;
use crate::snapshot::Snapshot;
use std::collections::HashMap;

/// The actions that make a finding's evidence changed.
fn is_change(action: &str) -> bool {
    matches!(action, "create" | "update" | "replace")
}

/// Every name (snapshot ID, AWS ID, ARN, address) of each resource the
/// plan creates, updates or replaces → its action.
fn changed_resources(snapshot: &Snapshot) -> HashMap<String, String> {
    let mut changed = HashMap::new();
    snapshot.visit(&mut |_, r| {
        let m = r.meta();
        let Some(action) = m
            .source
            .and_then(|s| s.plan_action.as_deref())
            .filter(|a| is_change(a))
        else {
            return;
        };
        let address = m.source.and_then(|s| s.address.as_deref());
        for name in [Some(m.id), Some(m.native_id), m.arn, address]
            .into_iter()
            .flatten()
            .filter(|n| !n.is_empty())
        {
            changed
                .entry(name.to_string())
                .or_insert_with(|| action.to_string());
        }
    });
    changed
}

/// The words of a message that may name a resource: split on white space,
/// without the punctuation around a name (`(prod-vpc)`, `rtb-1;`).
fn words(message: &str) -> impl Iterator<Item = &str> {
    message.split_whitespace().map(|w| {
        w.trim_start_matches(['(', '\'', '`'])
            .trim_end_matches([')', ',', ';', ':', '\'', '`'])
            .trim_end_matches('.')
    })
}

/// Sets `change` on every finding whose evidence the plan changes; with
/// `changed_only`, drops the others and counts them in
/// `summary.pre_existing`. Returns how many were dropped.
pub fn mark(report: &mut ScanReport, snapshot: &Snapshot, changed_only: bool) -> usize {
    let changed = changed_resources(snapshot);
    for f in &mut report.findings {
        let own = [Some(&f.resource.id), f.resource.address.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|n| changed.get(n));
        f.change = own
            .or_else(|| words(&f.message).find_map(|w| changed.get(w)))
            .cloned();
    }
    if !changed_only {
        return 0;
    }
    let before = report.findings.len();
    report.findings.retain(|f| f.change.is_some());
    let dropped = before - report.findings.len();
    let s = &mut report.summary;
    s.pre_existing = Some(dropped);
    s.findings = report.findings.len();
    for n in s.by_severity.values_mut() {
        *n = 0;
    }
    for f in &report.findings {
        *s.by_severity.entry(f.severity).or_default() += 1;
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_lose_the_punctuation_around_names() {
        let w: Vec<&str> =
            words("subnet module.net.aws_subnet.d[0] (data tier, prod-vpc) via rtb-1; x[\"a\"].")
                .collect();
        assert_eq!(
            w,
            [
                "subnet",
                "module.net.aws_subnet.d[0]",
                "data",
                "tier",
                "prod-vpc",
                "via",
                "rtb-1",
                "x[\"a\"]"
            ]
        );
    }
}
