// Finding, starting and restarting the asl-ls language server for ASL documents.

import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import { errorMessage, RUN_COMMAND } from './protocol';
import { notFoundMessage, resolveServerPath } from './serverPath';
import { buildServerSettings, extraArgs } from './settings';

const CLIENT_ID = 'aslLs';
const CLIENT_NAME = 'ASL Language Server';
/** The languages the server is started for: ASL in JSON and in YAML. */
export const SERVER_LANGUAGES: readonly string[] = ['asl', 'asl-yaml'];
const INSTALL_URL = 'https://github.com/asl-ls/asl-ls#editors';
/** Templates that may hold state machines: SAM/CloudFormation/Serverless YAML, CDK and CloudFormation JSON, Terraform. */
export const TEMPLATE_SELECTORS = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'terraform' },
  { scheme: 'file', pattern: '**/*.tf' },
  { scheme: 'file', language: 'json', pattern: '**/*.template.json' },
  { scheme: 'file', language: 'json', pattern: '**/template.json' },
];

export function isAslDocument(document: vscode.TextDocument): boolean {
  return SERVER_LANGUAGES.includes(document.languageId) && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** Starts, stops and restarts the language client; started lazily, once an ASL document is open. */
export class ServerManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private reportedMissing = false;
  readonly output: vscode.OutputChannel;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly onRunResult: (uri: string, result: unknown) => void,
  ) {
    this.output = vscode.window.createOutputChannel(CLIENT_NAME);
  }

  /**
   * The running client, starting it if need be; `undefined` when it cannot
   * start. A missing binary is reported once, or again when `interactive`
   * (a command the user ran).
   */
  ensure(interactive = false): Promise<LanguageClient | undefined> {
    if (this.client !== undefined) {
      return Promise.resolve(this.client);
    }
    if (interactive) {
      this.reportedMissing = false;
    }
    if (this.starting === undefined) {
      this.starting = this.start().finally(() => {
        this.starting = undefined;
      });
    }
    return this.starting;
  }

  get running(): LanguageClient | undefined {
    return this.client;
  }

  private async start(): Promise<LanguageClient | undefined> {
    const config = vscode.workspace.getConfiguration('aslLs');
    const resolution = resolveServerPath({
      configured: config.get<string>('server.path'),
      extensionPath: this.context.extensionPath,
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      homeDir: os.homedir(),
      envPath: process.env.PATH,
      envPathExt: process.env.PATHEXT,
      platform: process.platform,
      env: process.env,
      isExecutable,
    });
    if (!resolution.found) {
      this.output.appendLine(`${notFoundMessage(resolution)}\nLooked at:\n  ${resolution.tried.join('\n  ')}`);
      if (!this.reportedMissing) {
        this.reportedMissing = true;
        void this.reportMissing(notFoundMessage(resolution));
      }
      return undefined;
    }
    this.output.appendLine(`Starting ${resolution.path} (${resolution.source})`);

    const serverOptions: ServerOptions = {
      command: resolution.path,
      args: ['--stdio', ...extraArgs(config.get('server.extraArgs'))],
      options: { env: process.env },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        ...SERVER_LANGUAGES.flatMap((language) => [
          { scheme: 'file', language },
          { scheme: 'untitled', language },
        ]),
        // Templates: the server answers only inside the state machines they
        // hold, and publishes nothing for files that hold none.
        ...TEMPLATE_SELECTORS,
      ],
      initializationOptions: buildServerSettings((key) => config.get(key)),
      synchronize: { configurationSection: 'aslLs' },
      outputChannel: this.output,
      middleware: {
        // The server's own commands (the "▶ Run" code lens runs `asl-ls.run`):
        // show the trace and refresh the graph as the run command does.
        executeCommand: async (command, args, next) => {
          const result = await next(command, args);
          if (command === RUN_COMMAND && typeof args[0] === 'string') {
            this.onRunResult(args[0], result);
          }
          return result;
        },
      },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    try {
      await client.start();
    } catch (error) {
      this.output.appendLine(`asl-ls failed to start: ${errorMessage(error)}`);
      void vscode.window
        .showErrorMessage(`asl-ls: the language server (${resolution.path}) failed to start: ${errorMessage(error)}`, 'Show Output')
        .then((choice) => {
          if (choice === 'Show Output') {
            this.output.show(true);
          }
        });
      try {
        await client.dispose();
      } catch {
        // already stopped
      }
      return undefined;
    }
    this.client = client;
    return client;
  }

  private async reportMissing(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Install instructions', 'Open Settings');
    if (choice === 'Install instructions') {
      await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
    } else if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'aslLs.server.path');
    }
  }

  async stop(): Promise<void> {
    const pending = this.starting;
    if (pending !== undefined) {
      await pending.catch(() => undefined);
    }
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      try {
        await client.dispose(5000);
      } catch (error) {
        this.output.appendLine(`asl-ls did not stop cleanly: ${errorMessage(error)}`);
      }
    }
  }

  async restart(): Promise<LanguageClient | undefined> {
    await this.stop();
    this.reportedMissing = false;
    return this.ensure();
  }

  dispose(): void {
    void this.stop().finally(() => this.output.dispose());
  }
}

/** Sends `workspace/executeCommand` for one of the server's commands. */
export function executeServerCommand(client: LanguageClient, command: string, uri: vscode.Uri): Promise<unknown> {
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [uri.toString()] });
}

