//! The snapshot as the Rego `input` document.
//!
//! Same fields as the snapshot file, except that every collection is an
//! object keyed by resource `id` instead of an array, so policies join by
//! lookup (`input.aws.route_tables[subnet.route_table_id]`) and never scan
//! one list per element of another.

use crate::snapshot::Snapshot;
use serde_json::{Map, Value as Json};

/// Converts a snapshot into the Rego input value.
pub fn to_input(snapshot: &Snapshot) -> regorus::Value {
    regorus::Value::from(to_input_json(snapshot))
}

/// The input as JSON (what `archcheck collect --rego-input` would show).
pub fn to_input_json(snapshot: &Snapshot) -> Json {
    let mut doc = serde_json::to_value(snapshot).expect("snapshot serialises");
    for section in ["aws", "k8s"] {
        if let Some(Json::Object(collections)) = doc.get_mut(section) {
            for (_, coll) in collections.iter_mut() {
                if let Json::Array(items) = coll {
                    let keyed: Map<String, Json> = std::mem::take(items)
                        .into_iter()
                        .map(|item| {
                            let id = item.get("id").and_then(Json::as_str).unwrap_or_default().to_string();
                            (id, item)
                        })
                        .collect();
                    *coll = Json::Object(keyed);
                }
            }
        }
    }
    doc
}
