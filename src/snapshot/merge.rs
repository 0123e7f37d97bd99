//! Checked merging of snapshots from several inputs (one per account or
//! cluster): a resource present in two inputs must be the same resource.
//!
//! Identity is the collection plus the resource's account, region, cluster
//! and `id`. The same identity with the same content (ignoring `source`,
//! which says where each copy was read) is kept once; with different
//! content it is an error naming both inputs and the first field that
//! differs, since silently keeping either copy would judge a guess.

use super::{Resource, Snapshot};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// Two inputs disagree about one resource.
#[derive(Debug, thiserror::Error)]
#[error(
    "{collection} `{id}` is in {first} and in {second} with different content (first difference: `{field}`): \
     the same resource (account, region, id) must be identical in every snapshot merged; \
     collect each account or cluster once, or drop one of the files"
)]
pub struct MergeConflict {
    pub collection: String,
    pub id: String,
    pub first: String,
    pub second: String,
    pub field: String,
}

/// Where each resource merged so far came from.
#[derive(Debug, Default)]
pub struct MergeIndex {
    /// (collection, identity) → (input, position in the collection).
    seen: HashMap<(&'static str, String), (String, usize)>,
}

fn identity(r: &dyn Resource) -> String {
    let m = r.meta();
    format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        m.account_id.unwrap_or(""),
        m.region.unwrap_or(""),
        m.cluster.unwrap_or(""),
        m.id
    )
}

/// The resource as JSON without `source`.
fn content<T: Serialize>(r: &T) -> Value {
    let mut v = serde_json::to_value(r).unwrap_or(Value::Null);
    if let Some(m) = v.as_object_mut() {
        m.shift_remove("source");
    }
    v
}

/// The first top-level field whose value differs.
fn first_difference(a: &Value, b: &Value) -> String {
    match (a.as_object(), b.as_object()) {
        (Some(a), Some(b)) => a
            .iter()
            .find(|(k, v)| b.get(k.as_str()) != Some(v))
            .map(|(k, _)| k.clone())
            .or_else(|| b.keys().find(|k| !a.contains_key(k.as_str())).cloned())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

impl MergeIndex {
    /// An index of what `base` (read from `origin`) holds.
    pub fn of(base: &Snapshot, origin: &str) -> MergeIndex {
        let mut index = MergeIndex::default();
        let mut positions: HashMap<&'static str, usize> = HashMap::new();
        base.visit(&mut |collection, r| {
            let pos = positions.entry(collection).or_default();
            index
                .seen
                .entry((collection, identity(r)))
                .or_insert_with(|| (origin.to_string(), *pos));
            *pos += 1;
        });
        index
    }

    fn merge_collection<T: Resource + Serialize>(
        &mut self,
        into: &mut Vec<T>,
        from: Vec<T>,
        collection: &'static str,
        origin: &str,
    ) -> Result<(), MergeConflict> {
        for r in from {
            let key = (collection, identity(&r));
            match self.seen.get(&key) {
                Some((first, pos)) => {
                    let (a, b) = (content(&into[*pos]), content(&r));
                    if a != b {
                        return Err(MergeConflict {
                            collection: collection.to_string(),
                            id: r.meta().id.to_string(),
                            first: first.clone(),
                            second: origin.to_string(),
                            field: first_difference(&a, &b),
                        });
                    }
                }
                None => {
                    self.seen.insert(key, (origin.to_string(), into.len()));
                    into.push(r);
                }
            }
        }
        Ok(())
    }
}

impl Snapshot {
    /// Merges `other` (read from `origin`) into `self`: resources already
    /// present with the same content are kept once, sources and collection
    /// errors are appended without repeats. The merged snapshot has no
    /// evidence block of its own (each input's is its own).
    pub fn merge_checked(
        &mut self,
        other: Snapshot,
        origin: &str,
        index: &mut MergeIndex,
    ) -> Result<(), MergeConflict> {
        macro_rules! merge_aws {
            ($($c:ident),*) => {$(
                index.merge_collection(&mut self.aws.$c, other.aws.$c, concat!("aws.", stringify!($c)), origin)?;
            )*};
        }
        macro_rules! merge_k8s {
            ($($c:ident),*) => {$(
                index.merge_collection(&mut self.k8s.$c, other.k8s.$c, concat!("k8s.", stringify!($c)), origin)?;
            )*};
        }
        aws_collections!(merge_aws);
        k8s_collections!(merge_k8s);
        for s in other.sources {
            if !self.sources.contains(&s) {
                self.sources.push(s);
            }
        }
        for e in other.errors {
            if !self.errors.contains(&e) {
                self.errors.push(e);
            }
        }
        if other.collected_at > self.collected_at {
            self.collected_at = other.collected_at;
        }
        self.evidence = None;
        Ok(())
    }

    /// Merges inputs (origin, snapshot) in order with [`Snapshot::merge_checked`].
    pub fn merge_all(
        parts: impl IntoIterator<Item = (String, Snapshot)>,
    ) -> Result<Option<Snapshot>, MergeConflict> {
        let mut parts = parts.into_iter().peekable();
        let Some((origin, mut merged)) = parts.next() else {
            return Ok(None);
        };
        if parts.peek().is_none() {
            // One input: nothing to index or compare.
            return Ok(Some(merged));
        }
        let mut index = MergeIndex::of(&merged, &origin);
        for (origin, part) in parts {
            merged.merge_checked(part, &origin, &mut index)?;
        }
        Ok(Some(merged))
    }
}
