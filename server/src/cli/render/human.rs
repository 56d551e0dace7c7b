//! The human format: `file:line:col: CODE severity: message`, the source line
//! and a caret span, then a summary line.

use super::super::check::Checked;
use crate::ide::diagnostics::Severity;
use crate::ide::edit::Applicability;
use crate::text::LineIndex;
use std::fmt::Write;
use std::io::IsTerminal;

pub(super) fn render(checked: &[Checked]) -> String {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let mut out = String::new();
    let (mut errors, mut warnings, mut others) = (0, 0, 0);
    for file in checked {
        let index = LineIndex::new(&file.text);
        for (d, machine) in file.diagnostics.iter().zip(&file.machine_of) {
            let start = index.chars(&file.text, d.range.start);
            let severity = match d.severity {
                Severity::Error => {
                    errors += 1;
                    paint("1;31", "error")
                }
                Severity::Warning => {
                    warnings += 1;
                    paint("1;33", "warning")
                }
                other => {
                    others += 1;
                    paint("1;36", other.name())
                }
            };
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {severity}: {}",
                file.path,
                start.line + 1,
                start.col + 1,
                paint("1", d.code.id()),
                match machine {
                    Some(name) if file.machines != 1 || !file.hosted => format!("[{name}] {}", d.message),
                    _ => d.message.clone(),
                }
            );
            snippet(&mut out, &index, &file.text, d.range, &paint);
        }
    }
    let mut files = match checked.len() {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    // With templates, how many machines were found in them too.
    if checked.iter().any(|c| c.hosted) {
        let machines: usize = checked.iter().map(|c| c.machines).sum();
        files.push_str(&format!(" ({machines} state machine{})", if machines == 1 { "" } else { "s" }));
    }
    let mut parts = Vec::new();
    for (count, word) in [(errors, "error"), (warnings, "warning"), (others, "note")] {
        if count > 0 {
            parts.push(format!("{count} {word}{}", if count == 1 { "" } else { "s" }));
        }
    }
    if parts.is_empty() {
        let _ = writeln!(out, "Checked {files}: no problems found.");
    } else {
        let _ = writeln!(out, "Checked {files}: {}.", parts.join(", "));
    }
    // What `--fix` would do, as ruff says it.
    let all = checked.iter().flat_map(|c| &c.diagnostics);
    let safe = all.clone().filter(|d| d.fixes.iter().any(|f| f.applicability == Applicability::Safe)).count();
    let unsafe_only =
        all.filter(|d| !d.fixes.is_empty() && d.fixes.iter().all(|f| f.applicability == Applicability::Unsafe)).count();
    match (safe, unsafe_only) {
        (0, 0) => {}
        (0, u) => {
            let _ = writeln!(out, "{u} more could be fixed with `--unsafe-fixes`.");
        }
        (s, 0) => {
            let _ = writeln!(out, "{s} fixable with `--fix`.");
        }
        (s, u) => {
            let _ = writeln!(out, "{s} fixable with `--fix` ({u} more with `--unsafe-fixes`).");
        }
    }
    out
}

/// The first line of the range with carets under it.
fn snippet(
    out: &mut String,
    index: &LineIndex,
    text: &str,
    range: crate::text::TextRange,
    paint: &dyn Fn(&str, &str) -> String,
) {
    let start = index.chars(text, range.start);
    let line_range = index.line_range(text, start.line);
    let line = &text[line_range.as_usize()];
    if line.chars().count() > 300 {
        return; // minified JSON: the line would flood the terminal
    }
    let end_offset = range.end.min(line_range.end).max(range.start);
    let end = index.chars(text, end_offset);
    let width = (end.col.saturating_sub(start.col)).max(1) as usize;
    let number = (start.line + 1).to_string();
    let pad = " ".repeat(number.len());
    let line = line.replace('\t', " ");
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{number} | {line}");
    let _ = writeln!(out, "{pad} | {}{}", " ".repeat(start.col as usize), paint("1;31", &"^".repeat(width)));
}
