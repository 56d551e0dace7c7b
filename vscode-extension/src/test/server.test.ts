// The contract with a real asl-ls binary, over stdio: the settings shape,
// `asl-ls.run` and `asl-ls.graph`. Opt-in: runs when ASL_LS_BIN names the
// binary (e.g. ASL_LS_BIN=../target/debug/asl-ls npm test), else skipped.
import { strict as assert } from 'assert';
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as fs from 'fs';
import { test } from 'node:test';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { sanitizeSvg } from '../graphHtml';
import { formatRunTrace, GRAPH_COMMAND, parseGraphResult, RUN_COMMAND, runStatus } from '../protocol';
import { buildServerSettings, readerFromObject } from '../settings';

const binary = process.env.ASL_LS_BIN ? path.resolve(process.env.ASL_LS_BIN) : undefined;
const examples = path.resolve(__dirname, '..', '..', '..', 'examples');
const skip = binary === undefined ? 'set ASL_LS_BIN to the asl-ls binary to run' : false;

class Connection {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  readonly notifications: Array<{ method: string; params: unknown }> = [];

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
  }

  private drain(): void {
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 4 + length);
      if (message.id !== undefined && message.method !== undefined) {
        this.send({ jsonrpc: '2.0', id: message.id, result: null }); // server-to-client request
      } else if (message.id !== undefined) {
        const waiter = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if (message.error) waiter?.reject(message.error);
        else waiter?.resolve(message.result);
      } else {
        this.notifications.push({ method: message.method, params: message.params });
      }
    }
  }

  private send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }
}

/** A real server, initialized with `options`, for `body`; shut down after it. */
async function withServer(options: unknown, body: (connection: Connection) => Promise<void>): Promise<void> {
  const child = spawn(binary as string, ['--stdio'], { stdio: 'pipe' });
  const connection = new Connection(child);
  try {
    await connection.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: options,
    });
    connection.notify('initialized', {});
    await body(connection);
    await connection.request('shutdown', null);
    connection.notify('exit', null);
  } finally {
    child.kill();
  }
}

/** The state nodes of a graph's SVG: name (unescaped) and where it is in the document. */
function stateNodes(svg: string): Array<{ name: string; line: number; character: number }> {
  const nodes = [...svg.matchAll(/<g class="state[^"]*" data-state="([^"]*)"[^>]*data-line="(\d+)" data-character="(\d+)"/g)];
  return nodes.map(([, name, line, character]) => ({
    name: (name ?? '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
    line: Number(line),
    character: Number(character),
  }));
}

/** Every state node of `svg` points at its YAML key (`Name:`) in `text`. */
function assertNodesAtTheirKeys(text: string, svg: string): void {
  const lines = text.split('\n');
  const nodes = stateNodes(svg);
  assert.ok(nodes.length > 0, 'the graph has state nodes');
  for (const { name, line, character } of nodes) {
    const at = (lines[line] ?? '').slice(character);
    assert.ok(at.startsWith(`${name}:`), `${name} at ${line}:${character} is "${at.slice(0, 30)}"`);
  }
}

/** Opens an example and runs it: the trace as the "ASL Run" output shows it. */
async function runExample(connection: Connection, name: string, languageId: string): Promise<{ uri: string; text: string; trace: string }> {
  const file = path.join(examples, name);
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  connection.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const trace = await connection.request('workspace/executeCommand', { command: RUN_COMMAND, arguments: [uri] });
  assert.equal(typeof runStatus(trace), 'string', JSON.stringify(trace).slice(0, 300));
  return { uri, text, trace: formatRunTrace(trace, 'order-processing') };
}

test('asl-ls.run and asl-ls.graph against the real server', { skip, timeout: 30_000 }, async () => {
  const settings = buildServerSettings(readerFromObject({ machineType: 'standard', diagnostics: { ASL203: 'off' } }));
  await withServer(settings, async (connection) => {
    connection.notify('workspace/didChangeConfiguration', { settings });
    const { uri, text, trace } = await runExample(connection, 'order-processing.asl.json', 'asl');
    assert.match(trace, /^Run of order-processing\nStatus: /);

    const result = parseGraphResult(
      await connection.request('workspace/executeCommand', { command: GRAPH_COMMAND, arguments: [uri] }),
    );
    assert.ok(!('error' in result), JSON.stringify(result));
    if ('error' in result) return;
    const svg = sanitizeSvg(result.svg, 'n');
    assert.ok(svg !== undefined);
    const lines = text.split('\n');
    const nodes = stateNodes(svg);
    assert.ok(nodes.length > 0, 'the graph has state nodes');
    for (const { name, line, character } of nodes) {
      const at = (lines[line] ?? '').slice(character);
      assert.ok(at.startsWith(JSON.stringify(name)), `${name} at ${line}:${character} is "${at.slice(0, 30)}"`);
    }

    // A document that is not a state machine: an error, which the panel shows.
    const broken = pathToFileURL(path.join(examples, 'broken.asl.json')).toString();
    connection.notify('textDocument/didOpen', { textDocument: { uri: broken, languageId: 'asl', version: 1, text: '[1, 2' } });
    await assert.rejects(
      connection.request('workspace/executeCommand', { command: GRAPH_COMMAND, arguments: [broken] }),
      (error: { message?: unknown }) => typeof error.message === 'string' && error.message.length > 0,
    );
  });
});

test('a YAML definition (asl-yaml) runs as its JSON twin and draws, its nodes at their plain names', { skip, timeout: 30_000 }, async () => {
  await withServer(undefined, async (connection) => {
    const json = await runExample(connection, 'order-processing.asl.json', 'asl');
    const { uri, text, trace } = await runExample(connection, 'order-processing.asl.yaml', 'asl-yaml');
    assert.equal(trace, json.trace, 'the same run, state for state');
    const result = parseGraphResult(
      await connection.request('workspace/executeCommand', { command: GRAPH_COMMAND, arguments: [uri] }),
    );
    assert.ok(!('error' in result), JSON.stringify(result));
    if ('error' in result) return;
    assertNodesAtTheirKeys(text, result.svg);
  });
});

test('a SAM template: a code lens, a run and a graph for its machine', { skip, timeout: 30_000 }, async () => {
  await withServer(undefined, async (connection) => {
    const json = await runExample(connection, 'order-processing.asl.json', 'asl');
    const file = path.join(examples, 'sam', 'template.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).toString();
    connection.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const args = [uri, { machine: 'OrderProcessing' }];
    const trace = await connection.request('workspace/executeCommand', { command: RUN_COMMAND, arguments: args });
    // The same run as the definition file's, state for state, with its input
    // and mocks from beside the template (NAME.input.json, NAME.mocks.json).
    const shown = formatRunTrace(trace, 'order-processing').replace(/sam\/OrderProcessing\./g, 'order-processing.');
    assert.equal(shown, json.trace);
    const lenses = (await connection.request('textDocument/codeLens', { textDocument: { uri } })) as Array<{ command: { title: string; arguments: unknown[] } }>;
    assert.deepEqual(lenses.map((l) => l.command.title), ['▶ Run OrderProcessing']);
    assert.deepEqual(lenses[0].command.arguments, args);
    const result = parseGraphResult(
      await connection.request('workspace/executeCommand', { command: GRAPH_COMMAND, arguments: [uri, { format: 'svg', machine: 'OrderProcessing' }] }),
    );
    assert.ok(!('error' in result), JSON.stringify(result));
    if ('error' in result) return;
    assertNodesAtTheirKeys(text, result.svg);
  });
});
