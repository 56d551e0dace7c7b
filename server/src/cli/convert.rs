//! `asl-ls convert --to jsonata DEFINITION`: the definition rewritten in
//! JSONata, printed (or written back with `--write`), with the states that
//! stay JSONPath and why on stderr.

use super::definition::read;
use super::{usage_error_with, EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE};
use crate::ide::convert::{machine_to_jsonata, machine_to_jsonpath};
use crate::ide::format::{json_value, FormatOptions, Indent};
use crate::syntax::Language;
use std::path::PathBuf;

struct Options {
    path: PathBuf,
    to_jsonpath: bool,
    write: bool,
    output: Option<PathBuf>,
}

pub(super) fn run(mut parser: lexopt::Parser, help: &str) -> u8 {
    let options = match parse_options(&mut parser) {
        Ok(options) => options,
        Err(message) => return usage_error_with(&message, help),
    };
    match convert(&options) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("asl-ls: {message}");
            EXIT_USAGE
        }
    }
}

fn convert(options: &Options) -> Result<u8, String> {
    let shown = options.path.to_string_lossy().into_owned();
    let text = read(&options.path).map_err(|e| format!("{shown}: {e}"))?;
    let language = Language::from_path(&shown);
    let parse = language.parse(&text);
    if let Some(error) = parse.errors.iter().find(|e| e.kind != crate::syntax::SyntaxErrorKind::YamlTyping) {
        return Err(format!("{shown}: not converted, the text does not parse: {}", error.message));
    }
    let root = parse.root.as_ref().ok_or_else(|| format!("{shown}: no definition here"))?;
    if root.as_object().is_none_or(|o| !o.has("States")) {
        return Err(format!("{shown}: not a state machine definition (no `States`)"));
    }
    let definition = crate::run::tree_to_json(root);
    let (conversion, stays) = match options.to_jsonpath {
        true => (machine_to_jsonpath(&definition), "JSONata"),
        false => (machine_to_jsonata(&definition), "JSONPath"),
    };
    for left in &conversion.left {
        eprintln!("asl-ls: {shown}: {} stays {stays}: {}", left.pointer, left.why);
    }
    let written = match language {
        Language::Json => {
            let options = FormatOptions::new(Indent::of_text(&text));
            let mut out = json_value(&conversion.definition, "", 0, &options);
            out.push('\n');
            out
        }
        Language::Yaml => {
            let json = serde_json::to_string(&conversion.definition).unwrap_or_default();
            let tree = crate::syntax::parse(&json);
            let root = tree.root.ok_or("the converted definition could not be written")?;
            crate::syntax::to_yaml(&json, &root, &crate::ide::yaml_text::yaml_unit(&text))
        }
    };
    let target = options.output.clone().or_else(|| options.write.then(|| options.path.clone()));
    match target {
        Some(path) => std::fs::write(&path, written).map_err(|e| format!("{}: {e}", path.display()))?,
        None => super::out(&written),
    }
    Ok(if conversion.complete() { EXIT_CLEAN } else { EXIT_PROBLEMS })
}

fn parse_options(parser: &mut lexopt::Parser) -> Result<Options, String> {
    use lexopt::Arg::{Long, Short, Value};
    let (mut path, mut to, mut write, mut output) = (None, None, false, None);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("to") => to = Some(parser.value().map_err(|e| e.to_string())?.to_string_lossy().to_lowercase()),
            Long("write") => write = true,
            Short('o') | Long("output") => output = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?)),
            Value(p) if path.is_none() => path = Some(PathBuf::from(p)),
            other => return Err(format!("unexpected {}", super::describe(&other))),
        }
    }
    let to_jsonpath = match to.as_deref() {
        Some("jsonata") => false,
        Some("jsonpath") => true,
        Some(other) => return Err(format!("--to takes jsonata or jsonpath, not `{other}`")),
        None => return Err("say what to convert to: --to jsonata or --to jsonpath".into()),
    };
    let path = path.ok_or("give the definition to convert")?;
    Ok(Options { path, to_jsonpath, write, output })
}
