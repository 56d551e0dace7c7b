// The graph panel: the server's SVG of the active ASL document, beside the
// editor, refreshed as it changes; a click on a state reveals it.

import * as path from 'path';
import * as vscode from 'vscode';
import { debounce } from './debounce';
import { buildGraphHtml, makeNonce, sanitizeSvg, WebviewUpdate } from './graphHtml';
import { errorMessage, GRAPH_COMMAND, parseGraphResult, parseWebviewMessage } from './protocol';
import { executeServerCommand, isAslDocument, ServerManager } from './serverManager';

const GRAPH_VIEW_TYPE = 'aslLs.graph';
const GRAPH_DEBOUNCE_MS = 300;
const GRAPH_AFTER_RUN_MS = 1200;

export function fileName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path) || uri.toString();
}

/** The graph webview beside the editor; one panel, following the active ASL document. */
export class GraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private uri: vscode.Uri | undefined;
  private sourceColumn: vscode.ViewColumn | undefined;
  private nonce = makeNonce();
  private svg: string | undefined;
  private error: string | undefined;
  private runColoured = false;
  private sequence = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly scheduleRefresh = debounce(() => void this.refresh(), GRAPH_DEBOUNCE_MS);
  /** With aslLs.run.onEdit the server runs again 300 ms after an edit: redraw after that too. */
  private readonly scheduleLateRefresh = debounce(() => void this.refresh(), GRAPH_AFTER_RUN_MS);

  constructor(private readonly server: ServerManager) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.panel !== undefined && this.uri !== undefined && event.document.uri.toString() === this.uri.toString()) {
          this.scheduleRefresh();
          if (vscode.workspace.getConfiguration('aslLs').get<boolean>('run.onEdit', false)) {
            this.scheduleLateRefresh();
          }
        }
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel !== undefined && editor !== undefined && isAslDocument(editor.document)) {
          this.follow(editor);
        }
      }),
    );
  }

  /** The document the panel shows, if it is open. */
  get document(): vscode.TextDocument | undefined {
    const uri = this.uri;
    return uri === undefined ? undefined : vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  }

  show(editor: vscode.TextEditor): void {
    if (this.panel === undefined) {
      this.panel = vscode.window.createWebviewPanel(
        GRAPH_VIEW_TYPE,
        `Graph: ${fileName(editor.document.uri)}`,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, localResourceRoots: [], enableFindWidget: false, retainContextWhenHidden: false },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.uri = undefined;
        this.scheduleRefresh.cancel();
        this.scheduleLateRefresh.cancel();
      });
      this.panel.webview.onDidReceiveMessage((message) => void this.onMessage(message));
      this.uri = undefined;
    } else {
      this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
    }
    this.follow(editor, true);
  }

  /** Shows `editor`'s document (no-op when it already is, unless `force`). */
  private follow(editor: vscode.TextEditor, force = false): void {
    const panel = this.panel;
    if (panel === undefined) {
      return;
    }
    this.sourceColumn = editor.viewColumn ?? this.sourceColumn;
    const same = this.uri !== undefined && this.uri.toString() === editor.document.uri.toString();
    if (same && !force) {
      return;
    }
    if (!same) {
      this.uri = editor.document.uri;
      this.svg = undefined;
      this.error = undefined;
      this.runColoured = false;
      panel.title = `Graph: ${fileName(this.uri)}`;
      this.render();
    }
    this.scheduleRefresh.cancel();
    void this.refresh();
  }

  /** Sets the whole webview document from the current state. */
  private render(): void {
    if (this.panel === undefined || this.uri === undefined) {
      return;
    }
    this.nonce = makeNonce();
    const svg = this.svg === undefined ? undefined : sanitizeSvg(this.svg, this.nonce);
    this.panel.webview.html = buildGraphHtml({ nonce: this.nonce, title: fileName(this.uri), svg, error: this.error });
  }

  private post(update: WebviewUpdate): void {
    void this.panel?.webview.postMessage(update);
  }

  private showError(message: string): void {
    if (this.uri === undefined) {
      return;
    }
    this.error = message;
    this.post({ type: 'error', message, title: fileName(this.uri) });
  }

  /** Asks the server for the graph of the shown document now. */
  async refresh(): Promise<void> {
    const uri = this.uri;
    if (this.panel === undefined || uri === undefined) {
      return;
    }
    const sequence = ++this.sequence;
    const client = await this.server.ensure();
    if (client === undefined) {
      this.showError('The asl-ls language server is not running (see the "ASL Language Server" output).');
      return;
    }
    let result: unknown;
    try {
      result = await executeServerCommand(client, GRAPH_COMMAND, uri);
    } catch (error) {
      if (sequence === this.sequence) {
        this.showError(errorMessage(error));
      }
      return;
    }
    if (sequence !== this.sequence || this.uri?.toString() !== uri.toString()) {
      return; // a newer request, or another document, took over
    }
    const graph = parseGraphResult(result);
    if ('error' in graph) {
      this.showError(graph.error);
      return;
    }
    const svg = sanitizeSvg(graph.svg, this.nonce);
    if (svg === undefined) {
      this.showError('the server returned a graph that is not an SVG document');
      return;
    }
    this.svg = graph.svg;
    this.runColoured = graph.runColoured;
    this.error = undefined;
    this.post({ type: 'graph', svg, title: fileName(uri), runColoured: graph.runColoured });
  }

  /** After a run of `uri`: redraw at once if it is the shown document (the path taken is coloured). */
  afterRun(uri: string): void {
    if (this.panel !== undefined && this.uri?.toString() === uri) {
      this.scheduleRefresh.cancel();
      void this.refresh();
    }
  }

  /** After a server restart. */
  refreshIfOpen(): void {
    if (this.panel !== undefined) {
      void this.refresh();
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (message === undefined || this.uri === undefined) {
      return;
    }
    if (message.type === 'ready') {
      // The webview (re)loaded: it has the state of the last render; bring it up to date.
      if (this.svg !== undefined) {
        const svg = sanitizeSvg(this.svg, this.nonce);
        if (svg !== undefined) {
          this.post({ type: 'graph', svg, title: fileName(this.uri), runColoured: this.runColoured });
        }
      }
      if (this.error !== undefined) {
        this.post({ type: 'error', message: this.error, title: fileName(this.uri) });
      }
      return;
    }
    await this.reveal(this.uri, message.line, message.character);
  }

  private async reveal(uri: vscode.Uri, line: number, character: number): Promise<void> {
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
      const column = visible?.viewColumn ?? this.sourceColumn ?? vscode.ViewColumn.One;
      const position = document.validatePosition(new vscode.Position(line, character));
      const range = new vscode.Range(position, position);
      const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: false, selection: range });
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
    } catch (error) {
      void vscode.window.showErrorMessage(`asl-ls: cannot show ${fileName(uri)}: ${errorMessage(error)}`);
    }
  }

  dispose(): void {
    this.scheduleRefresh.cancel();
    this.scheduleLateRefresh.cancel();
    this.panel?.dispose();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
