//! A distributed Map's ItemReader: any object bytes, read as JSON, JSON
//! Lines or CSV (the first byte picks the type, header location and
//! delimiter), give items or a reason, never a panic.
#![no_main]

use asl_ls::run::items::{read_items, ReaderConfig};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else { return };
    let types = ["JSON", "JSONL", "CSV", "MANIFEST"];
    let delimiters = ["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB", "OTHER"];
    let config = ReaderConfig {
        input_type: Some(types[choice as usize % types.len()].to_string()),
        headers: (choice & 0x10 != 0).then(|| vec!["a".to_string(), "b".to_string()]),
        header_location: Some(if choice & 0x20 != 0 { "GIVEN" } else { "FIRST_ROW" }.to_string()),
        delimiter: Some(delimiters[(choice as usize / 4) % delimiters.len()].to_string()),
        max_items: (choice & 0x80 != 0).then_some(3),
    };
    let _ = read_items(bytes, &config);
});
