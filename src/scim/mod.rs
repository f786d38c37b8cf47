//! SCIM 2.0 (RFC 7643, RFC 7644): schemas, target paths, resources, PATCH.
//!
//! | file | job |
//! |---|---|
//! | [`schema`] | the User, Group and Enterprise User schemas as static data, in RFC order |
//! | `catalog` | [`ResourceSchema`]: the core schema of a resource kind plus its extensions |
//! | `path` | [`TargetPath`]: a mapping row's target, parsed and resolved once |
//! | `shape` | [`Shape`] and [`Mismatch`]: which JSON an attribute takes |
//! | `resource` | [`ResourceBuilder`]: the SCIM payload, in schema order |
//! | `validate` | [`validate`]: every way a resource breaks its schemas |
//! | `patch` | [`patch`]: the RFC 7644 PatchOp from the provider's resource to the desired one |
//!
//! Values are plain `serde_json::Value`; nothing here evaluates expressions.

mod catalog;
mod json;
mod patch;
#[cfg(test)]
mod patch_tests;
mod path;
#[cfg(test)]
mod path_tests;
mod resource;
pub mod schema;
mod shape;
mod suggest;
mod validate;

pub use catalog::{Extension, ExtensionError, ResourceKind, ResourceSchema};
pub use patch::{patch, patch_operations, patch_request, PatchOp, PatchOperation};
pub use path::{PathError, TargetPath, ENTERPRISE_PREFIX};
pub(crate) use resource::ResourceLayout;
pub use resource::{build_resource, ResourceBuilder};
pub use schema::{Attribute, AttributeType, Mutability, Returned, Schema, Uniqueness};
pub use shape::{JsonKind, Mismatch, MismatchKind, Shape};
pub use validate::{validate, Problem, ProblemKind};
