//! Finding fingerprints: stable across runs for the same rule and resource.
//!
//! The message is left out on purpose: it may quote values (a CIDR, a
//! retention) that change without the finding becoming a different one.
//! Where one control reports several findings on one resource, a
//! discriminator (the finding's `key`, else its message) keeps them apart.
//!
//! The resource's identity is its Terraform address when it has one, else
//! its snapshot ID (see [`identity`]): a plan finding (ID = address until
//! applied) and the finding on the live resource it became (ID = ARN, address
//! from `--tf-state`) then share a fingerprint, so a baseline written from a
//! plan still recognises the finding in the nightly live scan, and back.

use sha2::{Digest, Sha256};

/// The identity a fingerprint is computed over: the Terraform address when
/// known, else the resource's snapshot ID.
pub fn identity<'a>(resource_id: &'a str, address: Option<&'a str>) -> &'a str {
    address.filter(|a| !a.is_empty()).unwrap_or(resource_id)
}

/// sha256 over the rule ID, the resource's identity and the discriminator
/// (empty for the usual one finding per rule and resource), hex-encoded.
/// `resource_id` is the resource's [`identity`].
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

    #[test]
    fn the_address_wins_over_the_id() {
        let addr = "module.net.aws_subnet.data[0]";
        assert_eq!(
            identity("arn:aws:ec2:us-east-1:1:subnet/subnet-1", Some(addr)),
            addr
        );
        assert_eq!(identity(addr, Some(addr)), addr);
        assert_eq!(identity("subnet-1", None), "subnet-1");
        assert_eq!(identity("subnet-1", Some("")), "subnet-1");
    }
}
