//! Reading a file as text, for every edge that reads one (the CLI, the
//! server's linked definition files).

use std::path::Path;

/// The file as text; a clear error for unreadable and binary files.
pub fn read_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        format!("not UTF-8 text (byte {} is invalid): is this a binary file?", e.utf8_error().valid_up_to())
    })
}
