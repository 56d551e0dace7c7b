//! YAML events to the same tree the JSON parser builds: every key and value
//! with its byte range, block and flow collections alike. Aliases are
//! expanded (within a budget), `<<` merge keys applied, plain scalars typed
//! by the YAML 1.2 core schema.

use super::scalars::resolve_plain;
use crate::syntax::tree::{Member, Object, Value, ValueKind};
use crate::syntax::{SyntaxError, SyntaxErrorKind, MAX_DEPTH};
use crate::text::TextRange;
use compact_str::CompactString;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// At most this many values are copied by expanding aliases, in all: a
/// "billion laughs" document stops here.
const MAX_EXPANDED: usize = 1_000_000;

/// What one pass over the text produced; `failure` is where the YAML
/// parser stopped (byte offset, its message), the tree then holds what was
/// read before.
pub(super) struct Built {
    pub root: Option<Value>,
    pub problems: Vec<SyntaxError>,
    pub duplicate_keys: Vec<(TextRange, TextRange)>,
    pub failure: Option<(u32, String)>,
}

/// Character index (the YAML parser's positions) to byte offset.
struct Offsets {
    /// Empty for ASCII text, where the two are the same.
    bytes: Vec<u32>,
}

impl Offsets {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Offsets { bytes: Vec::new() };
        }
        let mut bytes: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
        bytes.push(text.len() as u32);
        Offsets { bytes }
    }

    fn byte(&self, char_index: usize, text: &str) -> u32 {
        if self.bytes.is_empty() {
            return char_index.min(text.len()) as u32;
        }
        self.bytes.get(char_index).or(self.bytes.last()).copied().unwrap_or(0)
    }
}

/// A CloudFormation short tag on a collection (`!If [...]`): its long
/// name and where it is written.
type CfnTag = Option<(&'static str, TextRange)>;

enum Frame {
    Map {
        start: u32,
        flow: bool,
        anchor: usize,
        members: Vec<Member>,
        key: Option<(CompactString, TextRange)>,
        merges: Vec<Value>,
        tag: CfnTag,
    },
    Seq {
        start: u32,
        flow: bool,
        anchor: usize,
        items: Vec<Value>,
        tag: CfnTag,
    },
}

struct Builder<'t> {
    text: &'t str,
    offsets: Offsets,
    stack: Vec<Frame>,
    root: Option<Value>,
    /// Anchored values and their sizes (copies count against the budget).
    anchors: foldhash::HashMap<usize, (Value, usize)>,
    expanded: usize,
    problems: Vec<SyntaxError>,
    duplicate_keys: Vec<(TextRange, TextRange)>,
    /// End of the last token read (where a block scalar's `|` is looked for).
    last_end: u32,
    /// CloudFormation short tags (`!Ref x`) read as their long form
    /// (`{"Ref": "x"}`), as CloudFormation reads them.
    cfn_tags: bool,
}

pub(super) fn build(text: &str, cfn_tags: bool) -> Built {
    let mut builder = Builder {
        text,
        offsets: Offsets::new(text),
        stack: Vec::new(),
        root: None,
        anchors: Default::default(),
        expanded: 0,
        problems: Vec::new(),
        duplicate_keys: Vec::new(),
        last_end: 0,
        cfn_tags,
    };
    let failure = builder.run();
    // Close what the failure left open, so the tree holds what was read.
    while !builder.stack.is_empty() {
        builder.close();
    }
    Built { root: builder.root, problems: builder.problems, duplicate_keys: builder.duplicate_keys, failure }
}

impl Builder<'_> {
    fn range(&self, span: Span) -> TextRange {
        let start = self.offsets.byte(span.start.index(), self.text);
        let end = self.offsets.byte(span.end.index(), self.text).max(start);
        TextRange::new(start, end)
    }

    fn problem(&mut self, kind: SyntaxErrorKind, range: TextRange, message: String) {
        self.problems.push(SyntaxError { kind, range, message });
    }

    fn run(&mut self) -> Option<(u32, String)> {
        let mut parser = Parser::new_from_str(self.text);
        let mut documents = 0;
        // While > 0: inside content nested too deep, skipped (from this offset).
        let mut skipping = (0usize, 0u32);
        while let Some(next) = parser.next_event() {
            let (event, span) = match next {
                Ok(pair) => pair,
                Err(error) => {
                    let at = self.offsets.byte(error.marker().index(), self.text);
                    return Some((at, error.info().to_string()));
                }
            };
            let range = self.range(span);
            if skipping.0 > 0 {
                match event {
                    Event::MappingStart(..) | Event::SequenceStart(..) => skipping.0 += 1,
                    Event::MappingEnd | Event::SequenceEnd => {
                        skipping.0 -= 1;
                        if skipping.0 == 0 {
                            let end = range.end.max(self.last_end).max(skipping.1);
                            self.complete(Value { kind: ValueKind::Error, range: TextRange::new(skipping.1, end) }, 0);
                        }
                    }
                    _ => {}
                }
                if !range.is_empty() {
                    self.last_end = range.end;
                }
                continue;
            }
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        let message = "a definition is one YAML document: remove this `---` and what follows it".into();
                        self.problem(SyntaxErrorKind::Yaml, range, message);
                        return None;
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let cfn = self.cfn_tag(tag.as_deref(), range.start);
                    let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                    self.scalar(&value, style, anchor, tag.as_deref(), range, cfn);
                }
                Event::Alias(id) => self.alias(id, range),
                Event::MappingStart(..) | Event::SequenceStart(..) if self.stack.len() >= MAX_DEPTH => {
                    let message =
                        format!("nesting deeper than {MAX_DEPTH} levels: asl-ls does not check the content here");
                    self.problem(SyntaxErrorKind::TooDeep, range, message);
                    skipping = (1, range.start);
                }
                Event::MappingStart(anchor, tag) => {
                    let tag = self.cfn_tag(tag.as_deref(), range.start);
                    let start = skip_properties(self.text, range.start as usize);
                    let flow = self.text.as_bytes().get(start) == Some(&b'{');
                    let start = if flow { start as u32 } else { range.start };
                    let (members, merges) = (Vec::new(), Vec::new());
                    self.stack.push(Frame::Map { start, flow, anchor, members, key: None, merges, tag });
                }
                Event::SequenceStart(anchor, tag) => {
                    let tag = self.cfn_tag(tag.as_deref(), range.start);
                    let start = skip_properties(self.text, range.start as usize);
                    let flow = self.text.as_bytes().get(start) == Some(&b'[');
                    let start = if flow { start as u32 } else { range.start };
                    self.stack.push(Frame::Seq { start, flow, anchor, items: Vec::new(), tag });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    if !range.is_empty() {
                        self.last_end = range.end;
                    }
                    self.close_at(range.end);
                }
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            }
            if !range.is_empty() {
                self.last_end = self.last_end.max(range.end);
            }
        }
        None
    }

    /// A CloudFormation short tag (when they are read): its long name and
    /// its place, the last `!Name` between the last token and the node.
    fn cfn_tag(&self, tag: Option<&saphyr_parser::Tag>, node_start: u32) -> CfnTag {
        let tag = tag.filter(|t| self.cfn_tags && t.handle == "!")?;
        let long = cfn_long_name(&tag.suffix)?;
        let from = (self.last_end.min(node_start)) as usize;
        let to = skip_properties(self.text, node_start as usize).max(node_start as usize);
        let window = self.text.get(from..to).unwrap_or("");
        let written = format!("!{}", tag.suffix);
        let range = match window.rfind(&written) {
            Some(at) => TextRange::new((from + at) as u32, (from + at + written.len()) as u32),
            None => TextRange::empty(node_start),
        };
        Some((long, range))
    }

    /// `value` under its short tag's long name: `!Ref x` is `{"Ref": x}`.
    fn tagged(value: Value, tag: CfnTag) -> Value {
        let Some((long, key_range)) = tag else { return value };
        let range = key_range.cover(value.range);
        let member = Member { key: long.into(), key_range, value };
        Value { kind: ValueKind::Object(Object { members: vec![member], open_brace: key_range, range }), range }
    }

    fn scalar(
        &mut self,
        raw: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&str>,
        span: TextRange,
        cfn: CfnTag,
    ) {
        let range = self.scalar_range(style, span);
        let awaiting_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
        if awaiting_key {
            if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                *key = Some((raw.into(), range));
            }
            return;
        }
        let range = if raw.is_empty() && style == ScalarStyle::Plain { self.empty_value_at(range) } else { range };
        let kind = match (style, tag) {
            (_, Some("tag:yaml.org,2002:str" | "!!str")) => ValueKind::String(raw.into()),
            (ScalarStyle::Plain, _) => {
                let (kind, note) = resolve_plain(raw);
                if let Some(note) = note {
                    let advice = match &kind {
                        ValueKind::Number(n) => format!(
                            "write it as `{}` for the number asl-ls reads (YAML 1.2), or quote it (`\"{raw}\"`) for a string",
                            crate::syntax::number_text(n.value)
                        ),
                        _ => format!("quote it (`\"{raw}\"`) to keep a string"),
                    };
                    let message = format!("`{raw}` means different things to different YAML loaders: {note}; {advice}");
                    self.problem(SyntaxErrorKind::YamlTyping, range, message);
                }
                kind
            }
            _ => ValueKind::String(raw.into()),
        };
        self.complete(Self::tagged(Value { kind, range }, cfn), anchor);
    }

    /// Where a missing value goes: after the `:` of its key and the blanks
    /// after it (where the cursor is when one types it), not at the key.
    fn empty_value_at(&self, range: TextRange) -> TextRange {
        let from = self.last_end as usize;
        let Some(rest) = self.text.get(from..) else { return range };
        let after_blanks = rest.trim_start_matches([' ', '\t']);
        let Some(value) = after_blanks.strip_prefix(':') else { return range };
        let at = self.text.len() - value.trim_start_matches([' ', '\t']).len();
        TextRange::empty(at as u32)
    }

    /// A scalar's source: without its anchor or tag; a block scalar from its
    /// `|` or `>` to its last character (the parser's span is the content
    /// and the indentation after it).
    fn scalar_range(&self, style: ScalarStyle, span: TextRange) -> TextRange {
        let text = self.text;
        let mut start = span.start as usize;
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            let from = (self.last_end as usize).min(start);
            let after_properties = skip_properties(text, start);
            if text.get(after_properties..).is_some_and(|t| t.starts_with(['|', '>'])) {
                // The span began at a tag or anchor (`!Sub |`).
                start = after_properties;
            } else if let Some(at) = text.get(from..start).and_then(block_indicator) {
                start = from + at;
            }
            let content = text.get(start..span.end as usize).unwrap_or("");
            let end = start + content.trim_end().len();
            return TextRange::new(start as u32, end.max(start + 1).min(text.len()) as u32);
        }
        let start = skip_properties(text.get(..span.end as usize).unwrap_or(text), start) as u32;
        TextRange::new(start, span.end)
    }

    fn alias(&mut self, id: usize, range: TextRange) {
        let name = self.text.get(range.start as usize + 1..range.end as usize).unwrap_or("").to_string();
        let depth = self.stack.len();
        let value = match self.anchors.get(&id) {
            Some((anchored, size)) => {
                let size = *size;
                if self.expanded + size > MAX_EXPANDED {
                    None
                } else if depth + height(anchored) > MAX_DEPTH {
                    Some(Value { kind: ValueKind::Error, range })
                } else {
                    self.expanded += size;
                    let mut copy = anchored.clone();
                    copy.range = range;
                    Some(copy)
                }
            }
            None if self.expanded >= MAX_EXPANDED => None,
            None => Some(Value { kind: ValueKind::Error, range }),
        };
        let value = match value {
            Some(value) => {
                let message = format!(
                    "`*{name}` repeats the value anchored as `&{name}`: tools that convert YAML to JSON expand it (asl-ls checks the copy), but CloudFormation templates refuse aliases; write the value out if the definition goes into a template"
                );
                self.problem(SyntaxErrorKind::YamlAlias, range, message);
                value
            }
            None => {
                let message = format!("aliases expand to more than {MAX_EXPANDED} values: asl-ls stops expanding here");
                self.problem(SyntaxErrorKind::Yaml, range, message);
                Value { kind: ValueKind::Error, range }
            }
        };
        self.complete(value, 0);
    }

    /// A finished value goes into the collection being read (or is the root).
    fn complete(&mut self, value: Value, anchor: usize) {
        // Keeping an anchored value is a copy too: within the same budget
        // (nested anchors would otherwise copy the same values again and again).
        if anchor != 0 && self.expanded < MAX_EXPANDED {
            let size = count(&value);
            if self.expanded + size <= MAX_EXPANDED {
                self.anchors.insert(anchor, (value.clone(), size));
                self.expanded += size;
            } else {
                self.expanded = MAX_EXPANDED;
            }
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(value);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { key, members, merges, .. }) => match key.take() {
                Some((name, key_range)) => {
                    let objects = |v: &Value| v.as_object().is_some();
                    let mergeable =
                        name == "<<" && (objects(&value) || value.as_array().is_some_and(|a| a.iter().all(objects)));
                    if mergeable {
                        merges.push(value);
                    } else {
                        members.push(Member { key: name, key_range, value });
                    }
                }
                None => {
                    // A collection as a key: JSON has no such thing.
                    let range = value.range;
                    *key = Some((CompactString::default(), range));
                    self.problems.push(SyntaxError {
                        kind: SyntaxErrorKind::Yaml,
                        range,
                        message: "a key must be a plain string: JSON objects have no other keys".into(),
                    });
                }
            },
        }
    }

    fn close(&mut self) {
        let end = self.last_end;
        self.close_at(end);
    }

    /// Ends the innermost collection; a flow one at `end` (after its bracket).
    fn close_at(&mut self, end: u32) {
        let Some(frame) = self.stack.pop() else { return };
        let flow_close = match &frame {
            Frame::Map { flow: true, .. } => Some('}'),
            Frame::Seq { flow: true, .. } => Some(']'),
            _ => None,
        };
        let end = flow_close.map_or(end, |close| past_bracket(self.text, end, close));
        match frame {
            Frame::Map { start, flow, anchor, mut members, key, merges, tag } => {
                if let Some((name, key_range)) = key {
                    // A key whose value never came (the text stopped).
                    members.push(Member {
                        key: name,
                        key_range,
                        value: Value { kind: ValueKind::Null, range: TextRange::empty(key_range.end) },
                    });
                }
                for merged in merges {
                    merge_into(&mut members, merged);
                }
                let (open_brace, range) = if flow {
                    (TextRange::new(start, start + 1), TextRange::new(start, end.max(start + 1)))
                } else {
                    let first = members.first().map_or(TextRange::empty(start), |m| m.key_range);
                    let last = members.iter().map(|m| m.value.range.end.max(m.key_range.end)).max().unwrap_or(start);
                    (first, TextRange::new(first.start.min(start), last.max(first.start)))
                };
                self.find_duplicates(open_brace, &members);
                let object = Object { members, open_brace, range };
                self.complete(Self::tagged(Value { kind: ValueKind::Object(object), range }, tag), anchor);
            }
            Frame::Seq { start, flow, anchor, items, tag } => {
                let range = if flow {
                    TextRange::new(start, end.max(start + 1))
                } else {
                    let first = items.first().map_or(start, |v| v.range.start.min(start));
                    let last = items.iter().map(|v| v.range.end).max().unwrap_or(start);
                    TextRange::new(first, last.max(first))
                };
                self.complete(Self::tagged(Value { kind: ValueKind::Array(items), range }, tag), anchor);
            }
        }
    }

    fn find_duplicates(&mut self, open: TextRange, members: &[Member]) {
        let mut seen = foldhash::HashSet::with_capacity_and_hasher(members.len(), Default::default());
        for member in members {
            if !seen.insert(member.key.as_str()) {
                self.duplicate_keys.push((open, member.key_range));
            }
        }
    }
}

/// `<<: *base`: the merged mapping's members that the mapping does not set itself.
fn merge_into(members: &mut Vec<Member>, merged: Value) {
    let sources: Vec<Value> = match merged.kind {
        ValueKind::Object(_) => vec![merged],
        ValueKind::Array(items) => items,
        _ => return,
    };
    for source in sources {
        if let ValueKind::Object(object) = source.kind {
            for member in object.members {
                if !members.iter().any(|m| m.key == member.key) {
                    members.push(member);
                }
            }
        }
    }
}

/// The long form of a CloudFormation short tag (`Sub` → `Fn::Sub`).
fn cfn_long_name(short: &str) -> Option<&'static str> {
    Some(match short {
        "Ref" => "Ref",
        "Condition" => "Condition",
        "Base64" => "Fn::Base64",
        "Cidr" => "Fn::Cidr",
        "FindInMap" => "Fn::FindInMap",
        "GetAtt" => "Fn::GetAtt",
        "GetAZs" => "Fn::GetAZs",
        "ImportValue" => "Fn::ImportValue",
        "Join" => "Fn::Join",
        "Select" => "Fn::Select",
        "Split" => "Fn::Split",
        "Sub" => "Fn::Sub",
        "Transform" => "Fn::Transform",
        "And" => "Fn::And",
        "Equals" => "Fn::Equals",
        "If" => "Fn::If",
        "Not" => "Fn::Not",
        "Or" => "Fn::Or",
        "ToJsonString" => "Fn::ToJsonString",
        "Length" => "Fn::Length",
        "GetParam" => "Fn::GetParam",
        _ => return None,
    })
}

/// The end of a flow collection: after its closing bracket (the parser's
/// end event can stop at a trailing comma before it).
fn past_bracket(text: &str, end: u32, close: char) -> u32 {
    let at = end as usize;
    if at == 0 || text.get(..at).is_none_or(|before| before.ends_with(close)) {
        return end;
    }
    let rest = text.get(at..).unwrap_or("");
    let skipped = rest.len() - rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',').len();
    if rest[skipped..].starts_with(close) {
        (at + skipped + 1) as u32
    } else {
        end
    }
}

/// Past a node's properties (`&anchor`, `!tag`) and the blanks after them.
fn skip_properties(text: &str, mut at: usize) -> usize {
    while matches!(text.as_bytes().get(at), Some(b'&' | b'!')) {
        let rest = &text[at..];
        let word = rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len());
        let blank = rest[word..].len() - rest[word..].trim_start().len();
        at += word + blank;
    }
    at.min(text.len())
}

/// Where the `|` or `>` of a block scalar is in the text before its
/// content, comments skipped (`- a  # x > y` holds none).
fn block_indicator(between: &str) -> Option<usize> {
    let mut in_comment = false;
    let mut previous = ' ';
    for (i, c) in between.char_indices() {
        match c {
            '\n' => in_comment = false,
            '#' if previous.is_whitespace() => in_comment = true,
            '|' | '>' if !in_comment => return Some(i),
            _ => {}
        }
        previous = c;
    }
    None
}

/// How many values `value` holds, itself included.
fn count(value: &Value) -> usize {
    let mut n = 0;
    let mut todo = vec![value];
    while let Some(v) = todo.pop() {
        n += 1;
        match &v.kind {
            ValueKind::Object(o) => todo.extend(o.members.iter().map(|m| &m.value)),
            ValueKind::Array(items) => todo.extend(items.iter()),
            _ => {}
        }
    }
    n
}

/// How deep `value` nests (a scalar: 0).
fn height(value: &Value) -> usize {
    let mut deepest = 0;
    let mut todo = vec![(value, 0usize)];
    while let Some((v, d)) = todo.pop() {
        deepest = deepest.max(d);
        match &v.kind {
            ValueKind::Object(o) => todo.extend(o.members.iter().map(|m| (&m.value, d + 1))),
            ValueKind::Array(items) => todo.extend(items.iter().map(|i| (i, d + 1))),
            _ => {}
        }
    }
    deepest
}
