#!/usr/bin/env node
// Starts the asl-ls binary of this platform's package (@asl-ls/<platform>-<arch>,
// an optional dependency that npm installs only where it fits, as Biome and
// esbuild do: nothing is downloaded at install time). ASL_LS_BINARY, when
// set, names another binary to start.
'use strict';

const { spawnSync } = require('child_process');

const platformPackage = `@asl-ls/${process.platform}-${process.arch}`;
const exe = process.platform === 'win32' ? 'asl-ls.exe' : 'asl-ls';

function binary() {
  if (process.env.ASL_LS_BINARY) {
    return process.env.ASL_LS_BINARY;
  }
  try {
    return require.resolve(`${platformPackage}/bin/${exe}`);
  } catch {
    process.stderr.write(
      `asl-ls: no binary for ${process.platform}-${process.arch}: the package ${platformPackage} is not installed.\n` +
        'npm installs it with asl-ls unless optional dependencies are turned off (--omit=optional, --no-optional);\n' +
        'reinstall asl-ls with them, or use another install: https://github.com/asl-ls/asl-ls#install\n',
    );
    process.exit(2);
  }
}

// stdio is inherited, so the language server (`asl-ls --stdio`) talks to the
// editor directly, and a terminal's colours and width reach `asl-ls check`.
const result = spawnSync(binary(), process.argv.slice(2), { stdio: 'inherit', windowsHide: true });
if (result.error) {
  process.stderr.write(`asl-ls: could not start ${binary()}: ${result.error.message}\n`);
  process.exit(2);
}
if (result.signal) {
  process.kill(process.pid, result.signal);
}
process.exit(result.status ?? 2);
