//! The snapshot as the Rego `input` document.
//!
//! Same fields as the snapshot file, except that every collection is an
//! object keyed by resource `id` instead of an array, so policies join by
//! lookup (`input.aws.route_tables[subnet.route_table_id]`) and never scan
//! one list per element of another.
//!
//! [`to_input`] builds the regorus value straight from the typed snapshot
//! with a [`serde::Serializer`] whose output is a `regorus::Value`: no JSON
//! text and no `serde_json::Value` in between (that detour cost more than
//! the rest of the scan outside the policies at 100,000 resources). Object
//! keys (field names, tag keys) are shared rather than allocated once per
//! resource. [`to_input_json`] gives the same document as JSON.

use crate::snapshot::Snapshot;
use regorus::Value;
use serde::ser::{self, Serialize};
use serde_json::{Map, Value as Json};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// Converts a snapshot into the Rego input value.
pub fn to_input(snapshot: &Snapshot) -> Value {
    let mut keys = Keys::default();
    let doc = snapshot
        .serialize(ValueSerializer { keys: &mut keys })
        .expect("snapshot serialises");
    key_collections(doc)
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
                            let id = item
                                .get("id")
                                .and_then(Json::as_str)
                                .unwrap_or_default()
                                .to_string();
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

/// Turns every array under `aws` and `k8s` into an object keyed by the
/// members' `id` (a later duplicate wins, as in [`to_input_json`]).
fn key_collections(mut doc: Value) -> Value {
    let Ok(root) = doc.as_object_mut() else {
        return doc;
    };
    for section in ["aws", "k8s"] {
        let Some(Value::Object(collections)) = root.get_mut(&Value::from(section)) else {
            continue;
        };
        // Refcount 1: make_mut does not copy.
        for (_, coll) in arc_make_mut(collections).iter_mut() {
            if let Value::Array(items) = coll {
                let items = std::mem::take(arc_make_mut(items)).into_vec();
                let id_key = Value::from("id");
                let mut keyed: BTreeMap<Value, Value> = BTreeMap::new();
                for item in items {
                    let id = match &item {
                        Value::Object(o) => match o.get(&id_key) {
                            Some(v @ Value::String(_)) => v.clone(),
                            _ => Value::from(""),
                        },
                        _ => Value::from(""),
                    };
                    keyed.insert(id, item);
                }
                *coll = Value::from(keyed);
            }
        }
    }
    doc
}

fn arc_make_mut<T: Clone>(rc: &mut regorus::Rc<T>) -> &mut T {
    regorus::Rc::make_mut(rc)
}

/// Shared object keys: each distinct key is allocated once per conversion.
#[derive(Default)]
struct Keys {
    /// Field and variant names, by the address of their `&'static str`.
    fields: HashMap<usize, Value, BuildHasherDefault<AddrHasher>>,
    /// Map keys (tags, labels, keys of embedded documents).
    map_keys: HashMap<Box<str>, Value, BuildHasherDefault<FnvHasher>>,
}

impl Keys {
    fn field(&mut self, name: &'static str) -> Value {
        // Every derive names a field with the same static string, so its
        // address identifies it (two copies of a name only cost two entries).
        self.fields
            .entry(name.as_ptr() as usize ^ (name.len() << 48))
            .or_insert_with(|| Value::from(name))
            .clone()
    }

    fn map_key(&mut self, name: &str) -> Value {
        if let Some(v) = self.map_keys.get(name) {
            return v.clone();
        }
        let v = Value::from(name);
        // Bounded: keys are tag keys, labels and field names of embedded
        // documents, a small set; guard against pathological inputs anyway.
        if self.map_keys.len() < 4096 {
            self.map_keys.insert(name.into(), v.clone());
        }
        v
    }
}

/// Hashes an address: a multiplicative mix, no SipHash round per field.
#[derive(Default)]
struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ *b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

/// FNV-1a: short keys, trusted input, no need for SipHash.
struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ *b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// A serialisation that cannot be represented in Rego.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// A serde serializer whose output is a `regorus::Value`, with the same
/// data model as `serde_json::to_value` (externally tagged enums, `None` as
/// null, map keys as strings).
struct ValueSerializer<'k> {
    keys: &'k mut Keys,
}

fn number_f64(v: f64) -> Result<Value, Error> {
    if v.is_finite() {
        Ok(Value::from(v))
    } else {
        // serde_json writes a non-finite float as null.
        Ok(Value::Null)
    }
}

impl<'k> ser::Serializer for ValueSerializer<'k> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = SeqBuilder<'k>;
    type SerializeTuple = SeqBuilder<'k>;
    type SerializeTupleStruct = SeqBuilder<'k>;
    type SerializeTupleVariant = VariantBuilder<SeqBuilder<'k>>;
    type SerializeMap = MapBuilder<'k>;
    type SerializeStruct = MapBuilder<'k>;
    type SerializeStructVariant = VariantBuilder<MapBuilder<'k>>;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        Ok(Value::from(v as i64))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        Ok(Value::from(v as i64))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        Ok(Value::from(v as i64))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_i128(self, v: i128) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        Ok(Value::from(v as u64))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        Ok(Value::from(v as u64))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        Ok(Value::from(v as u64))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_u128(self, v: u128) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, Error> {
        number_f64(v as f64)
    }
    fn serialize_f64(self, v: f64) -> Result<Value, Error> {
        number_f64(v)
    }
    fn serialize_char(self, v: char) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, Error> {
        Ok(Value::from(
            v.iter().map(|b| Value::from(*b as u64)).collect::<Vec<_>>(),
        ))
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        Ok(self.keys.field(variant))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        let key = self.keys.field(variant);
        let inner = value.serialize(ValueSerializer { keys: self.keys })?;
        Ok(Value::from(BTreeMap::from([(key, inner)])))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder<'k>, Error> {
        Ok(SeqBuilder {
            keys: self.keys,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder<'k>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqBuilder<'k>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<SeqBuilder<'k>>, Error> {
        let key = self.keys.field(variant);
        // The builder borrows the key cache; the variant key is taken first.
        Ok(VariantBuilder {
            key,
            inner: SeqBuilder {
                keys: self.keys,
                items: Vec::with_capacity(len),
            },
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapBuilder<'k>, Error> {
        Ok(MapBuilder {
            keys: self.keys,
            entries: BTreeMap::new(),
            next_key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapBuilder<'k>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<VariantBuilder<MapBuilder<'k>>, Error> {
        let key = self.keys.field(variant);
        Ok(VariantBuilder {
            key,
            inner: MapBuilder {
                keys: self.keys,
                entries: BTreeMap::new(),
                next_key: None,
            },
        })
    }
}

struct SeqBuilder<'k> {
    keys: &'k mut Keys,
    items: Vec<Value>,
}

impl SeqBuilder<'_> {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        let v = value.serialize(ValueSerializer { keys: self.keys })?;
        self.items.push(v);
        Ok(())
    }
    fn finish(self) -> Value {
        Value::from(self.items)
    }
}

impl ser::SerializeSeq for SeqBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeTuple for SeqBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleStruct for SeqBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

struct MapBuilder<'k> {
    keys: &'k mut Keys,
    /// Inserted as they come (a later duplicate wins, as in a JSON object);
    /// regorus freezes the tree into its compact sorted-slice form.
    entries: BTreeMap<Value, Value>,
    next_key: Option<Value>,
}

impl MapBuilder<'_> {
    fn finish(self) -> Value {
        Value::from(self.entries)
    }
}

impl ser::SerializeMap for MapBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.next_key = Some(key.serialize(MapKeySerializer { keys: self.keys })?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .next_key
            .take()
            .ok_or_else(|| Error("map value without a key".into()))?;
        let v = value.serialize(ValueSerializer { keys: self.keys })?;
        self.entries.insert(key, v);
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeStruct for MapBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let k = self.keys.field(key);
        let v = value.serialize(ValueSerializer { keys: self.keys })?;
        self.entries.insert(k, v);
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

/// `{variant: inner}` for tuple and struct variants.
struct VariantBuilder<B> {
    key: Value,
    inner: B,
}

impl<'k> ser::SerializeTupleVariant for VariantBuilder<SeqBuilder<'k>> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.inner.push(value)
    }
    fn end(self) -> Result<Value, Error> {
        Ok(Value::from(BTreeMap::from([(
            self.key,
            self.inner.finish(),
        )])))
    }
}

impl<'k> ser::SerializeStructVariant for VariantBuilder<MapBuilder<'k>> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Result<Value, Error> {
        Ok(Value::from(BTreeMap::from([(
            self.key,
            self.inner.finish(),
        )])))
    }
}

/// Map keys become strings, as serde_json writes them.
struct MapKeySerializer<'k> {
    keys: &'k mut Keys,
}

fn key_must_be_string() -> Error {
    Error("a map key must be a string, a number, a bool or a unit variant".into())
}

impl ser::Serializer for MapKeySerializer<'_> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = ser::Impossible<Value, Error>;
    type SerializeTuple = ser::Impossible<Value, Error>;
    type SerializeTupleStruct = ser::Impossible<Value, Error>;
    type SerializeTupleVariant = ser::Impossible<Value, Error>;
    type SerializeMap = ser::Impossible<Value, Error>;
    type SerializeStruct = ser::Impossible<Value, Error>;
    type SerializeStructVariant = ser::Impossible<Value, Error>;

    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        Ok(self.keys.map_key(v))
    }
    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_i128(self, v: i128) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_u128(self, v: u128) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_f32(self, _v: f32) -> Result<Value, Error> {
        Err(key_must_be_string())
    }
    fn serialize_f64(self, _v: f64) -> Result<Value, Error> {
        Err(key_must_be_string())
    }
    fn serialize_char(self, v: char) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<Value, Error> {
        Err(key_must_be_string())
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Err(key_must_be_string())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<Value, Error> {
        Err(key_must_be_string())
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Err(key_must_be_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, Error> {
        Err(key_must_be_string())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        Ok(self.keys.field(variant))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Value, Error> {
        Err(key_must_be_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::aws::{
        AttachedPolicy, IamRole, Route, RouteTable, RouteTargetKind, SecurityGroup,
        SecurityGroupRole, SecurityGroupRule, Subnet, Tier, TierSource,
    };
    use crate::snapshot::k8s::{Container, NetworkPolicy, PodSpec, Workload};
    use crate::snapshot::{CollectionError, EnvironmentSource, SourceKind, SourceRef};
    use serde_json::json;

    fn tags(pairs: &[(&str, &str)]) -> crate::snapshot::Tags {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// A small snapshot touching every kind of field: enums, options both
    /// ways, nested structs and lists, tags, embedded JSON documents with
    /// numbers, floats and nulls, Kubernetes objects, errors.
    fn sample() -> Snapshot {
        let mut s = Snapshot::empty();
        s.collected_at = "2025-06-01T12:00:00Z".into();
        s.errors.push(CollectionError {
            source: SourceKind::LiveAws,
            service: "ec2".into(),
            account_id: Some("111111111111".into()),
            region: Some("us-east-1".into()),
            operation: "DescribeRouteTables".into(),
            message: "AccessDenied".into(),
            ..Default::default()
        });
        s.aws.subnets = vec![
            Subnet {
                id: "111111111111/us-east-1/subnet-1".into(),
                native_id: "subnet-1".into(),
                account_id: "111111111111".into(),
                region: "us-east-1".into(),
                name: Some("prod-private-data-a".into()),
                tags: tags(&[("Name", "prod-private-data-a"), ("Environment", "prod")]),
                environment: Some("prod".into()),
                environment_source: Some(EnvironmentSource::Tag),
                source: Some(SourceRef {
                    kind: SourceKind::TerraformPlan,
                    file: Some("plan.json".into()),
                    line: Some(12),
                    ..Default::default()
                }),
                vpc_id: "vpc-1".into(),
                cidr_block: "10.0.1.0/24".into(),
                availability_zone: Some("us-east-1a".into()),
                tier: Some(Tier::Data),
                tier_source: Some(TierSource::Name),
                route_table_id: Some("rtb-1".into()),
                ..Default::default()
            },
            Subnet {
                id: "s2".into(),
                map_public_ip_on_launch: true,
                ..Default::default()
            },
        ];
        s.aws.route_tables = vec![RouteTable {
            id: "rtb-1".into(),
            is_main: true,
            subnet_ids: vec!["111111111111/us-east-1/subnet-1".into()],
            routes: vec![Route {
                destination_cidr_block: Some("0.0.0.0/0".into()),
                target_kind: RouteTargetKind::EgressOnly,
                target_id: "eigw-1".into(),
                ..Default::default()
            }],
            ..Default::default()
        }];
        s.aws.security_groups = vec![SecurityGroup {
            id: "sg-1".into(),
            roles: vec![SecurityGroupRole::Db, SecurityGroupRole::Alb],
            ingress: vec![SecurityGroupRule {
                protocol: "tcp".into(),
                from_port: Some(-1),
                to_port: Some(65535),
                cidr_blocks: vec!["0.0.0.0/0".into()],
                internet_cidrs: vec!["0.0.0.0/0".into()],
                ..Default::default()
            }],
            ..Default::default()
        }];
        s.aws.iam_roles = vec![IamRole {
            id: "role-1".into(),
            trust_policy: json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Condition": null}]}),
            policies: vec![AttachedPolicy {
                name: "p".into(),
                kind: "customer".into(),
                document: json!({"b": 1.5, "a": [1, -2, 18446744073709551615u64, "x", true, null, {}], "z": {"y": []}}),
                ..Default::default()
            }],
            ..Default::default()
        }];
        s.k8s.workloads = vec![Workload {
            id: "c/ns/Deployment/api".into(),
            cluster: "c".into(),
            namespace: Some("ns".into()),
            name: "api".into(),
            kind: "Deployment".into(),
            replicas: Some(3),
            pod: PodSpec {
                containers: vec![Container {
                    name: "api".into(),
                    image: "x:1".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
            ..Default::default()
        }];
        s.k8s.network_policies = vec![NetworkPolicy {
            id: "c/ns/NetworkPolicy/deny".into(),
            name: "deny".into(),
            kind: "NetworkPolicy".into(),
            pod_selector: json!({}),
            ingress: Some(vec![]),
            egress: Some(vec![json!({})]),
            ..Default::default()
        }];
        s
    }

    #[test]
    fn direct_conversion_agrees_with_the_json_path() {
        let s = sample();
        let direct = to_input(&s);
        let via_json = Value::from(to_input_json(&s));
        assert_ne!(via_json, Value::Undefined);
        assert_eq!(direct, via_json);
        // And the whole document round-trips to the same JSON text.
        assert_eq!(
            serde_json::from_str::<Json>(&direct.to_json_str().unwrap()).unwrap(),
            to_input_json(&s)
        );
    }

    #[test]
    fn collections_are_keyed_by_id() {
        let input = to_input(&sample());
        let subnets = input["aws"]["subnets"].as_object().unwrap();
        assert_eq!(subnets.len(), 2);
        let s1 = &input["aws"]["subnets"]["111111111111/us-east-1/subnet-1"];
        assert_eq!(s1["tier"], Value::from("data"));
        assert_eq!(s1["tags"]["Environment"], Value::from("prod"));
        assert_eq!(
            input["aws"]["route_tables"]["rtb-1"]["routes"][0]["target_kind"],
            Value::from("egress-only")
        );
        assert_eq!(
            input["aws"]["vpcs"],
            Value::from(BTreeMap::new()),
            "empty collections are empty objects"
        );
        assert_eq!(
            input["k8s"]["workloads"]["c/ns/Deployment/api"]["pod"]["containers"][0]["name"],
            Value::from("api")
        );
        // Arrays inside resources stay arrays.
        assert!(input["aws"]["route_tables"]["rtb-1"]["subnet_ids"]
            .as_array()
            .is_ok());
        assert!(input["errors"].as_array().is_ok());
    }

    #[test]
    fn duplicate_ids_keep_the_last_resource_as_the_json_path_does() {
        let mut s = Snapshot::empty();
        s.aws.subnets = vec![
            Subnet {
                id: "dup".into(),
                cidr_block: "10.0.0.0/24".into(),
                ..Default::default()
            },
            Subnet {
                id: "dup".into(),
                cidr_block: "10.0.1.0/24".into(),
                ..Default::default()
            },
        ];
        let direct = to_input(&s);
        assert_eq!(direct, Value::from(to_input_json(&s)));
        assert_eq!(
            direct["aws"]["subnets"]["dup"]["cidr_block"],
            Value::from("10.0.1.0/24")
        );
    }
}
