//! Output formats of `asl-ls check`. Each renderer turns checked files into
//! text; positions are converted here, at the edge, with the line index.

mod aws;
mod github;
mod human;
mod json;

use super::check::Checked;
use crate::ide::Config;
use crate::text::{LineCol, LineIndex, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Aws,
}

pub(crate) fn render(format: Format, checked: &[Checked], config: &Config, aws_warnings: bool) -> String {
    match format {
        Format::Human => human::render(checked),
        Format::Json => json::render_json(checked),
        Format::Sarif => json::render_sarif(checked),
        Format::Github => github::render(checked),
        Format::Aws => aws::render(checked, config, aws_warnings),
    }
}

/// Start and end of a range, zero-based, in UTF-16 units (as LSP and SARIF).
pub(crate) fn utf16_range(index: &LineIndex, text: &str, range: TextRange) -> (LineCol, LineCol) {
    (index.utf16(text, range.start), index.utf16(text, range.end))
}
