import { strict as assert } from 'assert';
import { test } from 'node:test';
import { errorMessage, formatRunTrace, MAX_POSITION, parseGraphResult, parseWebviewMessage, runStatus } from '../protocol';

test('webview reveal messages are accepted with whole, non-negative positions', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', line: 12, character: 4 }), { type: 'reveal', line: 12, character: 4 });
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', line: 0, character: 0, extra: 'ignored' }), {
    type: 'reveal',
    line: 0,
    character: 0,
  });
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
});

test('malformed webview messages are rejected', () => {
  const bad: unknown[] = [
    null,
    undefined,
    'reveal',
    42,
    [],
    {},
    { type: 'reveal' },
    { type: 'reveal', line: -1, character: 0 },
    { type: 'reveal', line: 3, character: -2 },
    { type: 'reveal', line: 1.5, character: 0 },
    { type: 'reveal', line: '3', character: 0 },
    { type: 'reveal', line: Number.NaN, character: 0 },
    { type: 'reveal', line: Infinity, character: 0 },
    { type: 'reveal', line: MAX_POSITION + 1, character: 0 },
    { type: 'openExternal', url: 'https://example.com' },
    { type: 'REVEAL', line: 1, character: 1 },
  ];
  for (const message of bad) {
    assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
  }
});

test('graph results: svg required, version and runColoured optional', () => {
  assert.deepEqual(parseGraphResult({ svg: '<svg width="1"></svg>', version: 3, runColoured: true }), {
    svg: '<svg width="1"></svg>',
    version: 3,
    runColoured: true,
  });
  assert.deepEqual(parseGraphResult({ svg: '<svg></svg>', version: null }), { svg: '<svg></svg>', version: null, runColoured: false });
  assert.ok('error' in parseGraphResult(null));
  assert.ok('error' in parseGraphResult({ svg: 42 }));
  assert.ok('error' in parseGraphResult({ svg: '<div></div>' }));
  assert.ok('error' in parseGraphResult('<svg></svg>'));
});

test('run traces: status and per-state summary, then the whole JSON', () => {
  const trace = {
    status: 'FAILED',
    output: null,
    error: 'States.TaskFailed',
    cause: 'mock error',
    states: [
      { state: 'Validate', type: 'Pass', input: {}, output: { ok: true } },
      { state: 'Charge', type: 'Task', input: { ok: true }, output: null },
    ],
    notices: ['Wait states do not wait'],
    sources: ['input from /p/flow.input.json'],
  };
  assert.equal(runStatus(trace), 'FAILED');
  const text = formatRunTrace(trace, 'flow.asl.json');
  const lines = text.split('\n');
  assert.equal(lines[0], 'Run of flow.asl.json');
  assert.equal(lines[1], 'Status: FAILED');
  assert.ok(lines.includes('  input from /p/flow.input.json'));
  assert.ok(lines.includes('Error: States.TaskFailed'));
  assert.ok(lines.includes('Cause: mock error'));
  assert.ok(lines.includes('States (2):'));
  assert.ok(lines.includes('  1. Validate (Pass) → {"ok":true}'));
  assert.ok(lines.includes('  2. Charge (Task) ✗ no output'));
  assert.ok(lines.includes('  Wait states do not wait'));
  assert.ok(text.endsWith(JSON.stringify(trace, null, 2)));
});

test('run traces of other shapes are still shown', () => {
  assert.equal(runStatus([1, 2]), undefined);
  assert.equal(runStatus({ status: 7 }), undefined);
  assert.equal(formatRunTrace(null, 'x'), 'Run of x\nTrace:\nnull');
  assert.equal(formatRunTrace({ result: 1 }, 'x'), 'Run of x\nTrace:\n{\n  "result": 1\n}');
  const long = formatRunTrace({ status: 'SUCCEEDED', output: 'y'.repeat(1000) }, 'x');
  assert.ok(long.includes('Output: "yyy'));
  assert.ok(long.split('\n').find((l) => l.startsWith('Output:'))!.length < 420);
});

test('error messages from JSON-RPC errors and throws', () => {
  assert.equal(errorMessage(new Error('boom')), 'boom');
  assert.equal(errorMessage({ code: -32602, message: 'the definition is not JSON' }), 'the definition is not JSON');
  assert.equal(errorMessage('plain'), 'plain');
});
