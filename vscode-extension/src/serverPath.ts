// Finding the asl-ls binary: the `aslLs.server.path` setting, else a binary
// bundled in the extension (server/asl-ls), else `asl-ls` on PATH. Pure: the
// file system and environment come in as arguments, so it is unit-tested
// without VS Code.

import * as path from 'path';

export interface ResolveInput {
  /** The `aslLs.server.path` setting (may be empty). */
  configured: string | undefined;
  /** The extension's install folder. */
  extensionPath: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative paths. */
  workspaceFolder: string | undefined;
  /** The user's home folder, for `~` and `${userHome}`. */
  homeDir: string;
  /** The PATH environment variable. */
  envPath: string | undefined;
  /** PATHEXT on Windows (".EXE;.CMD;…"). */
  envPathExt?: string | undefined;
  /** `process.platform`. */
  platform: string;
  /** The environment, for `${env:NAME}` in the setting. */
  env?: Record<string, string | undefined>;
  /** Whether `file` exists and is a file that can be run. */
  isExecutable: (file: string) => boolean;
}

export type Resolution =
  | { found: true; path: string; source: 'setting' | 'bundled' | 'path' }
  | { found: false; reason: 'setting-missing'; path: string; tried: string[] }
  | { found: false; reason: 'not-found'; tried: string[] };

/** The binary's file name on `platform`. */
export function binaryName(platform: string): string {
  return platform === 'win32' ? 'asl-ls.exe' : 'asl-ls';
}

/**
 * Expands `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}` in a
 * configured path. `${workspaceFolder}` without a workspace is left as is
 * (and the file will then not be found, which is reported).
 */
export function expandPath(
  value: string,
  vars: { homeDir: string; workspaceFolder: string | undefined; env?: Record<string, string | undefined> },
): string {
  let out = value.trim();
  if (out === '~') {
    out = vars.homeDir;
  } else if (out.startsWith('~/') || out.startsWith('~\\')) {
    out = path.join(vars.homeDir, out.slice(2));
  }
  out = out.replace(/\$\{userHome\}/g, vars.homeDir);
  if (vars.workspaceFolder !== undefined) {
    out = out.replace(/\$\{workspaceFolder\}/g, vars.workspaceFolder);
  }
  out = out.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, name: string) => vars.env?.[name] ?? '');
  return out;
}

function pathApi(platform: string): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Where on PATH an executable called `name` is, if anywhere. */
export function searchPath(
  name: string,
  envPath: string | undefined,
  platform: string,
  isExecutable: (file: string) => boolean,
  envPathExt?: string,
): { found: string | undefined; tried: string[] } {
  const api = pathApi(platform);
  const tried: string[] = [];
  const dirs = (envPath ?? '').split(platform === 'win32' ? ';' : ':').filter((d) => d.length > 0);
  const names = [name];
  if (platform === 'win32' && !/\.[^\\/.]+$/.test(name)) {
    const exts = (envPathExt ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((e) => e.length > 0);
    names.splice(0, 1, ...exts.map((ext) => name + ext.toLowerCase()));
  }
  for (const dir of dirs) {
    for (const candidate of names) {
      const file = api.join(dir.replace(/^"(.*)"$/, '$1'), candidate);
      tried.push(file);
      if (isExecutable(file)) {
        return { found: file, tried };
      }
    }
  }
  return { found: undefined, tried };
}

/** The binary to start, in the order: setting, bundled, PATH. */
export function resolveServerPath(input: ResolveInput): Resolution {
  const api = pathApi(input.platform);
  const configured = (input.configured ?? '').trim();
  if (configured.length > 0) {
    let file = expandPath(configured, {
      homeDir: input.homeDir,
      workspaceFolder: input.workspaceFolder,
      env: input.env ?? {},
    });
    const bare = !file.includes('/') && !file.includes('\\');
    if (bare) {
      // A bare command name ("asl-ls-dev"): look it up on PATH.
      const onPath = searchPath(file, input.envPath, input.platform, input.isExecutable, input.envPathExt);
      if (onPath.found !== undefined) {
        return { found: true, path: onPath.found, source: 'setting' };
      }
      return { found: false, reason: 'setting-missing', path: file, tried: onPath.tried };
    }
    if (!api.isAbsolute(file) && input.workspaceFolder !== undefined) {
      file = api.join(input.workspaceFolder, file);
    }
    if (input.isExecutable(file)) {
      return { found: true, path: file, source: 'setting' };
    }
    return { found: false, reason: 'setting-missing', path: file, tried: [file] };
  }

  const tried: string[] = [];
  const bundled = api.join(input.extensionPath, 'server', binaryName(input.platform));
  tried.push(bundled);
  if (input.isExecutable(bundled)) {
    return { found: true, path: bundled, source: 'bundled' };
  }
  const onPath = searchPath('asl-ls', input.envPath, input.platform, input.isExecutable, input.envPathExt);
  tried.push(...onPath.tried);
  if (onPath.found !== undefined) {
    return { found: true, path: onPath.found, source: 'path' };
  }
  return { found: false, reason: 'not-found', tried };
}

/** The message shown when no binary is found. */
export function notFoundMessage(resolution: Exclude<Resolution, { found: true }>): string {
  const install =
    'Install it with `cargo install --path server` from the asl-ls repository, or set aslLs.server.path.';
  if (resolution.reason === 'setting-missing') {
    return `asl-ls: the language server binary was not found: aslLs.server.path is ${resolution.path}, which does not exist or cannot be run. ${install}`;
  }
  return `asl-ls: the language server binary was not found. ${install}`;
}
