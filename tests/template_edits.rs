//! Templates edited keystroke by keystroke, as in an editor: after every
//! random insertion or deletion, the edited host (which re-reads only the
//! definition a keystroke lands in, when it can) answers exactly what
//! reading the text afresh answers — diagnostics, their fixes, symbols.

mod support;

use asl_ls::ide::{Config, Hosted};
use std::path::Path;

fn none(_: &str) -> Result<String, String> {
    Err("no files".into())
}

fn described(hosted: &Hosted) -> Vec<String> {
    let mut out: Vec<String> = hosted
        .diagnostics(&Config::default())
        .iter()
        .map(|d| {
            format!("{} {:?} {:?} {:?}", d.diagnostic.code.id(), d.diagnostic.range, d.machine, d.diagnostic.fixes)
        })
        .collect();
    out.extend(hosted.symbols().into_iter().map(|s| format!("symbol {} {:?} {}", s.name, s.range, s.children.len())));
    out
}

const TYPED: &[&str] = &["a", "Z", "1", " ", ":", "-", "\"", "'", "{", "}", "[", "#", "$", "é"];

#[test]
fn keystrokes_in_real_templates_answer_what_a_fresh_read_answers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/iac");
    let files = support::files(&dir, &[".yaml", ".yml"]);
    assert!(files.len() >= 20, "expected the template fixtures in {}", dir.display());
    let steps: usize = std::env::var("ASL_LS_TEMPLATE_STEPS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    let mut rng = support::Rng(0x5eed_7e3a_1a7e);
    let mut checked = 0;
    for path in &files {
        let name = path.to_string_lossy().into_owned();
        let mut text = support::read(path);
        let Some(mut hosted) = Hosted::new(&name, &text, &none) else { continue };
        if hosted.machines().is_empty() {
            continue;
        }
        for step in 0..steps {
            // Keystrokes land inside a definition three times in four.
            let spans: Vec<_> = hosted.machines().iter().map(|m| m.map.host_span()).filter(|s| !s.is_empty()).collect();
            let at = match spans.get(rng.below(spans.len().max(1) * 4 / 3 + 1)) {
                Some(span) => span.start as usize + rng.below((span.end - span.start) as usize + 1),
                None => rng.below(text.len() + 1),
            };
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            if rng.below(3) == 0 && at < text.len() && !text[at..].starts_with(['\n', '\r']) {
                let len = text[at..].chars().next().map_or(1, char::len_utf8);
                text.replace_range(at..at + len, "");
            } else {
                text.insert_str(at, TYPED[rng.below(TYPED.len())]);
            }
            let Some(fresh) = Hosted::new(&name, &text, &none) else { break };
            let Some(next) = hosted.after(&name, &text, &none) else {
                panic!("{name} step {step}: no longer a template")
            };
            hosted = next;
            assert_eq!(described(&hosted), described(&fresh), "{name} after step {step}:\n{text}");
            checked += 1;
        }
    }
    eprintln!("{checked} keystrokes in {} templates", files.len());
    assert!(checked > 400, "{checked}");
}
