//! Regex literals (`/ab+c/i`), evaluated with `regress`, an engine for
//! ECMAScript syntax and semantics (what the reference runs on). Byte
//! offsets are used inside; positions reported to expressions (`index`,
//! `start`, `end`) are counted in UTF-16 units, as JavaScript counts them.

use super::super::value::{Map, Value};
use std::ops::Range;

pub struct Matcher {
    regex: regress::Regex,
    pub source: String,
}

/// One match: byte range of the whole match and of each group.
pub struct Found {
    pub range: Range<usize>,
    pub groups: Vec<Option<Range<usize>>>,
}

impl Matcher {
    pub fn new(pattern: &str, flags: &str) -> Result<Matcher, String> {
        let regex = regress::Regex::with_flags(pattern, flags).map_err(|e| e.to_string())?;
        Ok(Matcher { regex, source: pattern.to_string() })
    }

    /// The first match at or after byte `from`.
    pub fn find_at(&self, text: &str, from: usize) -> Option<Found> {
        if from > text.len() {
            return None;
        }
        let found = self.regex.find_from(text, from).next()?;
        Some(Found { range: found.range(), groups: found.captures })
    }

    /// Every match in order. A second match that is empty can never make
    /// progress: the reference fails with D1004 then.
    pub fn find_all(&self, text: &str, limit: Option<usize>) -> Result<Vec<Found>, super::super::Error> {
        let mut out: Vec<Found> = Vec::new();
        let mut from = 0;
        while limit.is_none_or(|l| out.len() < l) {
            let Some(found) = self.find_at(text, from) else { break };
            if !out.is_empty() && found.range.is_empty() {
                return Err(super::super::Error::new("D1004", 0..0).value(self.source.clone()));
            }
            from = found.range.end;
            let empty = found.range.is_empty();
            out.push(found);
            if from >= text.len() {
                break;
            }
            if empty {
                // The reference asks again at the same place and gets the
                // same empty match: D1004.
                if let Some(next) = self.find_at(text, from) {
                    if next.range.is_empty() && limit.is_none_or(|l| out.len() < l) {
                        return Err(super::super::Error::new("D1004", 0..0).value(self.source.clone()));
                    }
                }
            }
        }
        Ok(out)
    }

    /// What a matcher call returns to an expression: `{match, start, end, groups}`.
    pub fn match_object(&self, text: &str, from_utf16: usize) -> Value {
        let from = byte_offset(text, from_utf16);
        match self.find_at(text, from) {
            Some(found) => found_object(text, &found),
            None => Value::Undefined,
        }
    }
}

pub fn found_object(text: &str, found: &Found) -> Value {
    let mut object = Map::new();
    object.insert("match".into(), Value::string(&text[found.range.clone()]));
    object.insert("start".into(), Value::Number(utf16_index(text, found.range.start) as f64));
    object.insert("end".into(), Value::Number(utf16_index(text, found.range.end) as f64));
    object.insert("groups".into(), groups_value(text, found));
    Value::object(object)
}

pub fn groups_value(text: &str, found: &Found) -> Value {
    Value::array(
        found.groups.iter().map(|g| g.clone().map_or(Value::Undefined, |r| Value::string(&text[r]))).collect(),
        Default::default(),
    )
}

/// UTF-16 units before byte `offset`.
pub fn utf16_index(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].encode_utf16().count()
}

/// The byte offset of UTF-16 unit `index`.
pub fn byte_offset(text: &str, index: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= index {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// One match from any matcher, a regex or a function.
pub struct Hit {
    /// Byte range in the text.
    pub range: Range<usize>,
    pub groups: Vec<Value>,
}

impl Hit {
    pub fn object(&self, text: &str) -> Value {
        let mut object = Map::new();
        object.insert("match".into(), Value::string(&text[self.range.clone()]));
        object.insert("start".into(), Value::Number(utf16_index(text, self.range.start) as f64));
        object.insert("end".into(), Value::Number(utf16_index(text, self.range.end) as f64));
        object.insert("groups".into(), Value::array(self.groups.clone(), Default::default()));
        Value::object(object)
    }
}

use super::super::eval::{Env, Evaluator};
use super::super::value::Function;

/// The matches of `matcher` in `text`, at most `limit`: a regex literal, or
/// a function returning `{match, start, end, groups, next}` objects (the
/// reference's matcher protocol; anything else is T1010).
pub fn hits(
    evaluator: &mut Evaluator,
    matcher: &Value,
    text: &str,
    limit: Option<usize>,
    env: &Env,
) -> Result<Vec<Hit>, super::super::Error> {
    if let Value::Function(f) = matcher {
        if let Function::Regex(regex) = &**f {
            let found = regex.find_all(text, limit)?;
            return Ok(found
                .into_iter()
                .map(|f| Hit {
                    groups: f
                        .groups
                        .iter()
                        .map(|g| g.clone().map_or(Value::Undefined, |r| Value::string(&text[r])))
                        .collect(),
                    range: f.range,
                })
                .collect());
        }
    }
    let mut out = Vec::new();
    let mut result = evaluator.apply(matcher, vec![Value::string(text)], &Value::Undefined, env)?;
    while limit.is_none_or(|l| out.len() < l) {
        let Value::Object(object) = &result else {
            if result.is_undefined() {
                break;
            }
            return Err(super::super::Error::new("T1010", 0..0));
        };
        let number = |key: &str| object.get(key).and_then(Value::as_f64);
        let matched = object.get("match").and_then(Value::as_str).unwrap_or("");
        let valid = number("start").is_some()
            || number("end").is_some()
            || object.get("groups").is_some_and(Value::is_array)
            || object.get("next").is_some_and(Value::is_function);
        if !valid {
            return Err(super::super::Error::new("T1010", 0..0));
        }
        let start = byte_offset(text, number("start").unwrap_or(0.0).max(0.0) as usize);
        let end = number("end").map_or(start + matched.len(), |e| byte_offset(text, e.max(0.0) as usize)).max(start);
        let groups = object.get("groups").map(Value::to_vec).unwrap_or_default();
        let next = object.get("next").cloned();
        out.push(Hit { range: start..end.min(text.len()), groups });
        result = match next {
            Some(next @ Value::Function(_)) => evaluator.apply(&next, Vec::new(), &Value::Undefined, env)?,
            _ => Value::Undefined,
        };
    }
    Ok(out)
}
