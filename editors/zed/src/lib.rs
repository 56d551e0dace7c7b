//! The Zed extension for asl-ls: starts the `asl-ls` language server for
//! JSON and YAML documents, from `lsp.asl-ls.binary.path` in Zed's settings
//! when that is set, else the `asl-ls` found on the worktree's PATH.
//! `lsp.asl-ls.initialization_options` and `lsp.asl-ls.settings` go to the
//! server as they are (`machineType`, `diagnostics`, `run`).

use zed_extension_api::{self as zed, serde_json::Value, settings::LspSettings, LanguageServerId, Result};

const SERVER: &str = "asl-ls";

struct AslLsExtension;

impl zed::Extension for AslLsExtension {
    fn new() -> Self {
        AslLsExtension
    }

    fn language_server_command(&mut self, _id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(SERVER, worktree).ok().and_then(|s| s.binary);
        let (path, arguments, env) = match binary {
            Some(b) => (b.path, b.arguments, b.env.map(|e| e.into_iter().collect::<Vec<_>>())),
            None => (None, None, None),
        };
        let command = match path.or_else(|| worktree.which(SERVER)) {
            Some(command) => command,
            None => {
                return Err("asl-ls is not on PATH: install it with `cargo install asl-ls`, `pipx install asl-ls` \
                            or `npm install -g asl-ls`, or set lsp.asl-ls.binary.path \
                            (https://github.com/asl-ls/asl-ls)"
                    .into())
            }
        };
        Ok(zed::Command {
            command,
            args: arguments.unwrap_or_else(|| vec!["--stdio".into()]),
            env: env.unwrap_or_else(|| worktree.shell_env()),
        })
    }

    fn language_server_initialization_options(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<Value>> {
        Ok(LspSettings::for_worktree(SERVER, worktree).ok().and_then(|s| s.initialization_options))
    }

    fn language_server_workspace_configuration(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<Value>> {
        Ok(LspSettings::for_worktree(SERVER, worktree).ok().and_then(|s| s.settings))
    }
}

zed::register_extension!(AslLsExtension);
