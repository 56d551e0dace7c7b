// package.json against the code: commands, settings, grammars, pins.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { test } from 'node:test';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
// The compiled client, all modules that talk to VS Code.
const extensionJs = ['extension.js', 'serverManager.js', 'graphPanel.js']
  .map((file) => fs.readFileSync(path.join(root, 'out', file), 'utf8'))
  .join('\n');

test('every contributed command is registered and activates the extension', () => {
  const commands: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
  assert.deepEqual(commands.sort(), ['aslLs.restartServer', 'aslLs.run', 'aslLs.showGraph']);
  for (const command of commands) {
    assert.ok(extensionJs.includes(`registerCommand('${command}'`), `${command} is registered`);
    assert.ok(manifest.activationEvents.includes(`onCommand:${command}`));
  }
  assert.ok(manifest.activationEvents.includes('onLanguage:asl'));
  const graph = manifest.contributes.commands.find((c: { command: string }) => c.command === 'aslLs.showGraph');
  assert.equal(graph.icon, '$(type-hierarchy)');
  assert.deepEqual(manifest.contributes.menus['editor/title'], [
    { command: 'aslLs.showGraph', when: 'editorLangId == asl', group: 'navigation' },
  ]);
});

test('the settings the code reads are all contributed', () => {
  const properties = Object.keys(manifest.contributes.configuration.properties);
  assert.deepEqual(properties.sort(), [
    'aslLs.diagnostics',
    'aslLs.jsonFiles',
    'aslLs.machineType',
    'aslLs.run.input',
    'aslLs.run.onEdit',
    'aslLs.run.s3Root',
    'aslLs.run.testCase',
    'aslLs.server.extraArgs',
    'aslLs.server.path',
    'aslLs.trace.server',
  ]);
  // vscode-languageclient reads `<client id>.trace.server`.
  assert.ok(extensionJs.includes("CLIENT_ID = 'aslLs'"));
});

test('languages and grammars point inside the extension', () => {
  const asl = manifest.contributes.languages.find((l: { id: string }) => l.id === 'asl');
  assert.deepEqual(asl.aliases, ['Amazon States Language', 'ASL']);
  assert.equal(asl.configuration, './syntaxes/language-configuration.json');
  const scopes = Object.fromEntries(
    manifest.contributes.grammars.map((g: { scopeName: string; path: string }) => [g.scopeName, g.path]),
  );
  assert.deepEqual(scopes, {
    'source.asl': './syntaxes/asl.tmLanguage.json',
    'asl.injection.jsonpath': './syntaxes/asl-jsonpath.injection.tmLanguage.json',
    'asl.injection.intrinsics': './syntaxes/asl-intrinsics.injection.tmLanguage.json',
    'asl.injection.jsonata': './syntaxes/asl-jsonata.injection.tmLanguage.json',
    'source.asl.yaml': './grammars/asl-yaml.tmLanguage.json',
  });
  for (const grammar of manifest.contributes.grammars) {
    if (grammar.scopeName.startsWith('asl.injection.')) {
      assert.deepEqual(grammar.injectTo, ['source.asl']);
    }
    const file = path.join(root, grammar.path);
    assert.ok(fs.existsSync(file), `${grammar.path} exists (copied by npm run compile)`);
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).scopeName, grammar.scopeName);
  }
});

test('dependencies are pinned; only vscode-languageclient ships', () => {
  assert.deepEqual(Object.keys(manifest.dependencies), ['vscode-languageclient']);
  for (const version of [...Object.values(manifest.dependencies), ...Object.values(manifest.devDependencies)]) {
    assert.match(String(version), /^\d+\.\d+\.\d+$/);
  }
  assert.equal(manifest.engines.vscode, '^1.85.0');
  assert.equal(manifest.devDependencies['@types/vscode'], '1.85.0');
  assert.equal(manifest.main, './out/extension.js');
});
