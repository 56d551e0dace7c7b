//! The expression languages inside definition strings. Each parser gives
//! offsets relative to the decoded string; callers map them to the document.

pub mod intrinsics;
pub mod jsonata;
pub mod sfn_jsonata;
