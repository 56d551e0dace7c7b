//! GitHub Actions workflow commands: one `::error …::message` line per
//! diagnostic, shown as annotations on the pull request.

use super::super::check::Checked;
use crate::ide::diagnostics::Severity;
use crate::text::LineIndex;
use std::fmt::Write;

pub(super) fn render(checked: &[Checked]) -> String {
    let mut out = String::new();
    for file in checked {
        let index = LineIndex::new(&file.text);
        for (d, machine) in file.diagnostics.iter().zip(&file.machine_of) {
            let start = index.chars(&file.text, d.range.start);
            let end = index.chars(&file.text, d.range.end);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Information | Severity::Hint => "notice",
            };
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&file.path),
                start.line + 1,
                start.col + 1,
                end.line + 1,
                end.col + 1,
                escape_property(&match machine {
                    Some(name) => format!("{} {} ({name})", d.code.id(), d.code.name()),
                    None => format!("{} {}", d.code.id(), d.code.name()),
                }),
                escape_data(&d.message)
            );
        }
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_workflow_command_text() {
        assert_eq!(super::escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(super::escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
