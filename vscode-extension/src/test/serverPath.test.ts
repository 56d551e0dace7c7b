import { strict as assert } from 'assert';
import { test } from 'node:test';
import { binaryName, expandPath, notFoundMessage, resolveServerPath, ResolveInput } from '../serverPath';

function input(files: string[], overrides: Partial<ResolveInput> = {}): ResolveInput {
  const present = new Set(files);
  return {
    configured: '',
    extensionPath: '/ext',
    workspaceFolder: '/work/project',
    homeDir: '/home/me',
    envPath: '/usr/local/bin:/usr/bin:/home/me/.cargo/bin',
    platform: 'linux',
    isExecutable: (file) => present.has(file),
    ...overrides,
  };
}

test('the setting wins over the bundled binary and PATH', () => {
  const result = resolveServerPath(
    input(['/opt/asl-ls', '/ext/server/asl-ls', '/usr/bin/asl-ls'], { configured: '/opt/asl-ls' }),
  );
  assert.deepEqual(result, { found: true, path: '/opt/asl-ls', source: 'setting' });
});

test('the bundled binary comes before PATH', () => {
  const result = resolveServerPath(input(['/ext/server/asl-ls', '/usr/bin/asl-ls']));
  assert.deepEqual(result, { found: true, path: '/ext/server/asl-ls', source: 'bundled' });
});

test('PATH is searched in order', () => {
  const result = resolveServerPath(input(['/usr/bin/asl-ls', '/home/me/.cargo/bin/asl-ls']));
  assert.deepEqual(result, { found: true, path: '/usr/bin/asl-ls', source: 'path' });
});

test('nothing found: not-found with every place looked at', () => {
  const result = resolveServerPath(input([]));
  assert.equal(result.found, false);
  if (result.found) return;
  assert.equal(result.reason, 'not-found');
  assert.deepEqual(result.tried, [
    '/ext/server/asl-ls',
    '/usr/local/bin/asl-ls',
    '/usr/bin/asl-ls',
    '/home/me/.cargo/bin/asl-ls',
  ]);
  assert.match(notFoundMessage(result), /^asl-ls: the language server binary was not found\. Install it with `cargo install --path server`/);
  assert.match(notFoundMessage(result), /set aslLs\.server\.path\.$/);
});

test('a configured path that does not exist is reported, with no fallback', () => {
  const result = resolveServerPath(input(['/usr/bin/asl-ls'], { configured: '/nope/asl-ls' }));
  assert.equal(result.found, false);
  if (result.found) return;
  assert.equal(result.reason, 'setting-missing');
  assert.match(notFoundMessage(result), /aslLs\.server\.path is \/nope\/asl-ls/);
});

test('~ and ${workspaceFolder} are expanded; relative paths are from the workspace', () => {
  assert.deepEqual(resolveServerPath(input(['/home/me/bin/asl-ls'], { configured: '~/bin/asl-ls' })), {
    found: true,
    path: '/home/me/bin/asl-ls',
    source: 'setting',
  });
  assert.deepEqual(
    resolveServerPath(input(['/work/project/target/debug/asl-ls'], { configured: '${workspaceFolder}/target/debug/asl-ls' })),
    { found: true, path: '/work/project/target/debug/asl-ls', source: 'setting' },
  );
  assert.deepEqual(resolveServerPath(input(['/work/project/target/release/asl-ls'], { configured: 'target/release/asl-ls' })), {
    found: true,
    path: '/work/project/target/release/asl-ls',
    source: 'setting',
  });
  assert.equal(expandPath('${userHome}/x', { homeDir: '/h', workspaceFolder: undefined }), '/h/x');
  assert.equal(expandPath('${env:TOOLS}/asl-ls', { homeDir: '/h', workspaceFolder: undefined, env: { TOOLS: '/t' } }), '/t/asl-ls');
});

test('a bare command name in the setting is looked up on PATH', () => {
  const result = resolveServerPath(input(['/usr/bin/asl-ls-nightly'], { configured: 'asl-ls-nightly' }));
  assert.deepEqual(result, { found: true, path: '/usr/bin/asl-ls-nightly', source: 'setting' });
});

test('Windows: asl-ls.exe bundled, PATHEXT on PATH, ; separators', () => {
  assert.equal(binaryName('win32'), 'asl-ls.exe');
  assert.equal(binaryName('darwin'), 'asl-ls');
  const bundled = resolveServerPath(
    input(['C:\\ext\\server\\asl-ls.exe'], { platform: 'win32', extensionPath: 'C:\\ext', envPath: 'C:\\bin' }),
  );
  assert.deepEqual(bundled, { found: true, path: 'C:\\ext\\server\\asl-ls.exe', source: 'bundled' });
  const onPath = resolveServerPath(
    input(['D:\\tools\\asl-ls.exe'], {
      platform: 'win32',
      extensionPath: 'C:\\ext',
      envPath: 'C:\\bin;D:\\tools',
      envPathExt: '.COM;.EXE',
    }),
  );
  assert.deepEqual(onPath, { found: true, path: 'D:\\tools\\asl-ls.exe', source: 'path' });
});

test('an empty or unset PATH finds nothing but the bundled binary', () => {
  const result = resolveServerPath(input([], { envPath: undefined }));
  assert.equal(result.found, false);
  if (!result.found) assert.deepEqual(result.tried, ['/ext/server/asl-ls']);
});
