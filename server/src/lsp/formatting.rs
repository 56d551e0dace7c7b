//! The editor's formatting options as the formatter's.

use crate::ide::format::{FormatOptions, Indent};
use tower_lsp_server::ls_types::FormattingOptions;

pub fn options(editor: &FormattingOptions) -> FormatOptions {
    let indent = if editor.insert_spaces { Indent::Spaces(editor.tab_size.clamp(1, 8) as u8) } else { Indent::Tab };
    // Trimming newlines after the last one is what the formatter does anyway.
    let final_newline = editor.insert_final_newline.filter(|insert| *insert);
    FormatOptions { final_newline, ..FormatOptions::new(indent) }
}
