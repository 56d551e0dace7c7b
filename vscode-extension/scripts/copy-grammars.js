#!/usr/bin/env node
// Copies the TextMate grammars (*.tmLanguage.json) and the language
// configuration (language-configuration.json) from the
// repository's syntaxes/ (../syntaxes, or $ASL_SYNTAXES_DIR) into this
// extension's syntaxes/, because vsce only packages files inside the
// extension folder. The copy is gitignored. Fails clearly when the source
// folder or one of the files package.json names is missing, or when a
// grammar's scopeName is not the one package.json contributes it under.
'use strict';

const fs = require('fs');
const path = require('path');

const here = path.resolve(__dirname, '..');
const source = path.resolve(here, process.env.ASL_SYNTAXES_DIR || path.join('..', 'syntaxes'));
const target = path.join(here, 'syntaxes');

function fail(message) {
  console.error(`copy-grammars: ${message}`);
  process.exit(1);
}

// What package.json expects under ./syntaxes/, with the scopeName each grammar must declare.
const manifest = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const expected = new Map();
for (const grammar of manifest.contributes.grammars) {
  if (grammar.path.startsWith('./syntaxes/')) {
    expected.set(path.basename(grammar.path), grammar.scopeName);
  }
}
for (const language of manifest.contributes.languages) {
  if (language.configuration && language.configuration.startsWith('./syntaxes/')) {
    expected.set(path.basename(language.configuration), null);
  }
}

if (!fs.existsSync(source) || !fs.statSync(source).isDirectory()) {
  fail(
    `the grammar folder ${source} does not exist. The extension packages the TextMate grammars ` +
      `of the repository's syntaxes/ folder: run this from vscode-extension/ inside the asl-ls ` +
      `repository, or set ASL_SYNTAXES_DIR to a folder holding ${[...expected.keys()].join(', ')}.`
  );
}
if (path.resolve(source) === path.resolve(target)) {
  fail('ASL_SYNTAXES_DIR must not be the extension\'s own syntaxes/ folder');
}

const missing = [...expected.keys()].filter((name) => !fs.existsSync(path.join(source, name)));
if (missing.length > 0) {
  fail(`${source} lacks ${missing.join(', ')} (named in package.json)`);
}

// The grammars and the language configuration only (the folder also holds
// the grammar tests' package.json and package-lock.json).
const files = fs
  .readdirSync(source)
  .filter((name) => name.endsWith('.tmLanguage.json') || name === 'language-configuration.json' || expected.has(name))
  .sort();
for (const name of files) {
  const file = path.join(source, name);
  let json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`${file} is not valid JSON: ${error.message}`);
  }
  const scope = expected.get(name);
  if (scope && json.scopeName !== scope) {
    fail(`${file} declares scopeName ${JSON.stringify(json.scopeName)}, but package.json contributes it as ${scope}`);
  }
}

fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
for (const name of files) {
  fs.copyFileSync(path.join(source, name), path.join(target, name));
}
console.log(`copy-grammars: ${files.length} file(s) from ${path.relative(here, source) || '.'} to syntaxes/`);
