//! YAML re-indented to the editor's indentation, and nothing else: each
//! level of block mappings and sequences moves to its multiple of the unit,
//! the lines of a scalar or flow collection that goes over several lines
//! move with the line it starts on, and a `- ` item keeps its content's
//! offset from the dash. The result is read back and kept only when it is
//! the same tree as before (so no value, key or comment can change).

use super::{FormatOptions, Indent, NotFormatted};
use crate::ide::edit::TextEdit;
use crate::syntax::{parse_yaml_cfn, SyntaxErrorKind, Value, ValueKind};
use crate::text::TextRange;

/// The edits re-indenting `text`, or only the lines inside `region` (the
/// lines around it keep their columns, and the region's first line too).
pub(super) fn format(
    text: &str,
    region: Option<TextRange>,
    options: &FormatOptions,
) -> Result<Vec<TextEdit>, NotFormatted> {
    let Indent::Spaces(unit) = options.indent else {
        return Err(NotFormatted::unsafe_("not formatted: YAML cannot be indented with tabs"));
    };
    let before = parse_yaml_cfn(text);
    if let Some(error) = before.errors.iter().find(|e| is_fatal(e.kind)) {
        return Err(NotFormatted::broken(&error.message));
    }
    let Some(root) = &before.root else { return Ok(Vec::new()) };
    let mut spans = Vec::new();
    multi_line_spans(text, root, &mut spans);
    let edits = reindent(text, &spans, region, unit as usize);
    let after_text = super::apply(text, &edits);
    let after = parse_yaml_cfn(&after_text);
    let same = after.root.as_ref().is_some_and(|r| same_tree(root, r))
        && after.errors.iter().map(|e| e.kind).eq(before.errors.iter().map(|e| e.kind));
    if !same {
        return Err(NotFormatted::unsafe_("not formatted: re-indenting this YAML would change what it says"));
    }
    Ok(edits)
}

fn is_fatal(kind: SyntaxErrorKind) -> bool {
    matches!(
        kind,
        SyntaxErrorKind::Yaml
            | SyntaxErrorKind::YamlTab { .. }
            | SyntaxErrorKind::Invalid
            | SyntaxErrorKind::Unclosed
            | SyntaxErrorKind::TooDeep
    )
}

/// The ranges of scalars and flow collections whose text goes over
/// several lines: their later lines are content, not structure.
fn multi_line_spans(text: &str, value: &Value, out: &mut Vec<TextRange>) {
    let flow = matches!(text.as_bytes().get(value.range.start as usize), Some(b'[' | b'{'));
    let leaf = !matches!(value.kind, ValueKind::Object(_) | ValueKind::Array(_));
    if (leaf || flow) && text.get(value.range.as_usize()).is_some_and(|s| s.contains('\n')) {
        out.push(value.range);
        return;
    }
    match &value.kind {
        ValueKind::Object(object) => {
            for member in &object.members {
                if text.get(member.key_range.as_usize()).is_some_and(|s| s.contains('\n')) {
                    out.push(member.key_range);
                }
                multi_line_spans(text, &member.value, out);
            }
        }
        ValueKind::Array(items) => items.iter().for_each(|item| multi_line_spans(text, item, out)),
        _ => {}
    }
}

/// Edits of each line's indentation.
fn reindent(text: &str, spans: &[TextRange], region: Option<TextRange>, unit: usize) -> Vec<TextEdit> {
    let mut edits = Vec::new();
    // (old column, new column) of the block levels open at this line.
    let mut levels: Vec<(usize, usize)> = vec![(0, 0)];
    // (line start, shift) of the lines read so far, for continuations.
    let mut shifts: Vec<(usize, isize)> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let old = body.len() - body.trim_start_matches(' ').len();
        let content = &body[old..];
        let inside = spans.iter().find(|s| (s.start as usize) < start && start < s.end as usize);
        let kept = region.is_some_and(|r| start + old <= r.start as usize || start + old >= r.end as usize);
        let new = if kept && !content.is_empty() {
            // Outside the region: as it is, and a level for what follows.
            if inside.is_none() && !content.starts_with('#') {
                while levels.last().is_some_and(|(o, _)| *o > old) {
                    levels.pop();
                }
                if levels.last().is_some_and(|(o, _)| *o < old) {
                    levels.push((old, old));
                }
            }
            old
        } else if let Some(span) = inside {
            let shift = shift_at(&shifts, span.start as usize);
            (old as isize + shift).max(0) as usize
        } else if content.is_empty() {
            0
        } else if content.starts_with('#') {
            column_for(&levels, old, unit)
        } else {
            while levels.last().is_some_and(|(o, _)| *o > old) {
                levels.pop();
            }
            let new = column_for(&levels, old, unit);
            if levels.last().is_some_and(|(o, _)| *o < old) {
                levels.push((old, new));
            }
            // The content of `- ` items: its offset from the dash is kept.
            let mut rest = content;
            let mut column = old;
            while let Some(after) = rest.strip_prefix('-').filter(|r| r.starts_with(' ')) {
                let spaces = after.len() - after.trim_start_matches(' ').len();
                column += 1 + spaces;
                rest = &after[spaces..];
                levels.push((column, new + (column - old)));
            }
            new
        };
        shifts.push((start, new as isize - old as isize));
        if new != old && !(kept && content.is_empty()) {
            edits.push(TextEdit::replace(TextRange::new(start as u32, (start + old) as u32), " ".repeat(new)));
        }
        start += line.len();
    }
    edits
}

/// Where a line at `old` goes: its level's column, or one unit deeper
/// than the level it is inside.
fn column_for(levels: &[(usize, usize)], old: usize, unit: usize) -> usize {
    match levels.iter().rev().find(|(o, _)| *o <= old) {
        Some((o, n)) if *o == old => *n,
        Some((_, n)) => n + unit,
        None => old,
    }
}

/// The shift of the line holding `offset`.
fn shift_at(shifts: &[(usize, isize)], offset: usize) -> isize {
    match shifts.binary_search_by(|(s, _)| s.cmp(&offset)) {
        Ok(i) => shifts[i].1,
        Err(0) => 0,
        Err(i) => shifts[i - 1].1,
    }
}

/// The same values, keys and order, wherever they are in the text.
pub fn same_tree(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (ValueKind::Object(x), ValueKind::Object(y)) => {
            x.members.len() == y.members.len()
                && x.members.iter().zip(&y.members).all(|(m, n)| m.key == n.key && same_tree(&m.value, &n.value))
        }
        (ValueKind::Array(x), ValueKind::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_tree(v, w))
        }
        (x, y) => x == y,
    }
}
