// extension.ts activated against a fake `vscode` module (no VS Code needed).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { test } from 'node:test';
import * as os from 'os';
import * as path from 'path';
import { document, Fake, installFakeVscode, settle } from './fakeVscode';

const ASL = '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}';

interface ExtensionModule {
  activate(context: unknown): void;
  deactivate(): Thenable<void> | undefined;
}

/** A fresh fake, PATH without asl-ls, the extension module loaded anew, activated. */
async function activated(setup: (fake: Fake) => void = () => undefined): Promise<{ fake: Fake; extension: ExtensionModule }> {
  const fake = installFakeVscode();
  setup(fake);
  const extensionPath = fs.mkdtempSync(path.join(os.tmpdir(), 'asl-ls-ext-'));
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asl-ls-path-'));
  process.env.PATH = emptyDir;
  const modulePath = require.resolve('../extension');
  // The extension's modules all load anew, so they see this fake.
  for (const name of ['../extension', '../serverManager', '../graphPanel']) {
    delete require.cache[require.resolve(name)];
  }
  const extension = require(modulePath) as ExtensionModule;
  extension.activate({ subscriptions: [], extensionPath });
  await settle();
  return { fake, extension };
}

const savedPath = process.env.PATH;
test.afterEach(() => {
  process.env.PATH = savedPath;
});

test('activation registers the commands and starts nothing without an ASL document', async () => {
  const { fake, extension } = await activated();
  assert.deepEqual([...fake.recorded.commands.keys()].sort(), ['aslLs.restartServer', 'aslLs.run', 'aslLs.showGraph']);
  assert.deepEqual(fake.recorded.errors, []);
  assert.ok(fake.recorded.outputs.has('ASL Run'));
  assert.ok(fake.recorded.outputs.has('ASL Language Server'));
  await extension.deactivate();
});

test('an ASL document without a server binary: one error, with both buttons', async () => {
  const { fake, extension } = await activated((f) => {
    f.answer = 'Install instructions';
  });
  fake.didOpen.fire(document('/p/flow.asl.json', 'asl', ASL));
  await settle();
  assert.deepEqual(fake.recorded.errors, [
    {
      message:
        'asl-ls: the language server binary was not found. Install it with `cargo install --path server` from the asl-ls repository, or set aslLs.server.path.',
      items: ['Install instructions', 'Open Settings'],
    },
  ]);
  assert.deepEqual(fake.recorded.opened, ['https://github.com/asl-ls/asl-ls#editors']);
  // Reported once, not for every document.
  fake.didOpen.fire(document('/p/other.asl.json', 'asl', ASL));
  await settle();
  assert.equal(fake.recorded.errors.length, 1);
  // Restarting reports it again; "Open Settings" opens the setting.
  fake.answer = 'Open Settings';
  await fake.recorded.commands.get('aslLs.restartServer')?.();
  await settle();
  assert.equal(fake.recorded.errors.length, 2);
  assert.deepEqual(fake.recorded.executed, [['workbench.action.openSettings', 'aslLs.server.path']]);
  await extension.deactivate();
});

test('aslLs.jsonFiles switches JSON documents that look like ASL, once each', async () => {
  const { fake, extension } = await activated((f) => {
    f.settings['aslLs.jsonFiles'] = true;
    f.documents.push(document('/p/already-open.json', 'json', ASL));
  });
  assert.deepEqual(fake.recorded.languageSwitches, [{ path: '/p/already-open.json', languageId: 'asl' }]);
  fake.didOpen.fire(document('/p/flow.json', 'json', ASL));
  fake.didOpen.fire(document('/p/package.json', 'json', '{"name": "x"}'));
  fake.didOpen.fire(document('/p/flow.json', 'json', ASL)); // switched back by hand: left alone
  await settle();
  assert.deepEqual(fake.recorded.languageSwitches, [
    { path: '/p/already-open.json', languageId: 'asl' },
    { path: '/p/flow.json', languageId: 'asl' },
  ]);
  await extension.deactivate();
});

test('aslLs.jsonFiles off: JSON documents are left alone until it is turned on', async () => {
  const { fake, extension } = await activated((f) => {
    f.documents.push(document('/p/flow.json', 'json', ASL));
  });
  fake.didOpen.fire(document('/p/other.json', 'json', ASL));
  await settle();
  assert.deepEqual(fake.recorded.languageSwitches, []);
  fake.settings['aslLs.jsonFiles'] = true;
  fake.didChangeConfiguration.fire({ affectsConfiguration: (s) => s === 'aslLs.jsonFiles' || s === 'aslLs' });
  await settle();
  assert.deepEqual(fake.recorded.languageSwitches, [{ path: '/p/flow.json', languageId: 'asl' }]);
  await extension.deactivate();
});

test('the commands need an ASL editor', async () => {
  const { fake, extension } = await activated();
  await fake.recorded.commands.get('aslLs.showGraph')?.();
  await fake.recorded.commands.get('aslLs.run')?.();
  assert.deepEqual(fake.recorded.warnings, [
    'ASL: open an ASL definition (.asl.json) to show its graph.',
    'ASL: open an ASL definition (.asl.json) to run it.',
  ]);
  assert.deepEqual(fake.recorded.errors, []);
  await extension.deactivate();
});

test('running without a server binary says so every time the command is used', async () => {
  const { fake, extension } = await activated((f) => {
    const doc = document('/p/flow.asl.json', 'asl', ASL);
    f.documents.push(doc);
    (f.module.window as { activeTextEditor: unknown }).activeTextEditor = { document: doc, viewColumn: 1 };
  });
  assert.equal(fake.recorded.errors.length, 1); // the open ASL document started the server
  await fake.recorded.commands.get('aslLs.run')?.();
  await settle();
  assert.equal(fake.recorded.errors.length, 2);
  assert.match(fake.recorded.errors[1]?.message ?? '', /binary was not found/);
  const log = fake.recorded.outputs.get('ASL Language Server') ?? [];
  assert.ok(log.some((line) => line.includes('Looked at:') && line.includes('/asl-ls')));
  await extension.deactivate();
});
