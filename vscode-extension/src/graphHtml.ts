// The graph webview's HTML: a strict Content-Security-Policy (nothing but
// the page's own nonce'd style and script), a toolbar with zoom buttons
// and fit-to-width, the SVG the server drew, and an error line. Updates
// after the first render arrive as messages (see WebviewUpdate). Pure: no
// `vscode` import, so it is unit-tested with plain Node.

import { randomBytes } from 'crypto';

/** A fresh nonce for one webview's CSP. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, (c) => ({ '+': '-', '/': '_', '=': '' })[c] ?? '');
}

/** `text` safe to put in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The webview's Content-Security-Policy: no network, no inline code except the nonce'd. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const ATTRIBUTE = /\s*([^\s"'<>\/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/y;

/**
 * The attributes of one start tag (the text after its name) without event
 * handlers, `nonce`, links other than to `#fragments` and `url(…)` other
 * than to `#fragments`; `undefined` when they do not parse.
 */
function cleanAttributes(text: string): string | undefined {
  let rest = text;
  let selfClosing = '';
  const close = /\s*\/\s*$/.exec(rest);
  if (close !== null) {
    selfClosing = '/';
    rest = rest.slice(0, close.index);
  }
  const kept: string[] = [];
  let at = 0;
  while (at < rest.length) {
    if (/^\s*$/.test(rest.slice(at))) {
      break;
    }
    ATTRIBUTE.lastIndex = at;
    const match = ATTRIBUTE.exec(rest);
    if (match === null || match[0].length === 0) {
      return undefined;
    }
    at = ATTRIBUTE.lastIndex;
    const name = match[1] ?? '';
    const raw = match[2];
    const value = raw === undefined ? '' : raw.replace(/^["']|["']$/g, '');
    const lower = name.toLowerCase();
    if (lower.startsWith('on') || lower === 'nonce') {
      continue;
    }
    if ((lower === 'href' || lower === 'xlink:href' || lower === 'src') && !value.trim().startsWith('#')) {
      continue;
    }
    if (/url\(\s*(?!["']?#)/i.test(value)) {
      continue;
    }
    kept.push(raw === undefined ? ` ${name}` : ` ${name}=${raw}`);
  }
  return kept.join('') + selfClosing;
}

/**
 * The server's SVG with anything active removed: scripts, foreignObject,
 * event-handler attributes, and links that are not to `#fragments`; the
 * XML prolog and doctype are dropped; `<style>` elements get the nonce.
 * The CSP would block scripts anyway; this keeps the markup inert.
 * Returns `undefined` when the text is not an SVG document.
 */
export function sanitizeSvg(svg: string, nonce: string): string | undefined {
  let out = svg
    .replace(/<\?xml[\s\S]*?\?>/gi, '')
    .replace(/<!DOCTYPE[\s\S]*?>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
  if (!/^<svg[\s>]/i.test(out)) {
    return undefined;
  }
  out = out
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<script\b[^>]*\/>/gi, '')
    .replace(/<script\b[^>]*>/gi, '')
    .replace(/<foreignObject\b[\s\S]*?<\/foreignObject\s*>/gi, '')
    .replace(/<foreignObject\b[^>]*>/gi, '')
    .replace(/<(iframe|object|embed)\b[\s\S]*?(<\/\1\s*>|\/>)/gi, '')
    // Attributes, inside start tags only (text is left alone).
    .replace(/<([a-zA-Z][\w:-]*)([^<>]*)>/g, (whole, name: string, rest: string) => {
      const attributes = cleanAttributes(rest);
      if (attributes === undefined) {
        return whole.replace(/</g, '&lt;').replace(/>/g, '&gt;');
      }
      const nonceAttribute = name.toLowerCase() === 'style' ? ` nonce="${nonce}"` : '';
      return `<${name}${nonceAttribute}${attributes}>`;
    });
  return out;
}

export interface GraphHtmlOptions {
  nonce: string;
  /** The panel's title (the document's file name). */
  title: string;
  /** An SVG document to show at once (sanitised here). */
  svg?: string | undefined;
  /** A message to show instead of (or over a faded) graph. */
  error?: string | undefined;
}

/** Messages the extension posts to the webview. */
export type WebviewUpdate =
  | { type: 'graph'; svg: string; title: string; runColoured: boolean }
  | { type: 'error'; message: string; title: string };

const STYLE = `
  html, body { margin: 0; padding: 0; height: 100%; }
  body {
    display: flex; flex-direction: column;
    background: var(--vscode-editor-background, #ffffff);
    color: var(--vscode-editor-foreground, #1a202c);
    font-family: var(--vscode-font-family, sans-serif);
    font-size: var(--vscode-font-size, 13px);
  }
  #toolbar {
    display: flex; align-items: center; gap: 4px; padding: 4px 8px;
    border-bottom: 1px solid var(--vscode-panel-border, rgba(128, 128, 128, 0.35));
    flex: none;
  }
  #toolbar button {
    min-width: 26px; padding: 2px 8px; cursor: pointer;
    color: var(--vscode-button-secondaryForeground, inherit);
    background: var(--vscode-button-secondaryBackground, transparent);
    border: 1px solid var(--vscode-button-border, rgba(128, 128, 128, 0.5));
    border-radius: 2px; font: inherit;
  }
  #toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground, rgba(128, 128, 128, 0.2)); }
  #toolbar button[aria-pressed="true"] { outline: 1px solid var(--vscode-focusBorder, #007fd4); }
  #zoom-label { min-width: 3.5em; text-align: center; font-variant-numeric: tabular-nums; }
  #title { margin-left: auto; opacity: 0.75; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  #error {
    flex: none; margin: 6px 8px; padding: 6px 8px; white-space: pre-wrap;
    color: var(--vscode-errorForeground, #c53030);
    background: var(--vscode-inputValidation-errorBackground, rgba(197, 48, 48, 0.08));
    border: 1px solid var(--vscode-inputValidation-errorBorder, #c53030);
  }
  #error[hidden] { display: none; }
  #viewport { flex: 1 1 auto; overflow: auto; padding: 8px; }
  #graph svg { display: block; }
  #graph.stale { opacity: 0.35; filter: grayscale(0.6); }
  #graph .state { cursor: pointer; }
  #graph .state:hover rect { stroke-width: 3; }
  #empty { opacity: 0.7; padding: 8px; }
`;

// Runs in the webview. Plain ES2020, no imports.
const SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  const saved = vscode.getState() || {};
  let zoom = typeof saved.zoom === 'number' ? saved.zoom : 1;
  let fit = saved.fit !== false;
  const graph = document.getElementById('graph');
  const viewport = document.getElementById('viewport');
  const errorBox = document.getElementById('error');
  const label = document.getElementById('zoom-label');
  const fitButton = document.getElementById('fit');
  const titleBox = document.getElementById('title');
  const MIN = 0.1, MAX = 4;

  function svgElement() { return graph.querySelector('svg'); }
  function naturalSize(svg) {
    let w = parseFloat(svg.getAttribute('data-natural-width') || svg.getAttribute('width') || '');
    let h = parseFloat(svg.getAttribute('data-natural-height') || svg.getAttribute('height') || '');
    if (!(w > 0) || !(h > 0)) {
      const box = svg.viewBox && svg.viewBox.baseVal;
      if (box && box.width > 0) { w = box.width; h = box.height; } else { w = 800; h = 600; }
    }
    svg.setAttribute('data-natural-width', String(w));
    svg.setAttribute('data-natural-height', String(h));
    if (!svg.getAttribute('viewBox')) { svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h); }
    return { w: w, h: h };
  }
  function apply() {
    const svg = svgElement();
    if (svg) {
      const size = naturalSize(svg);
      if (fit) {
        const room = viewport.clientWidth - 16;
        // Shrink to the panel's width; never enlarge past the natural size.
        if (room > 0) { zoom = Math.min(1, Math.max(MIN, room / size.w)); }
      }
      svg.setAttribute('width', String(Math.round(size.w * zoom)));
      svg.setAttribute('height', String(Math.round(size.h * zoom)));
    }
    label.textContent = Math.round(zoom * 100) + '%';
    fitButton.setAttribute('aria-pressed', fit ? 'true' : 'false');
    vscode.setState({ zoom: zoom, fit: fit });
  }
  function setZoom(value) {
    fit = false;
    zoom = Math.min(MAX, Math.max(MIN, value));
    apply();
  }
  document.getElementById('zoom-in').addEventListener('click', function () { setZoom(zoom * 1.2); });
  document.getElementById('zoom-out').addEventListener('click', function () { setZoom(zoom / 1.2); });
  document.getElementById('zoom-reset').addEventListener('click', function () { setZoom(1); });
  fitButton.addEventListener('click', function () { fit = true; apply(); });
  viewport.addEventListener('wheel', function (event) {
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      setZoom(zoom * Math.exp(-event.deltaY * 0.0015));
    }
  }, { passive: false });
  window.addEventListener('keydown', function (event) {
    if (event.target && event.target.tagName === 'BUTTON' && (event.key === 'Enter' || event.key === ' ')) { return; }
    if (event.key === '+' || event.key === '=') { setZoom(zoom * 1.2); }
    else if (event.key === '-' || event.key === '_') { setZoom(zoom / 1.2); }
    else if (event.key === '0') { setZoom(1); }
    else if (event.key === 'f' || event.key === 'F') { fit = true; apply(); }
  });
  window.addEventListener('resize', function () { if (fit) { apply(); } });
  graph.addEventListener('click', function (event) {
    const target = event.target;
    const node = target && target.closest ? target.closest('g.state') : null;
    if (!node) { return; }
    const line = Number(node.getAttribute('data-line'));
    const character = Number(node.getAttribute('data-character'));
    if (Number.isInteger(line) && line >= 0 && Number.isInteger(character) && character >= 0) {
      vscode.postMessage({ type: 'reveal', line: line, character: character });
    }
  });
  window.addEventListener('message', function (event) {
    const message = event.data;
    if (!message || typeof message !== 'object') { return; }
    if (typeof message.title === 'string') { titleBox.textContent = message.title; }
    if (message.type === 'graph' && typeof message.svg === 'string') {
      graph.innerHTML = message.svg;
      graph.classList.remove('stale');
      errorBox.textContent = '';
      errorBox.hidden = true;
      apply();
    } else if (message.type === 'error' && typeof message.message === 'string') {
      errorBox.textContent = message.message;
      errorBox.hidden = false;
      if (svgElement()) { graph.classList.add('stale'); }
      else { graph.innerHTML = ''; }
    }
  });
  apply();
  vscode.postMessage({ type: 'ready' });
})();
`;

/** The whole webview document. */
export function buildGraphHtml(options: GraphHtmlOptions): string {
  const { nonce } = options;
  const svg = options.svg !== undefined ? sanitizeSvg(options.svg, nonce) : undefined;
  const error = options.error;
  const graphClass = svg !== undefined && error !== undefined ? ' class="stale"' : '';
  const body =
    svg !== undefined ? svg : error === undefined ? '<div id="empty">Drawing the state machine…</div>' : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Graph: ${escapeHtml(options.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Graph zoom">
<button id="zoom-out" title="Zoom out (-)" aria-label="Zoom out">−</button>
<span id="zoom-label">100%</span>
<button id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
<button id="zoom-reset" title="Actual size (0)">1:1</button>
<button id="fit" title="Fit to width, at most 100% (F)">Fit width</button>
<span id="title">${escapeHtml(options.title)}</span>
</div>
<div id="error" role="alert"${error === undefined ? ' hidden' : ''}>${error === undefined ? '' : escapeHtml(error)}</div>
<div id="viewport"><div id="graph"${graphClass}>${body}</div></div>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}
