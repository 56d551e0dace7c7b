//! Where each byte of an embedded definition is in its host file, and how
//! text is written back there.
//!
//! A definition inside a template is read as a document of its own (the
//! "definition text"), so every analysis runs on it unchanged. The map is
//! a list of pieces in order: an exact piece is the same bytes in both
//! texts (a dedented YAML line, a run of a JSON string without escapes);
//! an atomic piece stands for host text written differently (`\"` for `"`,
//! `{"Ref": "X"}` for `${X}`), so offsets inside it map to its ends.

use crate::text::TextRange;

/// How text inserted at a piece is written in the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// As it is; each line break followed by `indent` spaces (a YAML block,
    /// a JSON object inside a JSON template, a YAML `|` string).
    Raw { indent: u32 },
    /// Inside a double-quoted string (JSON, or YAML's `"…"`): escaped.
    Quoted,
    /// Inside a YAML single-quoted string: quotes doubled, breaks as spaces.
    SingleQuoted,
    /// Inside a Terraform heredoc: `${` and `%{` escaped, lines indented.
    Heredoc { indent: u32 },
    /// A whole HCL literal of a `jsonencode` value (a string with its
    /// quotes, a number, a key): JSON's literal is HCL's, `${` escaped.
    Hcl,
    /// Nothing can be written here (a plain multi-line scalar, a value
    /// made by an intrinsic function).
    Frozen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub virt: u32,
    pub virt_len: u32,
    pub host: u32,
    pub host_len: u32,
    pub style: Style,
    /// Pieces of one host string (or block) share a group: an edit may not
    /// span two of them.
    pub group: u32,
}

impl Piece {
    fn exact(&self) -> bool {
        self.virt_len == self.host_len && self.style != Style::Frozen
    }

    fn virt_end(&self) -> u32 {
        self.virt + self.virt_len
    }

    fn host_end(&self) -> u32 {
        self.host + self.host_len
    }
}

/// The map of one definition text into its host; built in order by
/// [`TextBuilder`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    pieces: Vec<Piece>,
    /// The text is an `Fn::Sub` string: a literal `${` is written `${!`.
    pub sub: bool,
}

/// Which end of a range an offset is: inside an atomic piece a start maps
/// to the piece's start, an end to its end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bias {
    Start,
    End,
}

impl SourceMap {
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The piece holding definition offset `v` (the last one starting at or before it).
    fn piece_at(&self, v: u32) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.virt <= v);
        self.pieces.get(i.checked_sub(1)?)
    }

    fn offset(&self, v: u32, bias: Bias) -> u32 {
        // An end at a piece boundary is the end of the piece before it.
        let probe = if bias == Bias::End && v > 0 { v - 1 } else { v };
        let Some(piece) = self.piece_at(probe).or(self.pieces.first()) else { return 0 };
        if v < piece.virt {
            return piece.host;
        }
        let into = v - piece.virt;
        if into >= piece.virt_len {
            return piece.host_end();
        }
        if piece.exact() {
            piece.host + into
        } else if into == 0 || bias == Bias::Start {
            piece.host
        } else {
            piece.host_end()
        }
    }

    /// Host offset of definition offset `v`.
    pub fn to_host(&self, v: u32) -> u32 {
        self.offset(v, Bias::Start)
    }

    /// Host range of a definition range: never smaller than what it names.
    pub fn range_to_host(&self, range: TextRange) -> TextRange {
        let start = self.offset(range.start, Bias::Start);
        let end = if range.is_empty() { start } else { self.offset(range.end, Bias::End) };
        TextRange::new(start, end.max(start))
    }

    /// Definition offset of host offset `h`, when `h` is inside the
    /// definition (a piece's end counts: the cursor after the last character).
    pub fn to_definition(&self, h: u32) -> Option<u32> {
        let i = self.pieces.partition_point(|p| p.host <= h);
        let piece = self.pieces.get(i.checked_sub(1)?)?;
        if h > piece.host_end() {
            return None;
        }
        let into = h - piece.host;
        Some(if piece.exact() {
            piece.virt + into
        } else if into == 0 {
            piece.virt
        } else {
            piece.virt_end()
        })
    }

    /// The host range the definition covers.
    pub fn host_span(&self) -> TextRange {
        match (self.pieces.first(), self.pieces.last()) {
            (Some(first), Some(last)) => TextRange::new(first.host, last.host_end().max(first.host)),
            _ => TextRange::empty(0),
        }
    }

    /// A definition edit as the host's: its range mapped, its text written
    /// in the host's syntax there. `None` where the host cannot take it
    /// (across two strings of an `Fn::Join`, inside a frozen piece).
    pub fn edit_to_host(&self, range: TextRange, new_text: &str) -> Option<(TextRange, String)> {
        let first = self.piece_at(range.start).or(self.pieces.first())?;
        // An edit ending exactly where a piece ends belongs to that piece.
        let last = if range.end > range.start { self.piece_at(range.end - 1)? } else { first };
        if first.group != last.group || first.style == Style::Frozen {
            return None;
        }
        // An atomic piece is replaced whole or not at all (half of `\"`, of
        // an identifier key written quoted, means nothing in the host).
        let cuts = |p: &Piece, at: u32| !p.exact() && p.virt < at && at < p.virt_end();
        if cuts(first, range.start) || cuts(last, range.end) {
            return None;
        }
        // An end exactly where a piece starts is that piece's start: a
        // deletion up to the next dedented line keeps that line's indentation.
        let mut host = self.range_to_host(range);
        let next = self.pieces.partition_point(|p| p.virt < range.end);
        let dedented = |i: usize| {
            let (Some(before), Some(piece)) = (i.checked_sub(1).and_then(|b| self.pieces.get(b)), self.pieces.get(i))
            else {
                return None;
            };
            let lines = matches!(before.style, Style::Raw { .. } | Style::Heredoc { .. });
            (lines && piece.virt == range.end && piece.host > before.host_end()).then_some(piece.host)
        };
        if let Some(start) = dedented(next).filter(|_| !range.is_empty()) {
            host.end = start.max(host.start);
        }
        Some((host, write(first.style, self.sub, new_text)?))
    }
}

impl SourceMap {
    /// The map after the host's bytes `start..old_end` became `delta` longer
    /// (the edit lies after every piece, or before: pieces past it move).
    pub fn shifted(&self, old_end: u32, delta: i64) -> SourceMap {
        let mut out = self.clone();
        for piece in &mut out.pieces {
            if piece.host >= old_end {
                piece.host = (i64::from(piece.host) + delta).max(0) as u32;
            }
        }
        out
    }

    /// When host bytes `start..old_end` (on one line, inside one dedented
    /// line of a block) are the whole edit: the definition range they are,
    /// and the map after the edit. `None` when the edit is anything else.
    pub fn edited_inside(&self, start: u32, old_end: u32, delta: i64) -> Option<(TextRange, SourceMap)> {
        let i = self.pieces.partition_point(|p| p.host <= start).checked_sub(1)?;
        let piece = self.pieces[i];
        let last = i + 1 == self.pieces.len();
        let inside = piece.host <= start && (old_end < piece.host_end() || (last && old_end == piece.host_end()));
        if !inside || !piece.exact() || !matches!(piece.style, Style::Raw { .. }) {
            return None;
        }
        let virt = TextRange::new(piece.virt + (start - piece.host), piece.virt + (old_end - piece.host));
        let mut out = self.clone();
        let grow = |n: u32| (i64::from(n) + delta).max(0) as u32;
        out.pieces[i].virt_len = grow(piece.virt_len);
        out.pieces[i].host_len = grow(piece.host_len);
        for later in &mut out.pieces[i + 1..] {
            later.virt = grow(later.virt);
            later.host = grow(later.host);
        }
        Some((virt, out))
    }
}

/// `text` as the host writes it at a piece of `style`.
fn write(style: Style, sub: bool, text: &str) -> Option<String> {
    let text = if sub { std::borrow::Cow::Owned(text.replace("${", "${!")) } else { std::borrow::Cow::Borrowed(text) };
    let indented = |indent: u32, text: &str| text.replace('\n', &format!("\n{}", " ".repeat(indent as usize)));
    Some(match style {
        Style::Raw { indent } => indented(indent, &text),
        Style::Quoted => {
            let quoted = serde_json::to_string(text.as_ref()).ok()?;
            quoted[1..quoted.len() - 1].to_string()
        }
        Style::SingleQuoted => text.replace('\'', "''").replace("\r\n", " ").replace('\n', " "),
        Style::Heredoc { indent } => indented(indent, &text.replace("${", "$${").replace("%{", "%%{")),
        Style::Hcl if text.contains(['\n', '\r']) => return None,
        Style::Hcl => text.replace("${", "$${").replace("%{", "%%{"),
        Style::Frozen => return None,
    })
}

/// A [`TextBuilder`]'s state at one point.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    text: usize,
    pieces: usize,
    last: Option<Piece>,
    group: u32,
    in_string: bool,
    escaped: bool,
}

/// Builds a definition text and its map, piece by piece, in host order.
#[derive(Default)]
pub struct TextBuilder {
    pub text: String,
    map: SourceMap,
    group: u32,
    /// Inside a JSON string of the text so far (where a placeholder needs no quotes).
    in_string: bool,
    escaped: bool,
}

impl TextBuilder {
    /// Pieces pushed after this are a new group.
    pub fn next_group(&mut self) {
        self.group += 1;
    }

    fn track(&mut self, s: &str) {
        for b in s.bytes() {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' && self.in_string {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = !self.in_string;
            }
        }
    }

    /// Whether the text so far ends inside a JSON string.
    pub fn in_json_string(&self) -> bool {
        self.in_string
    }

    fn push(&mut self, text: &str, host: u32, host_len: u32, style: Style) {
        let virt = self.text.len() as u32;
        let virt_len = text.len() as u32;
        // Extend the last exact piece when this one continues it.
        if let Some(last) = self.map.pieces.last_mut() {
            let continues = last.exact()
                && virt_len == host_len
                && last.style == style
                && last.group == self.group
                && last.virt_end() == virt
                && last.host_end() == host;
            if continues {
                last.virt_len += virt_len;
                last.host_len += host_len;
                self.text.push_str(text);
                self.track(text);
                return;
            }
        }
        if virt_len == 0 && host_len == 0 {
            return;
        }
        self.map.pieces.push(Piece { virt, virt_len, host, host_len, style, group: self.group });
        self.text.push_str(text);
        self.track(text);
    }

    /// `text` is the host's bytes at `host`, unchanged.
    pub fn exact(&mut self, text: &str, host: u32, style: Style) {
        self.push(text, host, text.len() as u32, style);
    }

    /// `text` stands for the host's `host` range, written differently.
    pub fn atomic(&mut self, text: &str, host: TextRange, style: Style) {
        self.push(text, host.start, host.len(), style);
    }

    /// Where the text stands now, to go back to with [`TextBuilder::truncate`].
    pub fn mark(&self) -> Mark {
        Mark {
            text: self.text.len(),
            pieces: self.map.pieces.len(),
            last: self.map.pieces.last().copied(),
            group: self.group,
            in_string: self.in_string,
            escaped: self.escaped,
        }
    }

    /// Back to `mark`: what was pushed since is dropped.
    pub fn truncate(&mut self, mark: Mark) {
        self.text.truncate(mark.text);
        self.map.pieces.truncate(mark.pieces);
        if let (Some(last), Some(piece)) = (self.map.pieces.last_mut(), mark.last) {
            *last = piece;
        }
        self.group = mark.group;
        self.in_string = mark.in_string;
        self.escaped = mark.escaped;
    }

    pub fn finish(self, sub: bool) -> (String, SourceMap) {
        let mut map = self.map;
        map.sub = sub;
        (self.text, map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (String, SourceMap) {
        // Host: `x: "a\"b"` — the definition text is `a"b`.
        let mut b = TextBuilder::default();
        b.exact("a", 4, Style::Quoted);
        b.atomic("\"", TextRange::new(5, 7), Style::Quoted);
        b.exact("b", 7, Style::Quoted);
        b.finish(false)
    }

    #[test]
    fn exact_and_atomic_pieces_map_both_ways() {
        let (text, map) = sample();
        assert_eq!(text, "a\"b");
        assert_eq!(map.to_host(0), 4);
        assert_eq!(map.to_host(1), 5);
        assert_eq!(map.to_host(2), 7);
        assert_eq!(map.to_host(3), 8);
        assert_eq!(map.range_to_host(TextRange::new(1, 2)), TextRange::new(5, 7));
        assert_eq!(map.to_definition(6), Some(2));
        assert_eq!(map.to_definition(8), Some(3));
        assert_eq!(map.to_definition(9), None);
        assert_eq!(map.to_definition(3), None);
    }

    #[test]
    fn edits_are_written_in_the_host_style() {
        let (_, map) = sample();
        let (range, text) = map.edit_to_host(TextRange::new(3, 3), "\"c\"").unwrap();
        assert_eq!((range, text.as_str()), (TextRange::empty(8), "\\\"c\\\""));
        let mut b = TextBuilder::default();
        b.exact("{\n", 10, Style::Raw { indent: 4 });
        b.exact("}", 16, Style::Raw { indent: 4 });
        let (_, map) = b.finish(false);
        let (range, text) = map.edit_to_host(TextRange::empty(2), "  \"A\": 1\n").unwrap();
        assert_eq!((range, text.as_str()), (TextRange::empty(16), "  \"A\": 1\n    "));
    }

    #[test]
    fn edits_across_groups_are_refused() {
        let mut b = TextBuilder::default();
        b.exact("ab", 0, Style::Quoted);
        b.next_group();
        b.exact("cd", 10, Style::Quoted);
        let (_, map) = b.finish(false);
        assert!(map.edit_to_host(TextRange::new(1, 3), "x").is_none());
        assert!(map.edit_to_host(TextRange::new(2, 4), "x").is_some());
    }
}
