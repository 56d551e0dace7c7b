//! Flow collections (`{…}`, `[…]`) whose lines are indented no deeper than
//! the block they sit in: YAML 1.2 refuses them, but PyYAML and
//! CloudFormation read them, and templates written as JSON inside YAML
//! are full of them (`KeyPolicy: {` … `}` at the key's column). Such lines
//! are read one space deeper than the block; ranges are mapped back.

use super::tabs::Shifts;

/// The text with each line inside a flow collection indented past the line
/// that opened it; `None` when no line needed it.
pub(super) fn deepen(text: &str) -> Option<(String, Shifts)> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut shifts = Vec::new();
    let mut depth = 0usize;
    // Indentation of the line where the outermost flow collection opened.
    let mut base = 0usize;
    let mut quote: Option<u8> = None;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = &line[indent..];
        let blank = content.trim().is_empty();
        if depth > 0 && quote.is_none() && !blank && indent <= base {
            let add = base + 1 - indent;
            shifts.push((out.len() as u32, (indent + add) as u32, indent as u32));
            out.push_str(&" ".repeat(indent + add));
        } else {
            out.push_str(&line[..indent]);
        }
        out.push_str(content);
        let opened_at_top = depth == 0;
        let state = scan_line(content, LineState { depth, quote });
        if opened_at_top && state.depth > 0 {
            base = indent;
        }
        (depth, quote) = (state.depth, state.quote);
        // A plain scalar's quote never spans lines outside a flow collection.
        if depth == 0 && quote == Some(b'\'') {
            quote = None;
        }
    }
    (!shifts.is_empty()).then(|| (out, Shifts::new(shifts)))
}

/// Where a YAML line leaves its quotes and flow brackets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct LineState {
    /// Open flow brackets.
    pub depth: usize,
    /// The quote of a quoted scalar still open.
    pub quote: Option<u8>,
}

/// `line`'s quotes and flow brackets, from `state` on; a `#` comment ends
/// it. Quotes and brackets open only where a value starts (not in `a${b}`
/// or `it's`).
pub(crate) fn scan_line(line: &str, mut state: LineState) -> LineState {
    let bytes = line.as_bytes();
    let mut previous = b' ';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match state.quote {
            Some(b'"') if b == b'\\' => i += 1,
            Some(q) if b == q => {
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    state.quote = None;
                }
            }
            Some(_) => {}
            None => match b {
                b'#' if previous == b' ' || previous == b'\t' => break,
                b'"' | b'\'' | b'{' | b'['
                    if state.depth == 0 && !matches!(previous, b' ' | b':' | b'-' | b'[' | b'{' | b',') => {}
                b'"' | b'\'' => state.quote = Some(b),
                b'{' | b'[' => state.depth += 1,
                b'}' | b']' if state.depth > 0 => state.depth -= 1,
                _ => {}
            },
        }
        previous = b;
        i += 1;
    }
    state
}

/// Whether a YAML line holds every quote and bracket it opens, and opens no
/// block string: what it means then does not depend on the lines around it.
pub fn line_is_self_contained(line: &str) -> bool {
    let code = line.split(" #").next().unwrap_or("").trim_end();
    let block = code.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
    scan_line(line, LineState::default()) == LineState::default() && !block.ends_with('|') && !block.ends_with('>')
}

#[cfg(test)]
mod tests {
    #[test]
    fn flow_lines_at_the_block_column_are_read() {
        let text = "a:\n  k: {\n  \"x\": 1\n  }\n  n: 2\n";
        let (deeper, _) = super::deepen(text).unwrap();
        assert_eq!(deeper, "a:\n  k: {\n   \"x\": 1\n   }\n  n: 2\n");
        // Read as PyYAML reads it: no error, the members where they are.
        let parse = super::super::parse_yaml(text);
        assert!(parse.errors.is_empty(), "{:?}", parse.errors);
        let a = parse
            .root
            .as_ref()
            .and_then(|r| r.as_object())
            .and_then(|o| o.value("a"))
            .and_then(|v| v.as_object())
            .unwrap();
        let k = a.value("k").and_then(|v| v.as_object()).unwrap();
        assert_eq!(&text[k.members[0].key_range.as_usize()], "\"x\"");
        assert!(a.has("n"));
    }

    #[test]
    fn self_contained_lines() {
        for line in ["  Next: Done", "  Item: {\"a\": 1}", "  A: ${Tabl", "  B: it's", "  C: \"x\" # {"] {
            assert!(super::line_is_self_contained(line), "{line}");
        }
        for line in ["  Item: {", "  A: \"open", "  B: |", "  C: >-", "  - [1,"] {
            assert!(!super::line_is_self_contained(line), "{line}");
        }
    }
}
