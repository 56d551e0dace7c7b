//! The JSON tree: plain owned values, each with the byte range of its source.

use crate::text::TextRange;
use compact_str::CompactString;

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    Object(Object),
    Array(Vec<Value>),
    /// The decoded string (escapes resolved); `range` covers the quotes.
    String(CompactString),
    Number(Number),
    Bool(bool),
    Null,
    /// Something that is not a value; already reported as a syntax error.
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub value: f64,
}

impl Number {
    /// Whether the number has no fractional part (`2` and `2.0` both count,
    /// as they do for JSON Schema's `integer`).
    pub fn is_integer(&self) -> bool {
        self.value.is_finite() && self.value.fract() == 0.0
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object {
    pub members: Vec<Member>,
    /// Range of the opening `{`.
    pub open_brace: TextRange,
    /// The whole object, braces included (to the end of the text when unclosed).
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The decoded key.
    pub key: CompactString,
    /// Range of the key, quotes included.
    pub key_range: TextRange,
    pub value: Value,
}

impl Member {
    /// The range from the key through the value.
    pub fn range(&self) -> TextRange {
        self.key_range.cover(self.value.range)
    }
}

impl Object {
    /// The first member named `key` (duplicates are reported elsewhere).
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.key == key)
    }

    /// The first member named by each of `keys`, found in one pass over the
    /// members (for code that runs on every state of every check).
    pub fn get_each<const N: usize>(&self, keys: [&str; N]) -> [Option<&Member>; N] {
        let mut found = [None; N];
        for member in &self.members {
            if let Some(i) = keys.iter().position(|k| *k == member.key) {
                found[i].get_or_insert(member);
            }
        }
        found
    }

    pub fn value(&self, key: &str) -> Option<&Value> {
        self.get(key).map(|m| &m.value)
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

impl Value {
    pub fn as_object(&self) -> Option<&Object> {
        match &self.kind {
            ValueKind::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match &self.kind {
            ValueKind::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&Number> {
        match &self.kind {
            ValueKind::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            ValueKind::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self.kind, ValueKind::Error)
    }

    /// A short name of the JSON type, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            ValueKind::Object(_) => "an object",
            ValueKind::Array(_) => "an array",
            ValueKind::String(_) => "a string",
            ValueKind::Number(n) if n.is_integer() => "an integer",
            ValueKind::Number(_) => "a number",
            ValueKind::Bool(_) => "a boolean",
            ValueKind::Null => "null",
            ValueKind::Error => "not a value",
        }
    }
}
