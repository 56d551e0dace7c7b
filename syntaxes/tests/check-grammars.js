// Static checks of the grammars, run before the scope tests: each file is valid JSON,
// every regex compiles with Oniguruma (the engine VS Code uses), and every include resolves.
// vscode-oniguruma does not throw on a bad pattern (the scanner then matches the empty string
// everywhere), so the compile status is read back from the binding after each pattern.
'use strict';
const fs = require('fs');
const path = require('path');
const onig = require('vscode-oniguruma');

const dir = path.join(__dirname, '..');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.tmLanguage.json')).sort();
const REGEX_KEYS = new Set(['match', 'begin', 'end', 'while']);

async function main() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await onig.loadWASM(wasm.buffer);

  const lastError = (scanner) => {
    const b = scanner._onigBinding;
    if (!b || !b._getLastOnigError) throw new Error('vscode-oniguruma internals changed: update check-grammars.js');
    return b.UTF8ToString(b._getLastOnigError());
  };
  const compile = (source) => {
    const scanner = new onig.OnigScanner([source]);
    const status = lastError(scanner);
    scanner.dispose();
    return status;
  };
  const OK = compile('a'); // the status text for success
  if (compile('(') === OK) throw new Error('cannot detect Oniguruma compile errors');

  const grammars = {};
  for (const f of files) grammars[f] = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const byScope = Object.fromEntries(Object.values(grammars).map((g) => [g.scopeName, g]));

  const errors = [];
  let regexes = 0;
  for (const [file, g] of Object.entries(grammars)) {
    if (!g.scopeName) errors.push(`${file}: no scopeName`);
    if (file.includes('.injection.') && !g.injectionSelector) errors.push(`${file}: no injectionSelector`);
    const walk = (node, where) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        const at = `${where}.${key}`;
        if (REGEX_KEYS.has(key) && typeof value === 'string') {
          regexes++;
          const status = compile(value);
          if (status !== OK) errors.push(`${file} ${at}: ${status}: ${value}`);
        } else if (key === 'include' && !['$self', '$base'].includes(value)) {
          const [scope, rule] = value.startsWith('#') ? [g.scopeName, value.slice(1)] : value.split('#');
          const target = byScope[scope];
          if (!target || (rule && !(target.repository || {})[rule])) errors.push(`${file} ${at}: unresolved include ${value}`);
        } else {
          walk(value, at);
        }
      }
    };
    walk(g, '$');
  }
  // language-configuration.json: its patterns are JavaScript regexes in VS Code.
  const conf = JSON.parse(fs.readFileSync(path.join(dir, 'language-configuration.json'), 'utf8'));
  const jsPatterns = [
    conf.folding && conf.folding.markers && conf.folding.markers.start,
    conf.folding && conf.folding.markers && conf.folding.markers.end,
    ...Object.values(conf.indentationRules || {}),
  ].filter(Boolean);
  for (const p of jsPatterns) {
    try {
      new RegExp(p);
    } catch (e) {
      errors.push(`language-configuration.json: ${e.message}`);
    }
  }

  for (const e of errors) console.error(e);
  console.log(`${files.length} grammars, ${regexes} regexes: ${errors.length ? `${errors.length} problem(s)` : 'all compile, all includes resolve'}`);
  process.exit(errors.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
