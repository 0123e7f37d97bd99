//! archcheck: proves that live AWS, Kubernetes and Terraform plans still
//! match the documented architecture.
//!
//! The stages, one module each: [`snapshot`] (the schema every source is
//! normalised into), [`normalize`] (classifications policies rely on),
//! [`architecture`] (the organisation's parameters), [`engine`] (Rego
//! policies through regorus), [`findings`] and [`scan`] (what the policies
//! found), [`report`] (one emitter per output format) and [`cli`].

pub mod architecture;
pub mod cli;
pub mod collect;
pub mod engine;
pub mod findings;
#[doc(hidden)]
pub mod fuzzing;
pub mod gate;
pub mod input;
pub mod normalize;
pub mod report;
pub mod scan;
pub mod snapshot;
