//! String functions, `$string` and the JSON text it writes, base64 and URL
//! encoding. Character positions count Unicode code points, as the
//! reference does (it splits strings into code points).

use super::super::error::Error;
use super::super::eval::{Env, Evaluator};
use super::super::value::{Map, Value};
use super::numbers::jsonata_number_to_string;
use super::regex::{hits, utf16_index, Hit};
use super::{arg, Result};
use std::fmt::Write;

/// `$string(value, prettify)`: strings as they are, functions as "", the
/// rest as JSON with numbers rounded to 15 significant digits.
pub fn stringify(value: &Value, pretty: bool) -> Result<String> {
    Ok(match value {
        Value::String(s) => s.to_string(),
        Value::Function(_) => String::new(),
        Value::Number(n) if !n.is_finite() => {
            return Err(Error::new("D3001", 0..0).value(super::numbers::js_number_to_string(*n)))
        }
        Value::Array(a) if a.flags.outer_wrapper && !a.items.is_empty() => {
            check_finite(&a.items[0])?;
            json_text(&a.items[0], pretty)
        }
        other => {
            check_finite(other)?;
            json_text(other, pretty)
        }
    })
}

/// A number inside that is not finite fails (D1001), as the reference's
/// number check does while it writes JSON.
fn check_finite(value: &Value) -> Result<()> {
    match value {
        Value::Number(n) if !n.is_finite() => {
            Err(Error::new("D1001", 0..0).value(super::numbers::js_number_to_string(*n)))
        }
        Value::Array(a) => a.items.iter().try_for_each(check_finite),
        Value::Object(map) => map.values().try_for_each(check_finite),
        _ => Ok(()),
    }
}

pub fn json_text(value: &Value, pretty: bool) -> String {
    let mut out = String::new();
    write_json(&mut out, value, pretty, 0);
    out
}

fn write_json(out: &mut String, value: &Value, pretty: bool, level: usize) {
    let newline = |out: &mut String, level: usize| {
        if pretty {
            out.push('\n');
            out.push_str(&"  ".repeat(level));
        }
    };
    match value {
        Value::Undefined | Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => out.push_str(&jsonata_number_to_string(*n)),
        Value::Number(_) => out.push_str("null"),
        Value::String(s) => quote(out, s),
        Value::Function(_) => out.push_str("\"\""),
        Value::Array(a) => {
            if a.items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in a.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write_json(out, item, pretty, level + 1);
            }
            newline(out, level);
            out.push(']');
        }
        Value::Object(map) => {
            let members: Vec<_> = map.iter().filter(|(_, v)| !v.is_undefined()).collect();
            if members.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (key, item)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                quote(out, key);
                out.push(':');
                if pretty {
                    out.push(' ');
                }
                write_json(out, item, pretty, level + 1);
            }
            newline(out, level);
            out.push('}');
        }
    }
}

/// A JSON string literal, escaped as `JSON.stringify` does.
fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub fn string(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let value = arg(args, 0);
    if value.is_undefined() {
        return Ok(Value::Undefined);
    }
    let pretty = matches!(arg(args, 1), Value::Bool(true));
    Ok(Value::string(&stringify(value, pretty)?))
}

/// The position JavaScript's `slice` takes for `index` in a list of `len`.
fn slice_index(index: f64, len: usize) -> usize {
    let index = if index.is_nan() { 0.0 } else { index.trunc() };
    if index < 0.0 {
        (len as f64 + index).max(0.0) as usize
    } else {
        index.min(len as f64) as usize
    }
}

pub fn substring(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let mut start = arg(args, 1).as_f64().unwrap_or(0.0);
    if len as f64 + start < 0.0 {
        start = 0.0;
    }
    let end = match arg(args, 2).as_f64() {
        Some(length) if length <= 0.0 => return Ok(Value::string("")),
        Some(length) => {
            let end = if start >= 0.0 { start + length } else { len as f64 + start + length };
            slice_index(end, len)
        }
        None => len,
    };
    let from = slice_index(start, len);
    Ok(Value::string(&chars[from..end.max(from)].iter().collect::<String>()))
}

pub fn substring_before(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let (Some(text), Some(chars)) = (arg(args, 0).as_str(), arg(args, 1).as_str()) else {
        return Ok(arg(args, 0).clone());
    };
    Ok(Value::string(text.find(chars).map_or(text, |i| &text[..i])))
}

pub fn substring_after(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let (Some(text), Some(chars)) = (arg(args, 0).as_str(), arg(args, 1).as_str()) else {
        return Ok(arg(args, 0).clone());
    };
    Ok(Value::string(text.find(chars).map_or(text, |i| &text[i + chars.len()..])))
}

pub fn lowercase(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(arg(args, 0).as_str().map_or(Value::Undefined, |s| Value::string(&s.to_lowercase())))
}

pub fn uppercase(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(arg(args, 0).as_str().map_or(Value::Undefined, |s| Value::string(&s.to_uppercase())))
}

pub fn length(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(arg(args, 0).as_str().map_or(Value::Undefined, |s| Value::Number(s.chars().count() as f64)))
}

pub fn trim(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let mut normalized = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !in_space {
                normalized.push(' ');
            }
            in_space = true;
        } else {
            normalized.push(c);
            in_space = false;
        }
    }
    let trimmed = normalized.strip_prefix(' ').unwrap_or(&normalized);
    let trimmed = trimmed.strip_suffix(' ').unwrap_or(trimmed);
    Ok(Value::string(trimmed))
}

pub fn pad(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let width = arg(args, 1).as_f64().unwrap_or(0.0);
    let fill = match arg(args, 2).as_str() {
        Some(f) if !f.is_empty() => f,
        _ => " ",
    };
    let missing = width.abs().floor() as i64 - text.chars().count() as i64;
    if missing <= 0 {
        return Ok(Value::string(text));
    }
    let padding: String = fill.chars().cycle().take(missing as usize).collect();
    Ok(Value::string(&if width > 0.0 { format!("{text}{padding}") } else { format!("{padding}{text}") }))
}

/// A `limit` argument: absent, or a count that must not be negative.
fn limit(value: &Value, code: &'static str) -> Result<Option<usize>> {
    match value.as_f64() {
        None => Ok(None),
        Some(n) if n < 0.0 => Err(Error::new(code, 0..0).value(super::numbers::js_number_to_string(n))),
        Some(n) => Ok(Some(n.floor() as usize)),
    }
}

pub fn contains(evaluator: &mut Evaluator, args: &[Value], _: &Value, env: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    Ok(match arg(args, 1) {
        Value::Undefined => Value::Undefined,
        Value::String(token) => Value::Bool(text.contains(&**token)),
        pattern => Value::Bool(!hits(evaluator, pattern, text, Some(1), env)?.is_empty()),
    })
}

pub fn match_(evaluator: &mut Evaluator, args: &[Value], _: &Value, env: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let limit = limit(arg(args, 2), "D3040")?;
    if limit == Some(0) || arg(args, 1).is_undefined() {
        return Ok(Value::sequence(Vec::new()));
    }
    let found = hits(evaluator, arg(args, 1), text, limit, env)?;
    let items = found
        .iter()
        .map(|hit| {
            let mut object = Map::new();
            object.insert("match".into(), Value::string(&text[hit.range.clone()]));
            object.insert("index".into(), Value::Number(utf16_index(text, hit.range.start) as f64));
            object.insert("groups".into(), Value::array(hit.groups.clone(), Default::default()));
            Value::object(object)
        })
        .collect();
    Ok(Value::sequence(items))
}

pub fn replace(evaluator: &mut Evaluator, args: &[Value], _: &Value, env: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let pattern = arg(args, 1);
    if pattern.as_str() == Some("") {
        return Err(Error::new("D3010", 0..0).value("\"\""));
    }
    let limit = limit(arg(args, 3), "D3011")?;
    if limit == Some(0) {
        return Ok(Value::string(text));
    }
    let replacement = arg(args, 2);
    if let Some(pattern) = pattern.as_str() {
        let replacement = replacement.as_str().unwrap_or("");
        let mut result = String::new();
        let mut position = 0;
        let mut count = 0;
        while let Some(found) = text[position..].find(pattern) {
            if limit.is_some_and(|l| count >= l) {
                break;
            }
            result.push_str(&text[position..position + found]);
            result.push_str(replacement);
            position += found + pattern.len();
            count += 1;
        }
        result.push_str(&text[position..]);
        return Ok(Value::string(&result));
    }
    if pattern.is_undefined() {
        return Ok(Value::string(text));
    }
    let found = hits(evaluator, pattern, text, limit, env)?;
    let mut result = String::new();
    let mut position = 0;
    for f in &found {
        result.push_str(&text[position..f.range.start.max(position)]);
        let substitute = match replacement {
            Value::String(template) => substitute(template, text, f),
            function => match evaluator.apply(function, vec![f.object(text)], &Value::Undefined, env)? {
                Value::String(s) => s.to_string(),
                other => return Err(Error::new("D3012", 0..0).value(super::super::eval::describe(&other))),
            },
        };
        result.push_str(&substitute);
        position = f.range.end;
    }
    result.push_str(&text[position..]);
    Ok(Value::string(&result))
}

/// `$0`, `$1`…, `$$` in a replacement string, as the reference reads them.
fn substitute(template: &str, text: &str, found: &Hit) -> String {
    let groups: Vec<Option<&str>> = found.groups.iter().map(Value::as_str).collect();
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '$' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        match chars.get(i) {
            Some('$') => {
                out.push('$');
                i += 1;
            }
            Some('0') => {
                out.push_str(&text[found.range.clone()]);
                i += 1;
            }
            _ => {
                let max_digits = if groups.is_empty() { 1 } else { (groups.len() as f64).log10().floor() as usize + 1 };
                let digits: String = chars[i..].iter().take(max_digits).take_while(|c| c.is_ascii_digit()).collect();
                let mut index: Option<usize> = digits.parse().ok();
                if max_digits > 1 && index.is_some_and(|n| n > groups.len()) {
                    index = digits[..digits.len().saturating_sub(1)].parse().ok();
                }
                match index {
                    Some(n) => {
                        if let Some(Some(group)) = groups.get(n.wrapping_sub(1)) {
                            out.push_str(group);
                        }
                        i += n.to_string().len();
                    }
                    None => out.push('$'),
                }
            }
        }
    }
    out
}

pub fn split(evaluator: &mut Evaluator, args: &[Value], _: &Value, env: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let limit = limit(arg(args, 2), "D3020")?;
    if limit == Some(0) {
        return Ok(Value::array(Vec::new(), Default::default()));
    }
    let parts: Vec<String> = match arg(args, 1) {
        Value::String(separator) if separator.is_empty() => {
            // JavaScript splits "" into UTF-16 units.
            let units: Vec<u16> = text.encode_utf16().collect();
            units.iter().map(|u| String::from_utf16_lossy(&[*u])).collect()
        }
        Value::String(separator) => text.split(&**separator).map(str::to_string).collect(),
        Value::Undefined => vec![text.to_string()],
        pattern => {
            let found = hits(evaluator, pattern, text, limit, env)?;
            let mut parts = Vec::new();
            let mut start = 0;
            for f in &found {
                parts.push(text[start..f.range.start.max(start)].to_string());
                start = f.range.end.max(start);
            }
            if limit.is_none_or(|l| found.len() < l) {
                parts.push(text[start..].to_string());
            }
            parts
        }
    };
    let parts = parts.into_iter().take(limit.unwrap_or(usize::MAX)).map(|p| Value::string(&p)).collect();
    Ok(Value::array(parts, Default::default()))
}

pub fn join(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Value::Array(strings) = arg(args, 0) else { return Ok(Value::Undefined) };
    let separator = arg(args, 1).as_str().unwrap_or("");
    let parts: Vec<&str> = strings.items.iter().filter_map(Value::as_str).collect();
    Ok(Value::string(&parts.join(separator)))
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn base64_encode(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    Ok(Value::string(&out))
}

pub fn base64_decode(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let mut bytes = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let Some(value) = BASE64.iter().position(|&b| b as char == c) else {
            return Err(Error::new("D3137", 0..0).value("invalid base64"));
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Ok(Value::string(&String::from_utf8_lossy(&bytes)))
}

fn encode(text: &str, keep: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || keep.contains(c) {
            out.push(c);
        } else {
            let mut buffer = [0u8; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// `%XX` sequences decoded as UTF-8, except those of `reserved` characters.
fn decode(text: &str, reserved: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let hex = text.get(i + 1..i + 3)?;
        let byte = u8::from_str_radix(hex, 16).ok()?;
        if byte < 0x80 && reserved.contains(byte as char) {
            out.extend_from_slice(&bytes[i..i + 3]);
        } else {
            out.push(byte);
        }
        i += 3;
    }
    String::from_utf8(out).ok()
}

const COMPONENT_KEEP: &str = "-_.!~*'()";
const URI_KEEP: &str = "-_.!~*'();/?:@&=+$,#";

pub fn encode_url_component(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(arg(args, 0).as_str().map_or(Value::Undefined, |s| Value::string(&encode(s, COMPONENT_KEEP))))
}

pub fn encode_url(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(arg(args, 0).as_str().map_or(Value::Undefined, |s| Value::string(&encode(s, URI_KEEP))))
}

fn decoded(text: Option<&str>, reserved: &str) -> Result<Value> {
    let Some(text) = text else { return Ok(Value::Undefined) };
    decode(text, reserved)
        .map(|s| Value::string(&s))
        .ok_or_else(|| Error::new("D3140", 0..0).value(super::json_text(text)))
}

pub fn decode_url_component(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    decoded(arg(args, 0).as_str(), "")
}

pub fn decode_url(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    decoded(arg(args, 0).as_str(), ";/?:@&=+$,#")
}
