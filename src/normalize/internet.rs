//! Which CIDRs count as "the internet": anything not inside a private,
//! shared or unique-local range. So 0.0.0.0/1 + 128.0.0.0/1 cannot evade a
//! check that looks for 0.0.0.0/0.

use crate::snapshot::Snapshot;
use ipnet::IpNet;
use std::sync::OnceLock;

fn private_ranges() -> &'static [IpNet] {
    static RANGES: OnceLock<Vec<IpNet>> = OnceLock::new();
    RANGES.get_or_init(|| {
        [
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "100.64.0.0/10",
            "fc00::/7",
        ]
        .iter()
        .map(|s| s.parse().expect("static CIDR"))
        .collect()
    })
}

/// True unless `cidr` lies wholly inside a private range. A CIDR that does
/// not parse counts as the internet: a check should fail closed.
pub fn is_internet_cidr(cidr: &str) -> bool {
    let net: IpNet = match cidr.trim().parse() {
        Ok(n) => n,
        Err(_) => match cidr.trim().parse::<std::net::IpAddr>() {
            Ok(ip) => IpNet::from(ip),
            Err(_) => return true,
        },
    };
    !private_ranges().iter().any(|p| p.contains(&net))
}

/// Fills `internet_cidrs` on every security-group rule.
pub(super) fn mark_rules(snapshot: &mut Snapshot) {
    for sg in &mut snapshot.aws.security_groups {
        for rule in sg.ingress.iter_mut().chain(sg.egress.iter_mut()) {
            rule.internet_cidrs = rule
                .cidr_blocks
                .iter()
                .chain(&rule.ipv6_cidr_blocks)
                .filter(|c| is_internet_cidr(c))
                .cloned()
                .collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_internet_cidr;

    #[test]
    fn private_ranges_are_not_the_internet() {
        for c in [
            "10.0.0.0/8",
            "10.10.1.0/24",
            "172.31.0.0/16",
            "192.168.1.5/32",
            "100.64.0.0/10",
            "fd00::/8",
            "10.1.2.3",
        ] {
            assert!(!is_internet_cidr(c), "{c}");
        }
    }

    #[test]
    fn anything_reaching_outside_is_the_internet() {
        for c in [
            "0.0.0.0/0",
            "0.0.0.0/1",
            "128.0.0.0/1",
            "::/0",
            "8.8.8.8/32",
            "172.32.0.0/16",
            "10.0.0.0/7",
            "2001:db8::/32",
            "not-a-cidr",
        ] {
            assert!(is_internet_cidr(c), "{c}");
        }
    }
}
