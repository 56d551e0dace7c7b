//! The model and every editor feature: diagnostics, completion, hover,
//! definition, symbols, code actions and tokens on any text, at offsets
//! taken from the input.
#![no_main]

use asl_ls::ide::{Analysis, Config};
use asl_ls::syntax::Language;
use asl_ls::text::TextRange;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first byte picks the language: odd for YAML.
    let language = if data.first().is_some_and(|b| b % 2 == 1) { Language::Yaml } else { Language::Json };
    let analysis = Analysis::new_in(text, language);
    let config = Config::default();
    let diagnostics = analysis.diagnostics(&config);
    for d in diagnostics.iter() {
        assert!(d.range.end as usize <= text.len(), "{d:?}");
    }
    let len = text.len() as u32;
    for offset in [0, len / 3, len / 2, len.saturating_sub(1), len] {
        let _ = analysis.completions(offset);
        let _ = analysis.hover(offset);
        let _ = analysis.signature_help(offset);
        let _ = analysis.refactors(TextRange::empty(offset), true);
        let _ = analysis.definition(offset);
        let _ = analysis.references(offset, true);
        let _ = analysis.code_actions(TextRange::new(offset.min(len), len), &config);
    }
    let _ = analysis.symbols();
    let _ = analysis.semantic_tokens();
});
