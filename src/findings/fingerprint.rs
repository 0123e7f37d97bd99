//! Finding fingerprints: stable across runs for the same rule and resource.
//!
//! The message is left out on purpose: it may quote values (a CIDR, a
//! retention) that change without the finding becoming a different one.
//! Where one control reports several findings on one resource, a
//! discriminator (the finding's `key`, else its message) keeps them apart.

use sha2::{Digest, Sha256};

/// sha256 over the rule ID, the resource's identity and the discriminator
/// (empty for the usual one finding per rule and resource), hex-encoded.
pub fn fingerprint(
    rule_id: &str,
    resource_type: &str,
    resource_id: &str,
    discriminator: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [rule_id, resource_type, resource_id] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    if !discriminator.is_empty() {
        h.update(discriminator.as_bytes());
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_inputs_same_fingerprint_and_parts_do_not_run_together() {
        let a = fingerprint("NET-003", "aws_subnet", "subnet-1", "");
        assert_eq!(a, fingerprint("NET-003", "aws_subnet", "subnet-1", ""));
        assert_ne!(a, fingerprint("NET-003", "aws_subnet", "subnet-2", ""));
        assert_ne!(a, fingerprint("NET-003", "aws_subnet", "subnet-1", "rtb-2"));
        assert_ne!(
            fingerprint("A", "bc", "d", ""),
            fingerprint("Ab", "c", "d", ""),
            "a separator keeps field boundaries"
        );
    }
}
