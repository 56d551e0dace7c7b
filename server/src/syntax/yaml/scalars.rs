//! What a plain YAML scalar means: the YAML 1.2 core schema (what the
//! converters that hand a definition to Step Functions mostly use), and
//! whether a YAML 1.1 loader (PyYAML, older tools) would read it otherwise.

use crate::syntax::{Number, ValueKind};

/// The value of a plain scalar under the YAML 1.2 core schema, and, when a
/// YAML 1.1 loader would read it differently, how (for a warning).
pub fn resolve_plain(raw: &str) -> (ValueKind, Option<&'static str>) {
    match raw {
        "" | "~" | "null" | "Null" | "NULL" => return (ValueKind::Null, None),
        "true" | "True" | "TRUE" => return (ValueKind::Bool(true), None),
        "false" | "False" | "FALSE" => return (ValueKind::Bool(false), None),
        "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            return (string(raw), Some("a YAML 1.1 loader (such as PyYAML) reads it as the boolean true"))
        }
        "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            return (string(raw), Some("a YAML 1.1 loader (such as PyYAML) reads it as the boolean false"))
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN"
        | ".NAN" => {
            return (string(raw), Some("YAML reads it as a number that JSON cannot hold; asl-ls reads it as a string"))
        }
        _ => {}
    }
    let unsigned = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    if let Some(digits) = raw.strip_prefix("0o") {
        if !digits.is_empty() && digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            let value = u64::from_str_radix(digits, 8).map_or(f64::INFINITY, |v| v as f64);
            return (number(value), Some("a YAML 1.1 loader reads it as a string"));
        }
    }
    if let Some(digits) = raw.strip_prefix("0x") {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            let value = u64::from_str_radix(digits, 16).map_or(f64::INFINITY, |v| v as f64);
            return (number(value), None);
        }
    }
    if is_float(unsigned) {
        let value: f64 = raw.parse().unwrap_or(0.0);
        let leading_zero =
            unsigned.len() > 1 && unsigned.starts_with('0') && unsigned.bytes().all(|b| b.is_ascii_digit());
        let exponent_only = unsigned.contains(['e', 'E']) && !unsigned.contains('.');
        let note = if leading_zero {
            Some("a YAML 1.1 loader reads a leading zero as an octal number or a string")
        } else if exponent_only {
            Some("a YAML 1.1 loader reads an exponent without a decimal point as a string")
        } else {
            None
        };
        return (number(value), note);
    }
    if yaml11_number(unsigned) {
        return (string(raw), Some("a YAML 1.1 loader reads it as a number"));
    }
    if yaml11_timestamp(raw) {
        return (string(raw), Some("a YAML 1.1 loader reads it as a date, not a string"));
    }
    (string(raw), None)
}

fn string(raw: &str) -> ValueKind {
    ValueKind::String(raw.into())
}

fn number(value: f64) -> ValueKind {
    ValueKind::Number(Number { value })
}

/// `[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?` or `\.[0-9]+…`: YAML 1.2's numbers.
fn is_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let whole = digits(&mut i);
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let fraction = digits(&mut i);
        if whole == 0 && fraction == 0 {
            return false;
        }
    } else if whole == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// YAML 1.1's other numbers: `1_000`, `1:30` (base 60), `0b101`.
fn yaml11_number(s: &str) -> bool {
    let b = s.as_bytes();
    if let Some(bits) = s.strip_prefix("0b") {
        return !bits.is_empty() && bits.bytes().all(|c| c == b'0' || c == b'1' || c == b'_');
    }
    let first_digit = b.first().is_some_and(u8::is_ascii_digit);
    let underscored = s.contains('_') && s.bytes().all(|c| c.is_ascii_digit() || c == b'_' || c == b'.');
    let sexagesimal = s.contains(':')
        && !s.starts_with('0')
        && s.split(':').enumerate().all(|(i, part)| {
            !part.is_empty()
                && part.bytes().all(|c| c.is_ascii_digit() || c == b'_' || (c == b'.' && i > 0))
                && (i == 0 || part.len() <= 2 || part.contains('.'))
        });
    first_digit && (underscored || sexagesimal)
}

/// `2026-01-31` or `2026-01-31T23:59:00Z` (YAML 1.1's implicit timestamps).
fn yaml11_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    b.len() >= 8 && digits(0..4) && b.get(4) == Some(&b'-') && b[5].is_ascii_digit() && {
        let rest = &s[5..];
        let mut parts = rest.splitn(2, '-');
        let month = parts.next().unwrap_or("");
        let day_and_time = parts.next().unwrap_or("");
        let day: String = day_and_time.chars().take_while(char::is_ascii_digit).collect();
        let after = &day_and_time[day.len()..];
        (1..=2).contains(&month.len())
            && month.bytes().all(|c| c.is_ascii_digit())
            && (1..=2).contains(&day.len())
            && (after.is_empty() || after.starts_with(['T', 't', ' ']))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(raw: &str) -> (String, bool) {
        let (kind, note) = resolve_plain(raw);
        let shown = match kind {
            ValueKind::Null => "null".to_string(),
            ValueKind::Bool(b) => b.to_string(),
            ValueKind::Number(n) => format!("{}", n.value),
            ValueKind::String(s) => format!("{s:?}"),
            _ => "?".into(),
        };
        (shown, note.is_some())
    }

    #[test]
    fn the_core_schema_and_the_yaml_1_1_differences() {
        let cases = [
            ("", "null", false),
            ("~", "null", false),
            ("True", "true", false),
            ("12", "12", false),
            ("-1.5", "-1.5", false),
            ("1.5e3", "1500", false),
            ("0x1F", "31", false),
            ("Pass", "\"Pass\"", false),
            ("$.x", "\"$.x\"", false),
            ("yes", "\"yes\"", true),
            ("off", "\"off\"", true),
            ("1e3", "1000", true),
            ("010", "10", true),
            ("0o10", "8", true),
            ("1_000", "\"1_000\"", true),
            ("1:30", "\"1:30\"", true),
            ("2026-01-31", "\"2026-01-31\"", true),
            ("2026-01-31T00:00:00Z", "\"2026-01-31T00:00:00Z\"", true),
            (".inf", "\".inf\"", true),
            ("arn:aws:states:::lambda:invoke", "\"arn:aws:states:::lambda:invoke\"", false),
            ("12:00 noon", "\"12:00 noon\"", false),
            ("0", "0", false),
            ("1.", "1", false),
        ];
        for (raw, shown, warned) in cases {
            assert_eq!(kind(raw), (shown.to_string(), warned), "{raw}");
        }
    }
}
