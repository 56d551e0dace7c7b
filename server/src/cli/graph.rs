//! `asl-ls graph`: the state machine as a picture (SVG, DOT or Mermaid),
//! optionally with the path of an evaluator run coloured.

use super::run::{context, json_arg, mocks};
use super::EXIT_CLEAN;
use crate::graph::{path_of, render_in, Format};
use crate::run::{run_in as execute, Options};
use serde_json::json;
use std::path::PathBuf;

pub(super) struct Args {
    definition: PathBuf,
    format: Format,
    output: Option<PathBuf>,
    input: Option<String>,
    mocks: Option<PathBuf>,
    test_case: Option<String>,
    machine: Option<String>,
    /// A test file: its cases run, the states and edges they covered coloured.
    coverage: Option<PathBuf>,
}

pub(super) fn parse_args(parser: &mut lexopt::Parser) -> Result<Args, String> {
    use lexopt::Arg::{Long, Short, Value as Plain};
    let mut definition = None;
    let mut args = Args {
        definition: PathBuf::new(),
        format: Format::Svg,
        output: None,
        input: None,
        mocks: None,
        test_case: None,
        machine: None,
        coverage: None,
    };
    let text = |parser: &mut lexopt::Parser| -> Result<String, String> {
        parser.value().map(|v| v.to_string_lossy().into_owned()).map_err(|e| e.to_string())
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("format") => {
                let name = text(parser)?;
                args.format =
                    Format::parse(&name).ok_or(format!("unknown format `{name}`: use svg, dot or mermaid"))?;
            }
            Long("output") | Short('o') => args.output = Some(text(parser)?.into()),
            Long("input") => args.input = Some(text(parser)?),
            Long("mocks") => args.mocks = Some(text(parser)?.into()),
            Long("test-case") => args.test_case = Some(text(parser)?),
            Long("machine") => args.machine = Some(text(parser)?),
            Long("coverage") => args.coverage = Some(text(parser)?.into()),
            Plain(path) if definition.is_none() => definition = Some(PathBuf::from(path)),
            other => return Err(format!("unexpected {}", super::describe(&other))),
        }
    }
    args.definition = definition.ok_or("missing the definition to draw")?;
    Ok(args)
}

pub(super) fn draw(args: &Args) -> Result<u8, String> {
    let loaded = super::definition::load(&args.definition, args.machine.as_deref())?;
    let (text, language) = (loaded.text, loaded.language);
    // With an input or mocks, run it first and colour the path taken.
    let path = if let Some(test_file) = &args.coverage {
        covered(test_file, &text, language)?
    } else if args.input.is_some() || args.mocks.is_some() {
        let options = Options {
            input: args.input.as_deref().map(|i| json_arg(i, "input")).transpose()?.unwrap_or(json!({})),
            context: Some(context(None)?),
            ..Options::default()
        };
        let mut mocks = mocks(args.mocks.as_deref(), args.test_case.as_deref())?;
        path_of(&execute(&text, language, &options, mocks.as_mut())?)
    } else {
        Vec::new()
    };
    let picture = render_in(&text, language, args.format, &path)
        .ok_or_else(|| format!("{} is not a state machine (an object)", args.definition.display()))?;
    match &args.output {
        Some(file) => std::fs::write(file, picture).map_err(|e| format!("{}: {e}", file.display()))?,
        None => super::out(&picture),
    }
    Ok(EXIT_CLEAN)
}

/// Every state each case of `test_file` entered, runs one after the other:
/// what they covered is coloured as a run's path is, the rest stays plain.
fn covered(
    test_file: &std::path::Path,
    text: &str,
    language: crate::syntax::Language,
) -> Result<Vec<crate::graph::Visit>, String> {
    let source = super::definition::read(test_file).map_err(|e| format!("{}: {e}", test_file.display()))?;
    let name = test_file.to_string_lossy();
    let file = crate::testing::read(&source, crate::syntax::Language::from_path(&name));
    if let Some(problem) = file.problems.first() {
        return Err(format!("{name}: {}", problem.message));
    }
    let folder = test_file.parent().unwrap_or(std::path::Path::new("."));
    let subject = crate::testing::Subject { definition: text, language, folder };
    let mut path = Vec::new();
    for case in &file.cases {
        if let Some(outcome) = crate::testing::run_case(&subject, &file, case).outcome {
            path.extend(path_of(&outcome));
        }
    }
    Ok(path)
}
