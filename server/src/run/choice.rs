//! JSONPath choice rules (`Variable` with one comparison, `And`, `Or`,
//! `Not`) and the timestamps they and Wait states compare.

use super::data::Failure;
use super::paths::{select, Roots};
use crate::lang::jsonpath;
use crate::syntax::{Object, Value as Node};
use serde_json::Value;
use std::cmp::Ordering;

/// Whether a rule matches.
pub fn rule(rule: &Object, roots: &Roots<'_>) -> Result<bool, Failure> {
    if let Some(list) = rule.value("And").and_then(Node::as_array) {
        for nested in list.iter().filter_map(Node::as_object) {
            if !self::rule(nested, roots)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    if let Some(list) = rule.value("Or").and_then(Node::as_array) {
        for nested in list.iter().filter_map(Node::as_object) {
            if self::rule(nested, roots)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(nested) = rule.value("Not").and_then(Node::as_object) {
        return Ok(!self::rule(nested, roots)?);
    }
    let Some(variable) = rule.value("Variable").and_then(Node::as_str) else { return Ok(false) };
    let selected = lookup(variable, roots);
    for member in &rule.members {
        let op = member.key.as_str();
        if matches!(op, "Variable" | "Next" | "Assign" | "Comment" | "Output") {
            continue;
        }
        if op == "IsPresent" {
            return Ok(selected.is_some() == member.value.as_bool().unwrap_or(true));
        }
        let Some(value) = selected.clone() else {
            return Err(Failure::new(
                "States.Runtime",
                format!("Invalid path '{variable}': The choice state's condition path references an invalid value."),
            ));
        };
        return Ok(compare(op, &value, &member.value, roots));
    }
    Ok(false)
}

fn lookup(path: &str, roots: &Roots<'_>) -> Option<Value> {
    let path = jsonpath::parse(path).ok()?;
    select(&path, roots).ok()
}

fn compare(op: &str, value: &Value, operand: &Node, roots: &Roots<'_>) -> bool {
    // `…Path` operators compare with the value another path selects.
    let (base, other) = match op.strip_suffix("Path") {
        Some(base) => match operand.as_str().and_then(|p| lookup(p, roots)) {
            Some(v) => (base, v),
            None => return false,
        },
        None => (op, super::data::to_json(operand)),
    };
    let is = |b: bool| other.as_bool() == Some(b);
    match base {
        "IsNull" => is(value.is_null()),
        "IsNumeric" => is(value.is_number()),
        "IsString" => is(value.is_string()),
        "IsBoolean" => is(value.is_boolean()),
        "IsTimestamp" => is(value.as_str().is_some_and(|s| parse_timestamp(s).is_some())),
        "BooleanEquals" => value.is_boolean() && other.is_boolean() && value == &other,
        "StringMatches" => match (value.as_str(), other.as_str()) {
            (Some(s), Some(pattern)) => wildcard_match(pattern, s),
            _ => false,
        },
        _ => {
            let (kind, relation) = split_operator(base);
            let ordering = match kind {
                "String" => match (value.as_str(), other.as_str()) {
                    (Some(a), Some(b)) => Some(utf16_cmp(a, b)),
                    _ => None,
                },
                "Numeric" => match (value.as_f64(), other.as_f64()) {
                    (Some(a), Some(b)) if value.is_number() && other.is_number() => a.partial_cmp(&b),
                    _ => None,
                },
                "Timestamp" => {
                    match (value.as_str().and_then(parse_timestamp), other.as_str().and_then(parse_timestamp)) {
                        (Some(a), Some(b)) => a.partial_cmp(&b),
                        _ => None,
                    }
                }
                _ => None,
            };
            ordering.is_some_and(|o| match relation {
                "Equals" => o == Ordering::Equal,
                "LessThan" => o == Ordering::Less,
                "GreaterThan" => o == Ordering::Greater,
                "LessThanEquals" => o != Ordering::Greater,
                "GreaterThanEquals" => o != Ordering::Less,
                _ => false,
            })
        }
    }
}

/// `NumericLessThanEquals` → (`Numeric`, `LessThanEquals`).
fn split_operator(op: &str) -> (&str, &str) {
    for kind in ["String", "Numeric", "Timestamp", "Boolean"] {
        if let Some(relation) = op.strip_prefix(kind) {
            return (kind, relation);
        }
    }
    ("", "")
}

/// Java's `String.compareTo`: by UTF-16 code units.
fn utf16_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are literal.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Token {
        Any,
        Char(char),
    }
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => tokens.push(Token::Char(chars.next().unwrap_or('\\'))),
            '*' => tokens.push(Token::Any),
            c => tokens.push(Token::Char(c)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    // Iterative matching with backtracking to the last `*`.
    let (mut t, mut p) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        if p < tokens.len() && tokens[p] == Token::Char(text[t]) {
            t += 1;
            p += 1;
        } else if p < tokens.len() && tokens[p] == Token::Any {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    while p < tokens.len() && tokens[p] == Token::Any {
        p += 1;
    }
    p == tokens.len()
}

/// An RFC 3339 timestamp as seconds since the epoch.
pub fn parse_timestamp(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes().all(|c| c.is_ascii_digit()).then(|| t.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut fraction = 0.0;
    if let Some(after) = rest.strip_prefix('.') {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        fraction = format!("0.{}", &after[..digits]).parse().ok()?;
        rest = &after[digits..];
    }
    let offset = match rest {
        "Z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (h, m) = rest[1..].split_once(':')?;
            if h.len() != 2 || m.len() != 2 {
                return None;
            }
            sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60)
        }
    };
    let days = days_from_civil(year, month, day);
    Some((days * 86_400 + hour * 3600 + minute * 60 + second - offset) as f64 + fraction)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The timestamp `seconds` after `start`, as `2026-01-01T00:00:00.000Z`.
pub fn add_seconds(start: &str, seconds: f64) -> Option<String> {
    let t = parse_timestamp(start)? + seconds;
    let millis = (t * 1000.0).round() as i64;
    let (secs, ms) = (millis.div_euclid(1000), millis.rem_euclid(1000));
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z", rest / 3600, rest % 3600 / 60, rest % 60))
}

/// Seconds from `from` until `to` (0 when `to` is past).
pub fn seconds_between(from: &str, to: &str) -> Option<f64> {
    Some((parse_timestamp(to)? - parse_timestamp(from)?).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_timestamps() {
        assert!(wildcard_match("*.log", "a.log") && wildcard_match("a*b*c", "aXXbYc") && !wildcard_match("a*b", "ac"));
        assert!(wildcard_match("a\\*b", "a*b") && !wildcard_match("a\\*b", "axb"));
        assert_eq!(parse_timestamp("1970-01-01T00:00:10Z"), Some(10.0));
        assert_eq!(parse_timestamp("1970-01-01T01:00:00+01:00"), Some(0.0));
        assert_eq!(parse_timestamp("2016-03-14T01:59:00.5Z").map(|t| t.fract()), Some(0.5));
        assert!(parse_timestamp("2016-03-14 01:59:00Z").is_none() && parse_timestamp("2016-03-14T01:59:00").is_none());
        assert_eq!(add_seconds("2026-01-01T00:00:00.000Z", 90061.5).as_deref(), Some("2026-01-02T01:01:01.500Z"));
    }
}
