//! Builtins regorus lacks that the controls need, written in Rust.
//!
//! - `net.cidr_intersects(a, b)`: whether two CIDRs share any address.
//! - `net.cidr_merge(cidrs)`: the smallest set of CIDRs covering the input.
//! - `archcheck.is_internet(cidr)`: the normaliser's internet test.

use anyhow::{anyhow, bail, Result};
use ipnet::IpNet;
use regorus::Value;

fn parse(v: &Value) -> Result<IpNet> {
    let s = v
        .as_string()
        .map_err(|_| anyhow!("expected a CIDR string"))?;
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| anyhow!("`{s}` is not a CIDR"))
}

/// Whether two networks overlap.
pub fn intersects(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

pub fn register(engine: &mut regorus::Engine) -> Result<()> {
    engine.add_extension(
        "net.cidr_intersects".into(),
        2,
        Box::new(|args: Vec<Value>| {
            let (a, b) = (parse(&args[0])?, parse(&args[1])?);
            Ok(Value::from(intersects(&a, &b)))
        }),
    )?;
    engine.add_extension(
        "net.cidr_merge".into(),
        1,
        Box::new(|args: Vec<Value>| {
            let items: Vec<IpNet> = match &args[0] {
                Value::Array(a) => a.iter().map(parse).collect::<Result<_>>()?,
                Value::Set(s) => s.iter().map(parse).collect::<Result<_>>()?,
                _ => bail!("net.cidr_merge expects an array or set of CIDRs"),
            };
            let merged: Vec<Value> = IpNet::aggregate(&items)
                .into_iter()
                .map(|n| Value::from(n.to_string()))
                .collect();
            Ok(Value::from(merged))
        }),
    )?;
    engine.add_extension(
        "archcheck.is_internet".into(),
        1,
        Box::new(|args: Vec<Value>| {
            let s = args[0]
                .as_string()
                .map_err(|_| anyhow!("expected a CIDR string"))?;
            Ok(Value::from(crate::normalize::is_internet_cidr(s)))
        }),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersects_is_symmetric_and_exact() {
        let n = |s: &str| s.parse::<IpNet>().unwrap();
        assert!(intersects(&n("10.0.0.0/16"), &n("10.0.5.0/24")));
        assert!(intersects(&n("10.0.5.0/24"), &n("10.0.0.0/16")));
        assert!(!intersects(&n("10.0.0.0/16"), &n("10.1.0.0/16")));
        assert!(!intersects(&n("10.0.0.0/16"), &n("fd00::/8")));
    }
}
