// A small stand-in for the `vscode` module: enough of the API for
// extension.ts to activate, register its commands, react to documents and
// report a missing server, recorded for the tests. Installed with
// `installFakeVscode()` before `../extension` is loaded.

import Module = require('module');

type Listener<T> = (value: T) => unknown;

export class Emitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}

export interface FakeDocument {
  uri: FakeUri;
  fileName: string;
  languageId: string;
  version: number;
  getText(): string;
}

export class FakeUri {
  constructor(readonly scheme: string, readonly path: string) {}
  static file(path: string): FakeUri {
    return new FakeUri('file', path);
  }
  static parse(text: string): FakeUri {
    const match = /^([a-z]+):(?:\/\/)?(.*)$/.exec(text);
    return match ? new FakeUri(match[1] ?? 'file', match[2] ?? '') : new FakeUri('file', text);
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export function document(path: string, languageId: string, text: string): FakeDocument {
  return { uri: FakeUri.file(path), fileName: path, languageId, version: 1, getText: () => text };
}

export interface Recorded {
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: unknown[][];
  errors: Array<{ message: string; items: string[] }>;
  warnings: string[];
  infos: string[];
  opened: string[];
  languageSwitches: Array<{ path: string; languageId: string }>;
  outputs: Map<string, string[]>;
}

export interface Fake {
  module: Record<string, unknown>;
  recorded: Recorded;
  settings: Record<string, unknown>;
  documents: FakeDocument[];
  didOpen: Emitter<FakeDocument>;
  didChangeConfiguration: Emitter<{ affectsConfiguration(section: string): boolean }>;
  /** What the next error message's button press is. */
  answer: string | undefined;
}

function makeFake(): Fake {
  const recorded: Recorded = {
    commands: new Map(),
    executed: [],
    errors: [],
    warnings: [],
    infos: [],
    opened: [],
    languageSwitches: [],
    outputs: new Map(),
  };
  const didOpen = new Emitter<FakeDocument>();
  const didChangeConfiguration = new Emitter<{ affectsConfiguration(section: string): boolean }>();
  const noEvent = new Emitter<unknown>().event;
  const fake: Fake = {
    module: {},
    recorded,
    settings: {},
    documents: [],
    didOpen,
    didChangeConfiguration,
    answer: undefined,
  };
  const anyClass = class {};
  fake.module = {
    // Classes vscode-languageclient extends when it loads.
    CompletionItem: anyClass,
    CodeLens: anyClass,
    DocumentLink: anyClass,
    CodeAction: anyClass,
    Diagnostic: anyClass,
    CallHierarchyItem: anyClass,
    TypeHierarchyItem: anyClass,
    SymbolInformation: anyClass,
    InlayHint: anyClass,
    CancellationError: class extends Error {},
    Disposable: class {
      constructor(private readonly fn: () => void) {}
      dispose(): void {
        this.fn();
      }
    },
    Uri: FakeUri,
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    TextEditorRevealType: { Default: 0, InCenter: 1 },
    EventEmitter: Emitter,
    window: {
      activeTextEditor: undefined,
      visibleTextEditors: [],
      onDidChangeActiveTextEditor: noEvent,
      createOutputChannel: (name: string) => {
        const lines: string[] = [];
        recorded.outputs.set(name, lines);
        return {
          name,
          append: (text: string) => lines.push(text),
          appendLine: (text: string) => lines.push(text),
          clear: () => (lines.length = 0),
          show: () => undefined,
          hide: () => undefined,
          dispose: () => undefined,
        };
      },
      showErrorMessage: (message: string, ...items: string[]) => {
        recorded.errors.push({ message, items });
        return Promise.resolve(fake.answer);
      },
      showWarningMessage: (message: string) => {
        recorded.warnings.push(message);
        return Promise.resolve(undefined);
      },
      showInformationMessage: (message: string) => {
        recorded.infos.push(message);
        return Promise.resolve(undefined);
      },
    },
    workspace: {
      get textDocuments() {
        return fake.documents;
      },
      workspaceFolders: undefined,
      getConfiguration: (section: string) => ({
        get: (key: string, fallback?: unknown) => {
          const value = fake.settings[`${section}.${key}`];
          return value === undefined ? fallback : value;
        },
      }),
      onDidOpenTextDocument: didOpen.event,
      onDidChangeConfiguration: didChangeConfiguration.event,
      onDidChangeTextDocument: noEvent,
      onDidCloseTextDocument: noEvent,
    },
    languages: {
      setTextDocumentLanguage: (doc: FakeDocument, languageId: string) => {
        recorded.languageSwitches.push({ path: doc.fileName, languageId });
        return Promise.resolve({ ...doc, languageId });
      },
    },
    commands: {
      registerCommand: (name: string, callback: (...args: unknown[]) => unknown) => {
        recorded.commands.set(name, callback);
        return { dispose: () => recorded.commands.delete(name) };
      },
      executeCommand: (...args: unknown[]) => {
        recorded.executed.push(args);
        return Promise.resolve(undefined);
      },
    },
    env: {
      openExternal: (uri: FakeUri) => {
        recorded.opened.push(uri.toString());
        return Promise.resolve(true);
      },
    },
  };
  return fake;
}

let installed: Fake | undefined;

/** Makes `require('vscode')` return a fresh fake; returns it. */
export function installFakeVscode(): Fake {
  const fake = makeFake();
  if (installed === undefined) {
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = loader._load;
    loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
      if (request === 'vscode') {
        return installed?.module;
      }
      return original.call(this, request, ...rest);
    };
  }
  installed = fake;
  return fake;
}

/** Lets pending promise callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 10));
}
