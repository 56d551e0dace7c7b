// The server's `workspace/executeCommand` commands as the client uses them,
// and the messages the graph webview posts. Pure: validation and
// formatting only, unit-tested without VS Code.

/** `asl-ls.run` with `[uri]`: runs the document (mocked) and returns the trace. */
export const RUN_COMMAND = 'asl-ls.run';
/** `asl-ls.graph` with `[uri]`: `{"svg", "version", "runColoured"}`. */
export const GRAPH_COMMAND = 'asl-ls.graph';

export interface GraphResult {
  svg: string;
  /** The document version the graph was drawn from, when the server knows it. */
  version: number | null;
  /** Whether the last run's path is coloured in. */
  runColoured: boolean;
}

/** The `asl-ls.graph` result, or a message saying what is wrong with it. */
export function parseGraphResult(value: unknown): GraphResult | { error: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: 'the server returned no graph' };
  }
  const record = value as Record<string, unknown>;
  if (typeof record.svg !== 'string' || !/<svg[\s>]/i.test(record.svg)) {
    return { error: 'the server returned a graph without an SVG document' };
  }
  const version = typeof record.version === 'number' && Number.isFinite(record.version) ? record.version : null;
  return { svg: record.svg, version, runColoured: record.runColoured === true };
}

/** The `status` of a run trace (`SUCCEEDED`, `FAILED`, …), if it has one. */
export function runStatus(trace: unknown): string | undefined {
  if (trace !== null && typeof trace === 'object' && !Array.isArray(trace)) {
    const status = (trace as Record<string, unknown>).status;
    if (typeof status === 'string' && status.length > 0) {
      return status;
    }
  }
  return undefined;
}

function short(value: unknown, limit = 120): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/**
 * A run trace as text for the "ASL Run" output: a summary (status, where
 * the input and mocks came from, error and cause, one line per visited
 * state, the output) when the trace has those fields, then the whole
 * trace as pretty-printed JSON.
 */
export function formatRunTrace(trace: unknown, documentName: string): string {
  const lines: string[] = [`Run of ${documentName}`];
  if (trace !== null && typeof trace === 'object' && !Array.isArray(trace)) {
    const t = trace as Record<string, unknown>;
    const status = runStatus(trace);
    if (status !== undefined) {
      lines.push(`Status: ${status}`);
    }
    if (Array.isArray(t.sources)) {
      for (const source of t.sources) {
        if (typeof source === 'string') {
          lines.push(`  ${source}`);
        }
      }
    }
    if (t.error !== undefined && t.error !== null) {
      lines.push(`Error: ${typeof t.error === 'string' ? t.error : short(t.error)}`);
    }
    if (t.cause !== undefined && t.cause !== null) {
      lines.push(`Cause: ${typeof t.cause === 'string' ? t.cause : short(t.cause)}`);
    }
    if (Array.isArray(t.states)) {
      lines.push(`States (${t.states.length}):`);
      t.states.forEach((entry, index) => {
        if (entry !== null && typeof entry === 'object') {
          const s = entry as Record<string, unknown>;
          const name = typeof s.state === 'string' ? s.state : typeof s.name === 'string' ? s.name : '?';
          const kind = typeof s.type === 'string' ? ` (${s.type})` : '';
          const output = 'output' in s ? (s.output === null || s.output === undefined ? ' ✗ no output' : ` → ${short(s.output)}`) : '';
          lines.push(`  ${index + 1}. ${name}${kind}${output}`);
        } else {
          lines.push(`  ${index + 1}. ${short(entry)}`);
        }
      });
    }
    if ('output' in t && t.output !== null && t.output !== undefined) {
      lines.push(`Output: ${short(t.output, 400)}`);
    }
    if (Array.isArray(t.notices) && t.notices.length > 0) {
      lines.push('Notices:');
      for (const notice of t.notices) {
        lines.push(`  ${typeof notice === 'string' ? notice : short(notice)}`);
      }
    }
  }
  lines.push('Trace:');
  let json: string;
  try {
    json = JSON.stringify(trace, null, 2) ?? 'null';
  } catch {
    json = String(trace);
  }
  lines.push(json);
  return lines.join('\n');
}

/** Messages the graph webview posts to the extension. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; line: number; character: number };

/** Positions above this are rejected (no document is that long). */
export const MAX_POSITION = 10_000_000;

function isPosition(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_POSITION;
}

/** A message from the webview, checked; `undefined` for anything malformed. */
export function parseWebviewMessage(message: unknown): WebviewMessage | undefined {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    return undefined;
  }
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal':
      if (isPosition(m.line) && isPosition(m.character)) {
        return { type: 'reveal', line: m.line, character: m.character };
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The message of a failed request (a JSON-RPC error or anything thrown). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  if (error !== null && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
