//! Reading what the commands take: a definition file, or a template and
//! the machines in it (`--machine NAME` picks one).

use crate::ide::hosted::Hosted;
use crate::syntax::Language;
use std::path::Path;

pub(crate) use crate::text::read_file as read;

/// The template at `path` as a host, its linked files read beside it.
pub(super) fn hosted(path: &Path, text: &str) -> Option<Hosted> {
    let folder = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let resolve = move |relative: &str| {
        let file = folder.join(relative);
        if file.is_dir() {
            return Err("it is a folder".to_string());
        }
        read(&file).map_err(|e| if file.exists() { e } else { "no such file".to_string() })
    };
    Hosted::new(&path.to_string_lossy(), text, &resolve)
}

/// A definition ready to run or draw.
pub(super) struct Loaded {
    pub text: String,
    pub language: Language,
    /// Error-severity diagnostics (the run refuses them).
    pub errors: Vec<crate::ide::diagnostics::Diagnostic>,
}

/// The definition at `path`, or the machine `machine` of the template there
/// (needed when it holds several).
pub(super) fn load(path: &Path, machine: Option<&str>) -> Result<Loaded, String> {
    use crate::ide::diagnostics::{check_in, Severity};
    let shown = path.display();
    let text = read(path).map_err(|e| format!("{shown}: {e}"))?;
    let Some(hosted) = hosted(path, &text) else {
        if let Some(name) = machine {
            return Err(format!("{shown} is not a template holding state machines (asked for --machine {name})"));
        }
        let language = Language::from_path(&path.to_string_lossy());
        let errors = check_in(&text, language, &crate::ide::Config::default())
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        return Ok(Loaded { text, language, errors });
    };
    let names: Vec<&str> = hosted.machines().iter().map(|m| m.name.as_str()).collect();
    let chosen = match (machine, hosted.machines()) {
        (Some(name), _) => hosted
            .machine(name)
            .ok_or_else(|| format!("{shown} has no state machine `{name}`; it has: {}", names.join(", ")))?,
        (None, [one]) => one,
        (None, _) => {
            return Err(format!(
                "{shown} holds {} state machines: choose one with --machine ({})",
                names.len(),
                names.join(", ")
            ))
        }
    };
    let analysis = match (&chosen.analysis, &chosen.linked) {
        (Some(analysis), _) => analysis,
        (None, Some(linked)) => &linked.analysis,
        (None, None) => return Err(format!("the definition of `{}` is not in a file asl-ls can read", chosen.name)),
    };
    let config = crate::ide::Config::default();
    let errors = hosted
        .diagnostics(&config)
        .into_iter()
        .filter(|d| d.machine.as_deref().is_none_or(|m| m == chosen.name) && d.diagnostic.severity == Severity::Error)
        .map(|d| d.diagnostic)
        .chain(
            hosted
                .linked_diagnostics(&config)
                .into_iter()
                .filter(|(m, ..)| *m == chosen.name)
                .flat_map(|(.., found)| found.into_iter().filter(|d| d.severity == Severity::Error)),
        )
        .collect();
    // The tree as the host deploys it (placeholders, substitutions) as JSON.
    let tree = analysis.root_value().map(crate::run::tree_to_json).unwrap_or_default();
    Ok(Loaded { text: serde_json::to_string(&tree).unwrap_or_default(), language: Language::Json, errors })
}
