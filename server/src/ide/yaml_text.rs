//! JSON text written as YAML: completion snippets (JSON with `$1`,
//! `${1:default}` and `${1|a,b|}` tab stops) and quick-fix values become
//! block-style YAML at a given indentation. Completion and quick fixes are
//! written once, in JSON; YAML documents get them through here.

use crate::syntax::plain_safe;

/// A piece of a JSON snippet.
#[derive(Debug)]
enum Node {
    Object(Vec<Entry>),
    Array(Vec<Node>),
    /// A string as written, quotes included.
    Str(String),
    /// A number, `true`, `null` or a tab stop outside a string.
    Raw(String),
}

#[derive(Debug)]
enum Entry {
    Member(String, Node),
    /// A tab stop where a member would go (`{\n  $1\n}`).
    Stop(String),
}

struct Reader<'s> {
    s: &'s str,
    at: usize,
    depth: usize,
}

/// Snippets are ours and small; deeper is not a snippet.
const MAX_DEPTH: usize = 32;

impl Reader<'_> {
    fn skip_blanks(&mut self) {
        self.at += self.s[self.at..].len() - self.s[self.at..].trim_start().len();
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_blanks();
        self.s.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn value(&mut self) -> Option<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let node = match self.peek()? {
            b'{' => Node::Object(self.list(b'}', Reader::entry)?),
            b'[' => Node::Array(self.list(b']', Reader::value)?),
            b'"' => Node::Str(self.string()?),
            _ => Node::Raw(self.raw()?),
        };
        self.depth -= 1;
        Some(node)
    }

    /// The comma-separated items after an opening bracket, to `close`.
    fn list<T>(&mut self, close: u8, item: fn(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.at += 1;
        let mut items = Vec::new();
        while !self.eat(close) {
            items.push(item(self)?);
            if !self.eat(b',') && self.peek() != Some(close) {
                return None;
            }
        }
        Some(items)
    }

    fn entry(&mut self) -> Option<Entry> {
        if self.peek()? == b'"' {
            let key = self.string()?;
            if !self.eat(b':') {
                return None;
            }
            return Some(Entry::Member(key, self.value()?));
        }
        Some(Entry::Stop(self.raw()?))
    }

    fn string(&mut self) -> Option<String> {
        let start = self.at;
        let bytes = self.s.as_bytes();
        let mut i = start + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'"' => {
                    self.at = i + 1;
                    return Some(self.s[start..self.at].to_string());
                }
                _ => i += 1,
            }
        }
        None
    }

    /// A tab stop (`$1`, `${1:x}`, `${1|a,b|}`, braces balanced) or a word.
    fn raw(&mut self) -> Option<String> {
        let start = self.at;
        let bytes = self.s.as_bytes();
        let mut i = start;
        let mut depth = 0usize;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b'{' if i > 0 && bytes[i - 1] == b'$' => depth += 1,
                b'}' if depth > 0 => depth -= 1,
                b',' | b']' | b'}' | b':' if depth == 0 => break,
                b if b.is_ascii_whitespace() && depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
        let i = i.min(bytes.len());
        (i > start).then(|| {
            self.at = i;
            self.s[start..i].to_string()
        })
    }
}

/// What a snippet string reads as once its tab stops are filled with their
/// defaults (or a word): what decides whether it may go unquoted.
fn preview(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(i) = rest.find(['$', '\\']) {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if rest.as_bytes()[i] == b'\\' {
            let next = after.chars().next().map_or(0, char::len_utf8);
            out.push_str(&after[..next]);
            rest = &after[next..];
        } else if let Some(inner) = after.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            let spec = &inner[..end];
            let filled = match spec.split_once([':', '|']) {
                Some((_, default)) => default.split([',', '|']).next().unwrap_or("").to_string(),
                None => "x".into(),
            };
            out.push_str(&filled);
            rest = inner.get(end + 1..).unwrap_or("");
        } else if after.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('x');
            rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A snippet string as YAML: unquoted where YAML reads it back the same.
fn string(quoted: &str, flow: bool) -> String {
    let body = &quoted[1..quoted.len() - 1];
    let escapes_only_dollars = !body.replace("\\$", "").contains('\\');
    if escapes_only_dollars && plain_safe(&preview(body), flow) {
        body.to_string()
    } else {
        quoted.to_string()
    }
}

fn is_scalar(node: &Node) -> bool {
    matches!(node, Node::Str(_) | Node::Raw(_))
}

fn flow(node: &Node) -> String {
    match node {
        Node::Str(s) => string(s, true),
        Node::Raw(r) => r.clone(),
        Node::Array(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Node::Object(entries) => {
            let parts: Vec<String> = entries
                .iter()
                .map(|e| match e {
                    Entry::Member(k, v) => format!("{}: {}", string(k, true), flow(v)),
                    Entry::Stop(stop) => stop.clone(),
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Members at `indent`, the first without it (the cursor is there).
fn members(entries: &[Entry], indent: &str, unit: &str, out: &mut String) {
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        match entry {
            Entry::Member(key, value) => {
                out.push_str(&string(key, false));
                out.push(':');
                after_key(value, indent, unit, out);
            }
            Entry::Stop(stop) => out.push_str(stop),
        }
    }
}

/// A member's value, after its `key:`.
fn after_key(value: &Node, indent: &str, unit: &str, out: &mut String) {
    let deeper = format!("{indent}{unit}");
    match value {
        Node::Object(entries) if !entries.is_empty() => {
            out.push('\n');
            out.push_str(&deeper);
            members(entries, &deeper, unit, out);
        }
        Node::Array(items) if !items.iter().all(is_scalar) => {
            for item in items {
                out.push('\n');
                out.push_str(&deeper);
                out.push_str("- ");
                match item {
                    Node::Object(entries) if !entries.is_empty() => members(entries, &format!("{deeper}  "), unit, out),
                    other => out.push_str(&flow(other)),
                }
            }
        }
        Node::Str(s) => {
            out.push(' ');
            out.push_str(&string(s, false));
        }
        other => {
            out.push(' ');
            out.push_str(&flow(other));
        }
    }
}

fn read(snippet: &str) -> Reader<'_> {
    Reader { s: snippet, at: 0, depth: 0 }
}

/// JSON members (`"Key": value, …`, as a field completion or a fix writes
/// them) as YAML lines at `indent`; the first line without the indent.
/// `None` when the text is not members.
pub fn members_as_yaml(snippet: &str, indent: &str, unit: &str) -> Option<String> {
    let mut reader = read(snippet.trim().trim_end_matches(','));
    let mut entries = Vec::new();
    while reader.peek().is_some() {
        entries.push(reader.entry()?);
        if !reader.eat(b',') && reader.peek().is_some() {
            return None;
        }
    }
    let mut out = String::new();
    members(&entries, indent, unit, &mut out);
    Some(out)
}

/// A whole JSON object (a new document's skeleton) as YAML lines.
pub fn object_as_yaml(snippet: &str, unit: &str) -> Option<String> {
    let mut reader = read(snippet);
    let Node::Object(entries) = reader.value()? else { return None };
    let mut out = String::new();
    members(&entries, "", unit, &mut out);
    Some(out)
}

/// A JSON scalar (a completed value) as a YAML one, for a flow or block
/// position alike.
pub fn scalar_as_yaml(json: &str) -> String {
    let mut reader = read(json);
    match reader.value() {
        Some(node @ (Node::Str(_) | Node::Raw(_))) if reader.peek().is_none() => flow(&node),
        _ => json.to_string(),
    }
}

/// The indentation unit for YAML: the file's, never a tab.
pub fn yaml_unit(text: &str) -> String {
    let unit = super::edit::indent_unit(text);
    if unit.contains('\t') {
        "  ".into()
    } else {
        unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_become_block_yaml() {
        let retry = "\"Retry\": [\n  {\n    \"ErrorEquals\": [\"${1:States.ALL}\"],\n    \"IntervalSeconds\": ${2:1},\n    \"MaxAttempts\": ${3:3}\n  }\n],";
        assert_eq!(
            members_as_yaml(retry, "    ", "  ").unwrap(),
            "Retry:\n      - ErrorEquals: [${1:States.ALL}]\n        IntervalSeconds: ${2:1}\n        MaxAttempts: ${3:3}"
        );
        assert_eq!(members_as_yaml("\"Parameters\": {\n  $1\n}", "  ", "  ").unwrap(), "Parameters:\n    $1");
        assert_eq!(members_as_yaml("\"Condition\": \"{% $1 %}\"", "", "  ").unwrap(), "Condition: \"{% $1 %}\"");
        assert_eq!(members_as_yaml("\"Variable\": \"\\$.${1:field}\"", "", "  ").unwrap(), "Variable: \\$.${1:field}");
        assert_eq!(
            members_as_yaml("\"Mode\": \"${1|INLINE,DISTRIBUTED|}\"", "", "  ").unwrap(),
            "Mode: ${1|INLINE,DISTRIBUTED|}"
        );
        assert_eq!(members_as_yaml("\"End\": ${1|true,false|}", "", "  ").unwrap(), "End: ${1|true,false|}");
        assert_eq!(members_as_yaml("\"A\": \"$1\", \"B\": []", "", "  ").unwrap(), "A: $1\nB: []");
        assert_eq!(members_as_yaml("\"Comment\": \"yes\"", "", "  ").unwrap(), "Comment: \"yes\"");
        assert!(members_as_yaml("\"A\": {", "", "  ").is_none());
        assert_eq!(scalar_as_yaml("\"Done\""), "Done");
        assert_eq!(scalar_as_yaml("\"a, b\""), "\"a, b\"");
        assert_eq!(scalar_as_yaml("true"), "true");
    }
}
