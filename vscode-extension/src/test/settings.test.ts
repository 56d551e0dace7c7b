import { strict as assert } from 'assert';
import { test } from 'node:test';
import { buildServerSettings, extraArgs, normaliseSeverity, readerFromObject } from '../settings';

test('initializationOptions have the shape {aslLs: {machineType, diagnostics, run}}', () => {
  const settings = buildServerSettings(
    readerFromObject({
      server: { path: '/x', extraArgs: [] },
      machineType: 'express',
      diagnostics: { ASL203: 'off', 'resource-not-arn': 'Error' },
      run: { onEdit: true, input: { orderId: 7 }, testCase: 'HappyPath', s3Root: ' s3 ' },
      jsonFiles: true,
    }),
  );
  assert.deepEqual(settings, {
    aslLs: {
      machineType: 'express',
      diagnostics: { ASL203: 'off', 'resource-not-arn': 'error' },
      run: { onEdit: true, input: { orderId: 7 }, testCase: 'HappyPath', s3Root: 's3' },
    },
  });
  // It is sent as JSON: round-trips unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(settings)), settings);
});

test('defaults: standard, no diagnostics overrides, run without input and test case', () => {
  const settings = buildServerSettings(readerFromObject({}));
  assert.deepEqual(settings, { aslLs: { machineType: 'standard', diagnostics: {}, run: { onEdit: false } } });
  assert.equal('input' in settings.aslLs.run, false);
  assert.equal('testCase' in settings.aslLs.run, false);
  assert.equal('s3Root' in settings.aslLs.run, false);
});

test('bad values are dropped or fall back', () => {
  const settings = buildServerSettings(
    readerFromObject({
      machineType: 'turbo',
      diagnostics: { ASL201: 'loud', ASL202: 'warn', ASL204: 42, '': 'off' },
      run: { onEdit: 'yes', input: null, testCase: '   ' },
    }),
  );
  assert.deepEqual(settings.aslLs, { machineType: 'standard', diagnostics: { ASL202: 'warning' }, run: { onEdit: false } });
  assert.deepEqual(buildServerSettings(readerFromObject({ diagnostics: ['ASL201'] })).aslLs.diagnostics, {});
});

test('run.input may be any JSON value, including false, 0 and arrays', () => {
  for (const input of [false, 0, 'text', [1, 2], { a: { b: null } }]) {
    assert.deepEqual(buildServerSettings(readerFromObject({ run: { input } })).aslLs.run.input, input);
  }
});

test('severity names and aliases', () => {
  assert.equal(normaliseSeverity('INFORMATION'), 'information');
  assert.equal(normaliseSeverity('info'), 'information');
  assert.equal(normaliseSeverity('none'), 'off');
  assert.equal(normaliseSeverity('hint'), 'hint');
  assert.equal(normaliseSeverity('fatal'), undefined);
  assert.equal(normaliseSeverity(undefined), undefined);
});

test('extraArgs keeps strings only', () => {
  assert.deepEqual(extraArgs(['--log', 3, 'debug', null]), ['--log', 'debug']);
  assert.deepEqual(extraArgs('--log'), []);
  assert.deepEqual(extraArgs(undefined), []);
});
