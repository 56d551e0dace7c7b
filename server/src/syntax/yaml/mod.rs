//! YAML definitions (`*.asl.yaml`, `*.asl.yml`) read into the same tree as
//! JSON ones, so every analysis works on them unchanged.
//!
//! The YAML itself is read by `saphyr-parser` (YAML 1.2, with positions).
//! It stops at the first error; an editor's text is broken most of the
//! time, so we recover ourselves: the line at fault is blanked (same
//! length, so every offset stays) and the text read again, a few times at
//! most. Each blanked line is one syntax error; the tree is the rest.

mod build;
mod emit;
mod flow;
mod scalars;
mod tabs;

pub use emit::{plain_safe, to_yaml};
pub use flow::line_is_self_contained;
pub(crate) use scalars::resolve_plain;

use super::{Parse, SyntaxError, SyntaxErrorKind};
use crate::text::TextRange;
use std::borrow::Cow;

/// How many faulty lines are skipped before the tree is taken as it is.
const MAX_RECOVERIES: usize = 16;

pub fn parse_yaml(text: &str) -> Parse {
    parse_yaml_with(text, false)
}

/// [`parse_yaml`] for CloudFormation templates and what is embedded in
/// them: short tags (`!Sub`, `!Ref`, `!GetAtt` …) are read as their long
/// form (`{"Fn::Sub": …}`), never as errors.
pub fn parse_yaml_cfn(text: &str) -> Parse {
    parse_yaml_with(text, true)
}

fn parse_yaml_with(text: &str, cfn_tags: bool) -> Parse {
    let mut work = Cow::Borrowed(text);
    let mut errors = Vec::new();
    // Set once tabs are replaced: the text read is then longer than the
    // user's, and every range is mapped back.
    let mut untabbed: Option<tabs::Shifts> = None;
    let mut round = 0;
    loop {
        let built = std::panic::catch_unwind(|| build::build(&work, cfn_tags)).unwrap_or_else(|_| build::Built {
            root: None,
            problems: Vec::new(),
            duplicate_keys: Vec::new(),
            failure: Some((0, "the YAML parser failed on this text".into())),
        });
        let back = |at: u32| untabbed.as_ref().map_or(at, |shifts| shifts.to_original(at));
        let Some((at, info)) = built.failure.clone() else { return finish(built, errors, untabbed.as_ref()) };
        if info.contains("recursion limit") {
            let message = "nested too deeply: a definition this deep cannot be read; flatten it".into();
            errors.push(SyntaxError { kind: SyntaxErrorKind::TooDeep, range: TextRange::empty(back(at)), message });
            return finish(built, errors, untabbed.as_ref());
        }
        // Flow lines at their block's column (PyYAML reads them): once,
        // and only when nothing else was changed yet.
        if untabbed.is_none() && round == 0 && info.contains("indentation") {
            if let Some((deeper, shifts)) = flow::deepen(&work) {
                untabbed = Some(shifts);
                work = Cow::Owned(deeper);
                round += 1;
                continue;
            }
        }
        if untabbed.is_none() && tabs::indented_with_tabs(&work, at as usize) {
            let (found, repaired, shifts) = tabs::untab(&work);
            errors.extend(found);
            untabbed = Some(shifts);
            work = Cow::Owned(repaired);
            continue;
        }
        let Some((mut error, repaired)) = recover(&work, at, &info) else {
            let range = TextRange::empty(back(at));
            errors.push(SyntaxError { kind: SyntaxErrorKind::Yaml, range, message: message(&info, "") });
            return finish(built, errors, untabbed.as_ref());
        };
        error.range = TextRange::new(back(error.range.start), back(error.range.end));
        // A line already reported for its tabs is reported once.
        let same_line = |t: &SyntaxError| {
            matches!(t.kind, SyntaxErrorKind::YamlTab { .. })
                && line_at(text, t.range.start as usize) == line_at(text, error.range.start as usize)
        };
        if !errors.iter().any(same_line) {
            errors.push(error);
        }
        round += 1;
        if round > MAX_RECOVERIES {
            return finish(built, errors, untabbed.as_ref());
        }
        work = Cow::Owned(repaired);
    }
}

fn finish(mut built: build::Built, mut errors: Vec<SyntaxError>, untabbed: Option<&tabs::Shifts>) -> Parse {
    if let Some(shifts) = untabbed {
        shifts.map_built(&mut built);
    }
    errors.extend(built.problems);
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    let mut duplicate_keys = built.duplicate_keys;
    duplicate_keys.sort_by_key(|(_, key)| key.start);
    Parse { root: built.root, errors, duplicate_keys, language: super::Language::Yaml }
}

/// The byte range of the line holding `at`, without its line break.
fn line_at(text: &str, at: usize) -> TextRange {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let end = if text[..end].ends_with('\r') { end - 1 } else { end };
    TextRange::new(start as u32, end.max(start) as u32)
}

/// The line before `line` that holds something other than a comment.
fn previous_content_line(text: &str, line: TextRange) -> Option<TextRange> {
    let mut end = line.start as usize;
    while end > 0 {
        let candidate = line_at(text, end - 1);
        let content = text[candidate.as_usize()].trim();
        if !content.is_empty() && !content.starts_with('#') {
            return Some(candidate);
        }
        end = candidate.start as usize;
    }
    None
}

/// A line that can only be a key being typed: a bare word with no `:`.
fn is_bare_word(line: &str) -> bool {
    let content = line.trim();
    !content.is_empty()
        && !content.contains(':')
        && !content.starts_with(['-', '#', '[', '{', '"', '\'', '|', '>', '&', '*', '!'])
}

/// The error to report for the parser's failure at `at`, and the text with
/// the faulty line made harmless.
fn recover(text: &str, at: u32, info: &str) -> Option<(SyntaxError, String)> {
    let line = line_at(text, at as usize);
    let source = &text[line.as_usize()];
    // The parser notices a key without `:` only on the next line.
    // (Only then: a bare line above may well be a block scalar's text.)
    let key_without_colon = info.contains("simple key");
    let culprit = match previous_content_line(text, line) {
        Some(previous) if key_without_colon && is_bare_word(&text[previous.as_usize()]) => previous,
        _ if source.trim().is_empty() => previous_content_line(text, line)?,
        _ => line,
    };
    let content = &text[culprit.as_usize()];
    let trimmed = content.trim();
    if trimmed.is_empty() {
        return None;
    }
    let lead = content.len() - content.trim_start().len();
    let range = TextRange::new(culprit.start + lead as u32, culprit.start + (lead + trimmed.len()) as u32);
    let error = SyntaxError { kind: SyntaxErrorKind::Yaml, range, message: message(info, trimmed) };
    let mut repaired = text.to_string();
    let blank = " ".repeat(culprit.len() as usize);
    repaired.replace_range(culprit.as_usize(), &blank);
    Some((error, repaired))
}

/// The parser's complaint in words a user acts on.
fn message(info: &str, line: &str) -> String {
    if is_bare_word(line) && (info.contains("simple key") || info.contains("expected ':'") || info.contains("mapping"))
    {
        let word: String = line.chars().take(60).collect();
        return format!("`{word}` is not a `key: value` pair: add `: ` and a value after the key, or remove the line");
    }
    let mut info = info.trim().to_string();
    if let Some(first) = info.get(..1) {
        info.replace_range(..1, &first.to_lowercase());
    }
    format!("not valid YAML here: {info}")
}

#[cfg(test)]
mod tests;
