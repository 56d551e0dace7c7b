//! Turning command-line paths (files, directories, globs) into the list of
//! definitions to check.

use crate::syntax::Language;
use std::path::{Path, PathBuf};

/// Files to check, in a stable order, and the paths that could not be used.
pub(super) struct Expanded {
    pub files: Vec<PathBuf>,
    pub errors: Vec<String>,
}

pub(super) fn expand(paths: &[PathBuf]) -> Expanded {
    let mut out = Expanded { files: Vec::new(), errors: Vec::new() };
    for path in paths {
        let text = path.to_string_lossy();
        if !path.exists() && text.contains(['*', '?', '[']) {
            match glob::glob(&text) {
                Ok(matches) => {
                    let before = out.files.len();
                    for entry in matches.flatten() {
                        add(&entry, true, &mut out);
                    }
                    if out.files.len() == before {
                        out.errors.push(format!("{text}: no file matches this pattern"));
                    }
                }
                Err(error) => out.errors.push(format!("{text}: invalid pattern: {error}")),
            }
        } else {
            add(path, true, &mut out);
        }
    }
    out
}

fn add(path: &Path, explicit: bool, out: &mut Expanded) {
    if path.is_dir() {
        walk(path, out);
    } else if path.is_file() {
        if explicit || is_definition_file(path) {
            out.files.push(path.to_path_buf());
        }
    } else {
        out.errors.push(format!("{}: no such file or directory", path.display()));
    }
}

fn walk(dir: &Path, out: &mut Expanded) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            out.errors.push(format!("{}: {error}", dir.display()));
            return;
        }
    };
    // The entry's own type (no further `stat`), following a symbolic link only when it is one.
    let is_dir = |entry: &std::fs::DirEntry| match entry.file_type() {
        Ok(kind) if kind.is_symlink() => entry.path().is_dir(),
        Ok(kind) => kind.is_dir(),
        Err(_) => false,
    };
    let mut paths: Vec<(PathBuf, bool)> = entries.flatten().map(|e| (e.path(), is_dir(&e))).collect();
    paths.sort();
    for (path, is_dir) in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if is_dir {
            let parent = dir.file_name().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
            if !crate::syntax::is_skipped_folder(&parent, &name) {
                walk(&path, out);
            }
        } else if is_definition_file(&path) {
            out.files.push(path);
        }
    }
}

/// `*.asl.json`, `*.asl.yaml`, `*.asl.yml` and `*.asl` always; other
/// `*.json` and `*.yaml` only when the top level has `StartAt` or `States`
/// (so a package.json or a CI workflow is left alone).
fn is_definition_file(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    if crate::syntax::DEFINITION_SUFFIXES.iter().any(|end| name.ends_with(end)) || crate::host::is_host_file_name(&name)
    {
        return true;
    }
    if ![".json", ".yaml", ".yml"].iter().any(|end| name.ends_with(end)) {
        return false;
    }
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    // A template under another name (`stack.yaml`) that holds a machine.
    if crate::host::read(&name, &text).is_some() {
        return true;
    }
    let parse = Language::from_path(&name).parse(&text);
    parse
        .root
        .as_ref()
        .and_then(|root| root.as_object())
        .is_some_and(|object| object.has("StartAt") || object.has("States"))
}
