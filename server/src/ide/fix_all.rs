//! Fix all: the fixes of every diagnostic applied together, round after
//! round until none is left (a fix can make another possible), never
//! keeping a round that brings an error the text did not have. Serves the
//! editor's `source.fixAll.asl-ls` and `asl-ls check --fix`.

use super::diagnostics::Severity;
use super::edit::{Applicability, Fix, TextEdit};
use super::format::apply;
use super::{Config, Document};
use crate::text::TextRange;
use std::collections::HashMap;

/// Rounds at most: each fixes what the one before made fixable.
const MAX_ROUNDS: usize = 8;

/// What fixing a text did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// The titles of the fixes applied, in order.
    pub applied: Vec<String>,
}

/// Applies the safe fixes of `text` (and the unsafe ones when asked);
/// `build` reads a text as the document it is (a definition or a template).
pub fn fix_all(text: &str, build: &dyn Fn(&str) -> Document, config: &Config, unsafe_fixes: bool) -> Fixed {
    // The safe fixes first, to the end: an unsafe one may then be moot.
    let mut fixed = rounds(text.to_string(), build, config, false);
    if unsafe_fixes {
        let more = rounds(fixed.text, build, config, true);
        fixed.applied.extend(more.applied);
        fixed.text = more.text;
    }
    fixed
}

fn rounds(mut current: String, build: &dyn Fn(&str) -> Document, config: &Config, unsafe_fixes: bool) -> Fixed {
    let mut applied = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let document = build(&current);
        let before = errors(&document, config);
        let fixes = chosen(&document, config, unsafe_fixes);
        if fixes.is_empty() {
            break;
        }
        // All at once; when that brings an error, one at a time, each checked.
        let all: Vec<TextEdit> = fixes.iter().flat_map(|f| f.edits.clone()).collect();
        let together = apply_sorted(&current, all);
        if !brings_errors(&before, &build(&together), config) {
            applied.extend(fixes.iter().map(|f| f.title.clone()));
            current = together;
            continue;
        }
        let mut progressed = false;
        for fix in fixes {
            let candidate = apply_sorted(&current, fix.edits.clone());
            if !brings_errors(&before, &build(&candidate), config) {
                applied.push(fix.title.clone());
                current = candidate;
                progressed = true;
                // The other fixes' ranges are of the old text: next round.
                break;
            }
        }
        if !progressed {
            break;
        }
    }
    Fixed { text: current, applied }
}

/// One fix per diagnostic (its first allowed one), none overlapping another.
fn chosen(document: &Document, config: &Config, unsafe_fixes: bool) -> Vec<Fix> {
    let all = TextRange::new(0, document.text().len() as u32);
    let mut seen = Vec::new();
    let mut taken: Vec<TextRange> = Vec::new();
    let mut out = Vec::new();
    for action in document.code_actions(all, config) {
        let key = (action.diagnostic.range, action.diagnostic.code);
        let allowed = unsafe_fixes || action.fix.applicability == Applicability::Safe;
        if seen.contains(&key) || !allowed || action.fix.edits.is_empty() {
            continue;
        }
        seen.push(key);
        let overlaps = |r: &TextRange| {
            taken.iter().any(|t| r.start < t.end && t.start < r.end || r.start == t.start || r.end == t.end)
        };
        if action.fix.edits.iter().any(|e| overlaps(&e.range)) {
            continue;
        }
        taken.extend(action.fix.edits.iter().map(|e| e.range));
        out.push(action.fix);
    }
    out
}

fn apply_sorted(text: &str, mut edits: Vec<TextEdit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    apply(text, &edits)
}

/// Each error (code and message) with how often it appears.
fn errors(document: &Document, config: &Config) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    for d in document.diagnostics(config, None) {
        if d.severity == Severity::Error {
            *out.entry((d.code.id().to_string(), d.message)).or_default() += 1;
        }
    }
    out
}

fn brings_errors(before: &HashMap<(String, String), usize>, after: &Document, config: &Config) -> bool {
    errors(after, config).iter().any(|(key, count)| before.get(key).copied().unwrap_or(0) < *count)
}

/// The one edit turning `old` into `new`: what lies between their common
/// start and end (on character boundaries).
pub fn single_edit(old: &str, new: &str) -> Option<TextEdit> {
    if old == new {
        return None;
    }
    let mut start = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let max_end = old.len().min(new.len()) - start;
    let mut end = old.bytes().rev().zip(new.bytes().rev()).take(max_end).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - end) || !new.is_char_boundary(new.len() - end) {
        end -= 1;
    }
    let range = TextRange::new(start as u32, (old.len() - end) as u32);
    Some(TextEdit::replace(range, &new[start..new.len() - end]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::Analysis;
    use crate::syntax::Language;

    fn json(text: &str) -> Document {
        Document::Definition(Analysis::new_in(text, Language::Json))
    }

    #[test]
    fn safe_fixes_are_applied_together_and_unsafe_ones_only_when_asked() {
        let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Betta"}, "Beta": {"Type": "Pass", "Nxt": "C"}, "C": {"Type": "Succeed", "Comment": "x", "End": true,}}}"#;
        let fixed = fix_all(text, &json, &Config::default(), false);
        assert!(fixed.applied.contains(&"Change to `Beta`".to_string()), "{:?}", fixed.applied);
        assert!(fixed.text.contains(r#""Next": "Beta""#) && !fixed.text.contains("true,}"), "{}", fixed.text);
        let with_unsafe = fix_all(text, &json, &Config::default(), true);
        assert!(with_unsafe.applied.len() > fixed.applied.len(), "{:?}", with_unsafe.applied);
        assert_eq!(fix_all(&fixed.text, &json, &Config::default(), false).applied, Vec::<String>::new());
    }

    #[test]
    fn one_edit_covers_what_changed() {
        let edit = single_edit("{\"a\": ñ1}", "{\"a\": ñ2}").unwrap();
        assert_eq!((edit.range, edit.new_text.as_str()), (TextRange::new(8, 9), "2"));
        let edit = single_edit("ab", "abab").unwrap();
        assert_eq!((edit.range, edit.new_text.as_str()), (TextRange::new(2, 2), "ab"));
        assert_eq!(single_edit("x", "x"), None);
    }
}
