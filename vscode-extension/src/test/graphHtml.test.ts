import { strict as assert } from 'assert';
import { test } from 'node:test';
import { buildGraphHtml, contentSecurityPolicy, escapeHtml, makeNonce, sanitizeSvg } from '../graphHtml';

// Like the server's SVG (server/src/graph/svg.rs).
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" class="asl-graph" width="300" height="200" viewBox="0 0 300 200">' +
  '<defs><marker id="arrow"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>' +
  '<path class="edge next" d="M1,1 L2,2" fill="none" stroke="#555" marker-end="url(#arrow)"/>' +
  '<g class="state visited" data-state="Check &quot;order&quot;" data-type="Task" data-line="4" data-character="4">' +
  '<rect x="1" y="1" width="10" height="10"/><text x="1" y="1">Check &quot;order&quot; onclick=x</text></g></svg>';

function csp(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'the page has a CSP meta tag');
  return match[1] ?? '';
}

test('nonces are fresh and safe in a CSP', () => {
  const a = makeNonce();
  const b = makeNonce();
  assert.notEqual(a, b);
  assert.match(a, /^[A-Za-z0-9_-]{20,}$/);
});

test('the page has a strict CSP with its nonce on every script and style', () => {
  const nonce = 'TESTNONCE123';
  const html = buildGraphHtml({ nonce, title: 'flow.asl.json', svg: SVG });
  const policy = csp(html);
  assert.equal(policy, contentSecurityPolicy(nonce));
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /script-src 'nonce-TESTNONCE123'/);
  assert.match(policy, /style-src 'nonce-TESTNONCE123'/);
  assert.doesNotMatch(policy, /unsafe-eval|https?:|\*/);
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  for (const tag of [...scripts, ...(html.match(/<style\b[^>]*>/g) ?? [])]) {
    assert.ok(tag.includes(`nonce="${nonce}"`), `${tag} has the nonce`);
  }
});

test('the page loads nothing from outside', () => {
  const html = buildGraphHtml({ nonce: 'n0nce', title: 'x', svg: SVG });
  // The SVG namespace is the only URL, and it is never fetched.
  const urls = html.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
  assert.deepEqual([...new Set(urls)], ['http://www.w3.org/2000/svg']);
  assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?(https?:|\/\/|data:|javascript:)/i);
  assert.doesNotMatch(html, /@import|url\(\s*["']?(https?:|\/\/)/i);
  const empty = buildGraphHtml({ nonce: 'n0nce', title: 'x' });
  assert.doesNotMatch(empty, /https?:/);
});

test('the error message and title are escaped', () => {
  const html = buildGraphHtml({
    nonce: 'abc',
    title: '<b>"x".asl.json',
    error: 'expected `}` <img src=x onerror=alert(1)> & "more"',
  });
  assert.ok(html.includes('expected `}` &lt;img src=x onerror=alert(1)&gt; &amp; &quot;more&quot;'));
  assert.ok(!html.includes('<img'));
  assert.ok(html.includes('Graph: &lt;b&gt;&quot;x&quot;.asl.json'));
  assert.match(html, /<div id="error" role="alert">expected/);
  assert.equal(escapeHtml(`<'&">`), '&lt;&#39;&amp;&quot;&gt;');
});

test('an error over a graph keeps the graph, faded', () => {
  const html = buildGraphHtml({ nonce: 'abc', title: 't', svg: SVG, error: 'not JSON' });
  assert.match(html, /<div id="graph" class="stale"><svg/);
  assert.match(html, /<div id="error" role="alert">not JSON<\/div>/);
  const fresh = buildGraphHtml({ nonce: 'abc', title: 't', svg: SVG });
  assert.match(fresh, /<div id="graph"><svg/);
  assert.match(fresh, /<div id="error" role="alert" hidden><\/div>/);
});

test('the SVG keeps its state nodes and fragment references', () => {
  const clean = sanitizeSvg(SVG, 'n');
  assert.ok(clean !== undefined);
  assert.ok(clean.includes('data-state="Check &quot;order&quot;" data-type="Task" data-line="4" data-character="4"'));
  assert.ok(clean.includes('marker-end="url(#arrow)"'));
  // Text that looks like an attribute is text.
  assert.ok(clean.includes('Check &quot;order&quot; onclick=x</text>'));
});

test('the SVG is made inert: scripts, handlers, outside links and foreignObject go', () => {
  const hostile =
    '<?xml version="1.0"?><!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' +
    '<script>alert(2)</script><script href="https://evil.example/x.js"/>' +
    '<a href="javascript:alert(3)"><rect ONCLICK=\'alert(4)\' width="1"/></a>' +
    '<image href="https://evil.example/p.png" width="1"/><use xlink:href="#arrow"/>' +
    '<rect fill="url(https://evil.example/f)" stroke="url(#ok)"/>' +
    '<foreignObject><iframe src="https://evil.example"></iframe></foreignObject>' +
    '<style>rect { fill: red }</style></svg>';
  const clean = sanitizeSvg(hostile, 'NONCE');
  assert.ok(clean !== undefined);
  assert.doesNotMatch(clean, /<script|onload|onclick|javascript:|evil\.example|foreignObject|iframe/i);
  assert.ok(clean.startsWith('<svg xmlns="http://www.w3.org/2000/svg">'));
  assert.ok(clean.includes('<use xlink:href="#arrow"/>'));
  assert.ok(clean.includes('stroke="url(#ok)"'));
  assert.ok(clean.includes('<style nonce="NONCE">rect { fill: red }</style>'));
});

test('text that is not an SVG document is refused', () => {
  assert.equal(sanitizeSvg('<html><body>hi</body></html>', 'n'), undefined);
  assert.equal(sanitizeSvg('not json', 'n'), undefined);
  assert.equal(sanitizeSvg('', 'n'), undefined);
});
