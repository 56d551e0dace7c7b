//! Writing YAML: which strings may go unquoted, and a whole tree in block
//! style (what completion, quick fixes and the JSON-to-YAML tests write).

use super::scalars::resolve_plain;
use crate::syntax::{Value, ValueKind};

/// Whether `s` can be written as a plain scalar and read back as the same
/// string by YAML 1.2 and 1.1 loaders alike. `flow`: inside `[...]` or
/// `{...}`, where `,[]{}` end a scalar.
pub fn plain_safe(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else { return false };
    if s.trim() != s || s.contains(['\n', '\r', '\t']) || s.chars().any(char::is_control) {
        return false;
    }
    if matches!(first, '-' | '?' | ':') {
        // `-x`, `?x`, `:x` are plain; `- x`, `? x`, `: x`, a lone one are not.
        if s.len() == 1 || s[1..].starts_with(' ') {
            return false;
        }
    } else if "[]{},#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    // `<<` merges, `=` trips PyYAML, `---`/`...` end a document.
    if s == "<<" || s == "=" || s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    // What a YAML 1.1 loader may take for a number (`-0x1F`, `0x1_F`,
    // `1_000`, `1:30`): quoted, whatever 1.2 makes of it.
    let unsigned = s.trim_start_matches(['-', '+']);
    let numeric = |c: char| c.is_ascii_hexdigit() || "xXoObB_.:+-".contains(c);
    if unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') && unsigned.chars().all(numeric) {
        return false;
    }
    matches!(resolve_plain(s), (ValueKind::String(_), None))
}

/// `s` as a YAML scalar: plain when that is safe, else double-quoted
/// (JSON's escapes are YAML's).
pub fn scalar(s: &str, flow: bool) -> String {
    if plain_safe(s, flow) {
        s.to_string()
    } else {
        crate::syntax::json_string(s)
    }
}

/// `value` (parsed from `text`) as a YAML document in block style, with
/// `unit` per level: objects as mappings, arrays as `- ` sequences, empty
/// ones as `{}` and `[]`. Numbers keep their JSON spelling except where a
/// YAML 1.1 loader would read it as a string (`1e3` becomes `1.0e+3`).
pub fn to_yaml(text: &str, value: &Value, unit: &str) -> String {
    let mut out = String::new();
    match &value.kind {
        ValueKind::Object(o) if !o.members.is_empty() => block(text, value, "", unit, &mut out),
        ValueKind::Array(items) if !items.is_empty() => block(text, value, "", unit, &mut out),
        _ => out.push_str(&inline(text, value)),
    }
    out.push('\n');
    out
}

/// Whether `value` is written on lines of its own below its key or dash.
fn is_block(value: &Value) -> bool {
    match &value.kind {
        ValueKind::Object(o) => !o.members.is_empty(),
        ValueKind::Array(items) => !items.is_empty(),
        _ => false,
    }
}

/// A scalar or empty container, on one line.
fn inline(text: &str, value: &Value) -> String {
    match &value.kind {
        ValueKind::String(s) => scalar(s, false),
        ValueKind::Number(_) => number(text.get(value.range.as_usize()).unwrap_or("0")),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Object(_) => "{}".into(),
        ValueKind::Array(_) => "[]".into(),
        ValueKind::Null | ValueKind::Error => "null".into(),
    }
}

fn number(json: &str) -> String {
    let lower = json.to_ascii_lowercase();
    match lower.split_once('e') {
        Some((mantissa, exponent)) => {
            let mantissa = if mantissa.contains('.') { mantissa.to_string() } else { format!("{mantissa}.0") };
            let exponent = if exponent.starts_with(['+', '-']) { exponent.to_string() } else { format!("+{exponent}") };
            format!("{mantissa}e{exponent}")
        }
        None => json.to_string(),
    }
}

/// A non-empty container's lines at `indent`, the first one without it
/// (the caller is already there).
fn block(text: &str, value: &Value, indent: &str, unit: &str, out: &mut String) {
    let deeper = format!("{indent}{unit}");
    match &value.kind {
        ValueKind::Object(o) => {
            for (i, member) in o.members.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                    out.push_str(indent);
                }
                out.push_str(&scalar(&member.key, false));
                out.push(':');
                if is_block(&member.value) {
                    out.push('\n');
                    out.push_str(&deeper);
                    block(text, &member.value, &deeper, unit, out);
                } else {
                    out.push(' ');
                    out.push_str(&inline(text, &member.value));
                }
            }
        }
        ValueKind::Array(items) => {
            // Items' contents line up after `- `.
            let inner = format!("{indent}  ");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                    out.push_str(indent);
                }
                out.push_str("- ");
                if is_block(item) {
                    block(text, item, &inner, unit, out);
                } else {
                    out.push_str(&inline(text, item));
                }
            }
        }
        _ => out.push_str(&inline(text, value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_where_it_reads_back_the_same() {
        for s in ["Pass", "$.x", "$$.Execution.Id", "States.ALL", "arn:aws:states:::lambda:invoke", "a b", "-x", "é"] {
            assert!(plain_safe(s, false), "{s}");
        }
        for s in [
            "", " a", "yes", "true", "null", "1", "1e3", "{% $x %}", "a: b", "a #b", "- a", "*a", "'", "a\nb", "x:",
            "-0x1F", "0x1_F", "=", "--- x", "1.2.3",
        ] {
            assert!(!plain_safe(s, false), "{s}");
        }
        assert!(plain_safe("a,b", false) && !plain_safe("a,b", true));
    }

    #[test]
    fn a_tree_in_block_style_reads_back_the_same() {
        let json = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"n": 1e3, "s": "yes", "e": [], "o": {}, "l": [1, {"k": null}, [true]]}, "End": true}}}"#;
        let root = crate::syntax::parse(json).root.unwrap();
        let yaml = to_yaml(json, &root, "  ");
        assert_eq!(
            yaml,
            "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result:\n      \"n\": 1.0e+3\n      s: \"yes\"\n      e: []\n      o: {}\n      l:\n        - 1\n        - k: null\n        - - true\n    End: true\n"
        );
        let back = crate::syntax::parse_yaml(&yaml);
        assert!(back.errors.is_empty(), "{:?}", back.errors);
        assert_eq!(shape(&back.root.unwrap()), shape(&root));
    }

    /// The value without its ranges.
    fn shape(value: &Value) -> String {
        match &value.kind {
            ValueKind::Object(o) => {
                let members: Vec<_> = o.members.iter().map(|m| format!("{:?}: {}", m.key, shape(&m.value))).collect();
                format!("{{{}}}", members.join(", "))
            }
            ValueKind::Array(items) => format!("[{}]", items.iter().map(shape).collect::<Vec<_>>().join(", ")),
            ValueKind::Number(n) => n.value.to_string(),
            other => format!("{other:?}"),
        }
    }
}
