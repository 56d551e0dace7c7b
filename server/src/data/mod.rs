//! Facts about the language as data: which fields each state type and each
//! nested structure takes, in which query language, with which value shape;
//! the predefined error names; the intrinsic functions. Transcribed from the
//! project spec (`shared/spec/states.json`, `errors.json`, `intrinsics.json`)
//! and kept here so the checker, and later completion and hover, read one
//! source.

mod context;
pub mod docs;
mod errors;
mod fields;
mod integrations;
mod intrinsics;
pub mod jsonata_functions;
mod sdk;
mod state_kind;

pub use context::{context_children, context_lookup, ContextField, ContextLookup, CONTEXT_FIELDS};
pub use errors::{error_doc, is_predefined_error, PREDEFINED_ERRORS};
pub use fields::{
    state_fields, structure_fields, Field, Operand, Ql, Shape, Structure, BRANCH, CHOICE_OPERATORS, PROCESSOR,
    STATE_TYPES, TOP_LEVEL,
};
pub use integrations::{integration, integrations, Action as IntegrationAction, Integration, Pattern};
pub use intrinsics::{intrinsic, Intrinsic, Param, Type, HASH_ALGORITHMS, INTRINSICS};
pub use sdk::{is_java_v2_or_same, java_v2_name, sdk, Operation, Param as SdkParam, ParamKind, SdkIndex, SdkService};
pub use state_kind::StateKind;
