//! Host files: any text read as a CloudFormation/SAM template (YAML or
//! JSON), a Serverless file or Terraform; every machine found, every
//! feature at offsets from the input, every range inside the text on
//! character boundaries, every edit applicable.
#![no_main]

use asl_ls::ide::{Config, Hosted};
use asl_ls::text::TextRange;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["template.yaml", "stack.template.json", "serverless.yml", "main.tf"];

fn check(text: &str, range: TextRange, what: &str) {
    assert!(range.start <= range.end && range.end as usize <= text.len(), "{what} {range:?} outside the text");
    assert!(text.is_char_boundary(range.start as usize) && text.is_char_boundary(range.end as usize), "{what} {range:?}");
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let name = NAMES[usize::from(first) % NAMES.len()];
    // A linked file: a small definition, or none.
    let resolve = |path: &str| {
        if path.len() % 2 == 0 {
            Ok(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "${Next}", "TimeoutSeconds": ${T}}}}"#.into())
        } else {
            Err("no such file".to_string())
        }
    };
    let Some(hosted) = Hosted::new(name, text, &resolve) else { return };
    let config = Config::default();
    for d in hosted.diagnostics(&config) {
        check(text, d.diagnostic.range, "diagnostic");
        for edit in d.diagnostic.fixes.iter().flat_map(|f| &f.edits) {
            check(text, edit.range, "fix");
        }
    }
    let len = text.len() as u32;
    let mut offsets = vec![0, len / 3, len / 2, len.saturating_sub(1), len];
    offsets.extend(hosted.machines().iter().map(|m| m.map.host_span().start + 1));
    for offset in offsets {
        let offset = offset.min(len);
        if !text.is_char_boundary(offset as usize) {
            continue;
        }
        for item in hosted.completions(offset) {
            check(text, item.edit.range, "completion");
        }
        if let Some(hover) = hosted.hover(offset) {
            check(text, hover.range, "hover");
        }
        if let Some(range) = hosted.definition(offset) {
            check(text, range, "definition");
        }
        for range in hosted.references(offset, true) {
            check(text, range, "reference");
        }
        if let Ok(edits) = hosted.rename(offset, "Renamed") {
            edits.iter().for_each(|e| check(text, e.range, "rename"));
        }
        for action in hosted.code_actions(TextRange::new(offset, len), &config) {
            action.fix.edits.iter().for_each(|e| check(text, e.range, "action"));
        }
        hosted.selection_ranges(offset).into_iter().for_each(|r| check(text, r, "selection"));
    }
    for symbol in hosted.symbols() {
        check(text, symbol.range, "symbol");
    }
    hosted.semantic_tokens().into_iter().for_each(|(r, _)| check(text, r, "token"));
    hosted.folding_ranges().into_iter().for_each(|r| check(text, r, "fold"));
});
