//! Formatting on the whole real-world corpus: every file formatted reads
//! back as the same tree (JSON: the same value; YAML: the same tree and the
//! same lines but for their indentation), a second formatting changes
//! nothing, and no comment is lost.

mod support;

use asl_ls::ide::format::{apply, format, same_tree, FormatOptions, Indent};
use asl_ls::syntax::{Language, SyntaxErrorKind};

fn comments(text: &str, language: Language) -> usize {
    match language {
        Language::Json => language.parse(text).errors.iter().filter(|e| e.kind == SyntaxErrorKind::Comment).count(),
        Language::Yaml => text.lines().filter(|l| l.contains('#')).count(),
    }
}

fn unindented(text: &str) -> Vec<&str> {
    text.lines().map(|l| l.trim_start_matches(' ')).filter(|l| !l.is_empty()).collect()
}

#[test]
fn every_real_world_file_formats_to_the_same_tree_and_stays_formatted() {
    let dir = support::shared().join("corpus/real-world");
    let files = support::files(&dir, &[".json", ".yaml"]);
    assert!(files.len() >= 320, "expected the real-world corpus in {}", dir.display());
    let mut failures = Vec::new();
    let mut changed = 0;
    for path in &files {
        let text = support::read(path);
        let language = Language::from_path(&path.to_string_lossy());
        let before = language.parse(&text);
        let indents: &[Indent] = match language {
            Language::Json => &[Indent::Spaces(2), Indent::Spaces(4), Indent::Tab],
            Language::Yaml => &[Indent::Spaces(2), Indent::Spaces(4)],
        };
        for &indent in indents {
            let options = FormatOptions::new(indent);
            let name = format!("{} ({indent:?})", path.display());
            let edits = match format(&text, language, None, &options) {
                Ok(edits) => edits,
                Err(why) => {
                    failures.push(format!("{name}: {}", why.message));
                    continue;
                }
            };
            changed += usize::from(!edits.is_empty());
            let once = apply(&text, &edits);
            let after = language.parse(&once);
            match (&before.root, &after.root) {
                (Some(a), Some(b)) if same_tree(a, b) => {}
                _ => failures.push(format!("{name}: the formatted text reads as another tree")),
            }
            if comments(&once, language) != comments(&text, language) {
                failures.push(format!("{name}: a comment was lost"));
            }
            if language == Language::Yaml && unindented(&once) != unindented(&text) {
                failures.push(format!("{name}: a YAML line changed beyond its indentation"));
            }
            let again = format(&once, language, None, &options).map(|e| apply(&once, &e));
            if again.as_deref() != Ok(once.as_str()) {
                failures.push(format!("{name}: a second formatting changes the text"));
            }
        }
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
    assert!(changed > 0, "formatting changed nothing anywhere");
}

/// Broken and odd texts (random edits of real files): formatting refuses
/// them or keeps their tree, and is stable.
#[test]
fn randomly_edited_files_format_safely_or_not_at_all() {
    let dir = support::shared().join("corpus/real-world");
    let files = support::files(&dir, &[".json", ".yaml"]);
    let mut rng = support::Rng(0x5eed_f0a7);
    let mut formatted = 0;
    for path in files.iter().step_by(4) {
        let mut text = support::read(path);
        let language = Language::from_path(&path.to_string_lossy());
        for _ in 0..25 {
            text = support::random_edit(&text, &mut rng);
            let options = FormatOptions::new(Indent::Spaces(2));
            let Ok(edits) = format(&text, language, None, &options) else { continue };
            formatted += 1;
            let once = apply(&text, &edits);
            match (&language.parse(&text).root, &language.parse(&once).root) {
                (Some(a), Some(b)) => {
                    assert!(same_tree(a, b), "{}: tree changed:\n{text}\n---\n{once}", path.display())
                }
                (None, None) => {}
                _ => panic!("{}: a root appeared or vanished", path.display()),
            }
            let again = format(&once, language, None, &options).map(|e| apply(&once, &e));
            assert_eq!(again.as_deref(), Ok(once.as_str()), "{}: not stable", path.display());
        }
    }
    assert!(formatted > 100, "only {formatted} edited texts were formatted");
}
