// The asl-ls VS Code client: starts `asl-ls --stdio` for ASL documents,
// passes the `aslLs` settings, and adds the run command (mocked run, trace
// in the "ASL Run" output) and the graph panel (the server's SVG, beside
// the editor, following the active ASL document).

import * as vscode from 'vscode';
import { looksLikeTemplate, shouldSwitchToAsl } from './detect';
import { fileName, GraphPanel } from './graphPanel';
import { formatRunTrace, RUN_COMMAND, runStatus, errorMessage } from './protocol';
import { executeServerCommand, isAslDocument, ServerManager } from './serverManager';


let server: ServerManager | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const runOutput = vscode.window.createOutputChannel('ASL Run');
  context.subscriptions.push(runOutput);

  let graph: GraphPanel | undefined;
  const onRunResult = (uri: string, trace: unknown): void => {
    let name = uri;
    try {
      name = fileName(vscode.Uri.parse(uri));
    } catch {
      // keep the URI
    }
    runOutput.appendLine(formatRunTrace(trace, name));
    runOutput.appendLine('');
    runOutput.show(true);
    const status = runStatus(trace);
    void vscode.window.showInformationMessage(status === undefined ? `ASL run of ${name} finished.` : `ASL run of ${name}: ${status}`);
    graph?.afterRun(uri);
  };

  server = new ServerManager(context, onRunResult);
  context.subscriptions.push(server);
  graph = new GraphPanel(server);
  context.subscriptions.push(graph);

  // The document a command acts on: the active ASL editor's, else the graph's.
  const targetDocument = (): vscode.TextDocument | undefined => {
    const active = vscode.window.activeTextEditor?.document;
    if (active !== undefined && isAslDocument(active)) {
      return active;
    }
    return graph?.document;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('aslLs.run', async () => {
      const document = targetDocument();
      if (document === undefined) {
        void vscode.window.showWarningMessage('ASL: open an ASL definition (.asl.json) to run it.');
        return;
      }
      const client = await server?.ensure(true);
      if (client === undefined) {
        return;
      }
      const uri = document.uri.toString();
      try {
        const trace = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: `Running ${fileName(document.uri)}` },
          () => executeServerCommand(client, RUN_COMMAND, document.uri),
        );
        onRunResult(uri, trace);
      } catch (error) {
        runOutput.appendLine(`Run of ${fileName(document.uri)} failed: ${errorMessage(error)}\n`);
        void vscode.window.showErrorMessage(`ASL run of ${fileName(document.uri)} failed: ${errorMessage(error)}`);
      }
    }),
    vscode.commands.registerCommand('aslLs.showGraph', async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor === undefined || !isAslDocument(editor.document)) {
        void vscode.window.showWarningMessage('ASL: open an ASL definition (.asl.json) to show its graph.');
        return;
      }
      await server?.ensure(true);
      graph?.show(editor);
    }),
    vscode.commands.registerCommand('aslLs.restartServer', async () => {
      const client = await server?.restart();
      if (client !== undefined) {
        void vscode.window.showInformationMessage('asl-ls: the language server was restarted.');
        graph?.refreshIfOpen();
      }
    }),
  );

  // Start the server once an ASL document is open (the extension also
  // activates on JSON documents, for aslLs.jsonFiles).
  const startFor = (document: vscode.TextDocument): void => {
    if (isAslDocument(document)) {
      void server?.ensure();
    } else if (document.uri.scheme === 'file' && looksLikeTemplate(document.languageId, document.fileName, document.getText())) {
      // A template holding a state machine: the server checks it in place.
      void server?.ensure();
    }
  };

  // aslLs.jsonFiles: JSON documents with "StartAt" and "States" become ASL
  // (once per document, so switching one back to JSON by hand sticks).
  const switched = new Set<string>();
  const maybeSwitch = (document: vscode.TextDocument): void => {
    if (!vscode.workspace.getConfiguration('aslLs').get<boolean>('jsonFiles', false)) {
      return;
    }
    const key = document.uri.toString();
    if (switched.has(key) || (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled')) {
      return;
    }
    if (shouldSwitchToAsl(document.languageId, document.fileName, document.getText())) {
      switched.add(key);
      void vscode.languages.setTextDocumentLanguage(document, 'asl');
    }
  };

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((document) => {
      maybeSwitch(document);
      startFor(document);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('aslLs.server')) {
        if (server?.running !== undefined || vscode.workspace.textDocuments.some(isAslDocument)) {
          void server?.restart().then((client) => {
            if (client !== undefined) {
              graph?.refreshIfOpen();
            }
          });
        }
      }
      if (event.affectsConfiguration('aslLs.jsonFiles')) {
        vscode.workspace.textDocuments.forEach(maybeSwitch);
      }
    }),
  );

  for (const document of vscode.workspace.textDocuments) {
    maybeSwitch(document);
    startFor(document);
  }
}

export function deactivate(): Thenable<void> | undefined {
  const current = server;
  server = undefined;
  return current?.stop();
}
