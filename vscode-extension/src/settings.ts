// The settings the server reads, in the shape it accepts in
// `initializationOptions` and `workspace/didChangeConfiguration`:
// `{"aslLs": {"machineType", "diagnostics", "run": {"onEdit", "input", "testCase", "s3Root"}}}`.
// Pure, so it is unit-tested without VS Code.

export type MachineType = 'standard' | 'express';
export type Severity = 'off' | 'error' | 'warning' | 'information' | 'hint';

export interface ServerSettings {
  aslLs: {
    machineType: MachineType;
    diagnostics: Record<string, Severity>;
    run: {
      onEdit: boolean;
      /** Omitted when unset (the server then uses `{}`). */
      input?: unknown;
      /** Omitted when unset (the server then uses the mock file's first test case). */
      testCase?: string;
      /** Omitted when unset (a distributed Map's S3 reads then need a mock). */
      s3Root?: string;
    };
  };
}

/** Reads one setting under `aslLs.` (`vscode.WorkspaceConfiguration.get` fits). */
export type SettingsReader = (key: string) => unknown;

const SEVERITIES: readonly string[] = ['off', 'error', 'warning', 'information', 'hint'];
const SEVERITY_ALIASES: Record<string, Severity> = { none: 'off', ignore: 'off', warn: 'warning', info: 'information' };

export function normaliseSeverity(value: unknown): Severity | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const lower = value.trim().toLowerCase();
  if (SEVERITIES.includes(lower)) {
    return lower as Severity;
  }
  return SEVERITY_ALIASES[lower];
}

/** A plain JSON copy (drops functions, `undefined` and VS Code proxy wrappers). */
function jsonCopy(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * The server settings from the `aslLs` configuration section. Unknown
 * machine types fall back to standard; diagnostics entries with an
 * unknown severity are dropped (codes are passed through: the server
 * checks them and logs the ones it does not know).
 */
export function buildServerSettings(get: SettingsReader): ServerSettings {
  const machineRaw = get('machineType');
  const machineType: MachineType =
    typeof machineRaw === 'string' && machineRaw.trim().toLowerCase() === 'express' ? 'express' : 'standard';

  const diagnostics: Record<string, Severity> = {};
  const diagnosticsRaw = get('diagnostics');
  if (diagnosticsRaw !== null && typeof diagnosticsRaw === 'object' && !Array.isArray(diagnosticsRaw)) {
    for (const [code, value] of Object.entries(diagnosticsRaw as Record<string, unknown>)) {
      const severity = normaliseSeverity(value);
      if (code.trim().length > 0 && severity !== undefined) {
        diagnostics[code.trim()] = severity;
      }
    }
  }

  const run: ServerSettings['aslLs']['run'] = { onEdit: get('run.onEdit') === true };
  const input = get('run.input');
  if (input !== undefined && input !== null) {
    run.input = jsonCopy(input);
  }
  const testCase = get('run.testCase');
  if (typeof testCase === 'string' && testCase.trim().length > 0) {
    run.testCase = testCase.trim();
  }
  const s3Root = get('run.s3Root');
  if (typeof s3Root === 'string' && s3Root.trim().length > 0) {
    run.s3Root = s3Root.trim();
  }
  return { aslLs: { machineType, diagnostics, run } };
}

/** A reader over a plain nested object such as `{"machineType": …, "run": {…}}`. */
export function readerFromObject(section: Record<string, unknown>): SettingsReader {
  return (key: string) => {
    let value: unknown = section;
    for (const part of key.split('.')) {
      if (value === null || typeof value !== 'object') {
        return undefined;
      }
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  };
}

/** Whether a configuration change to `changed` keys needs the server restarted. */
export const RESTART_KEYS: readonly string[] = ['aslLs.server.path', 'aslLs.server.extraArgs'];

/** Extra server arguments from the setting, strings only. */
export function extraArgs(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [];
}
