// The asl-ls extension in a real VS Code: code-server (started by run.sh)
// driven by Debian's headless Chromium through playwright-core. Every check
// reads what a user sees in the page (DOM text, not pixels), is a named step
// with a screenshot in out/, and waits for a condition with a timeout, never
// for a fixed time. Closes with "e2e: N passed, N failed".
//
// Environment (run.sh sets it):
//   E2E_URL        code-server's URL with ?folder=WORKSPACE
//   E2E_OUT        where screenshots and the browser's console log go
//   E2E_PROFILE    a fresh, empty folder for Chromium's profile
//   E2E_CHROMIUM   the browser (default /usr/bin/chromium)
//   E2E_TIMEOUT_S  the whole test's limit in seconds (default 300)

import { mkdirSync, writeFileSync } from 'fs';
import path from 'path';
import { chromium } from 'playwright-core';

const URL = mustEnv('E2E_URL');
const OUT = mustEnv('E2E_OUT');
const PROFILE = mustEnv('E2E_PROFILE');
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const TOTAL_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_S || 300) * 1000;
// Generous waits for a slow 2-core machine; every one fails with a message.
const WAIT = 45_000;
const WAIT_SERVER = 90_000; // the first answer of the language server (it is started on the first ASL document)

// The states of typo-next.asl.json (shared/lsp-harness/samples) and their
// lines (1-based, as the status bar shows them).
const TYPO_STATES = { ValidateOrder: 5, IsValid: 15, ProcessPayment: 26, Rejected: 43, Done: 48 };

function mustEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`e2e: ${name} is not set (run the test through run.sh)`);
    process.exit(2);
  }
  return value;
}

const log = (message) => console.log(`e2e: ${message}`);

/**
 * Polls `probe` (async, returns a value or undefined) until it returns
 * something, or throws `message` (a string, or a function asked at the end,
 * to say what was seen instead).
 */
async function waitFor(probe, message, timeout = WAIT, interval = 250) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const detail = last ? ` (last error: ${String(last.message || last).split('\n')[0]})` : '';
      const text = typeof message === 'function' ? await message() : message;
      throw new Error(`${text} (waited ${Math.round(timeout / 1000)} s)${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** The visible text of the first element matching `selector`, or undefined. */
async function textOf(page, selector) {
  const locator = page.locator(selector).first();
  if ((await locator.count()) === 0 || !(await locator.isVisible())) {
    return undefined;
  }
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** The visible texts of every element matching `selector`. */
async function visibleTexts(page, selector) {
  return page.locator(selector).evaluateAll((elements) =>
    elements
      .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
      .map((e) => e.innerText.replace(/\s+/g, ' ').trim()),
  );
}

// --- VS Code helpers (selectors of VS Code 1.100's workbench) ---

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;
const ACTIVE_EDITOR = '.editor-group-container.active .monaco-editor';
const SELECTION_STATUS = '[id="status.editor.selection"]';

/**
 * Opens the quick input with `key` and puts `text` in it. The key is pressed
 * again when nothing opens within a few seconds (a key pressed while the
 * workbench is still starting may be lost).
 */
async function quickInput(page, key, text) {
  const box = page.locator(QUICK_INPUT_BOX);
  await waitFor(
    async () => {
      if (!(await box.isVisible())) {
        await page.keyboard.press(key);
        await box.waitFor({ state: 'visible', timeout: 5_000 });
      }
      return true;
    },
    `${key} did not open the quick input`,
  );
  await box.fill(text);
  return box;
}

/** Runs a command from the command palette by its title ("ASL: Show Graph to the Side"). */
async function runCommand(page, title) {
  await quickInput(page, 'F1', `>${title}`);
  const row = page.locator(QUICK_ROWS).filter({ hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: WAIT }).catch(async () => {
    const rows = await page.locator(QUICK_ROWS).allInnerTexts().catch(() => []);
    throw new Error(`the command palette does not list "${title}" (it lists: ${rows.join(' | ') || 'nothing'})`);
  });
  await row.click();
  await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'hidden', timeout: WAIT });
}

/** Opens a workspace file with the quick open (Ctrl+P), as a user would. */
async function openFile(page, name) {
  await quickInput(page, 'Control+P', name);
  const row = page.locator(QUICK_ROWS).filter({ hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: WAIT }).catch(() => {
    throw new Error(`quick open does not find ${name}`);
  });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ timeout: WAIT }).catch(() => {
    throw new Error(`${name} did not open in an editor tab`);
  });
  await page.locator(`${ACTIVE_EDITOR} .view-lines`).waitFor({ timeout: WAIT });
}

/** The 1-based line and column of the status bar's "Ln N, Col M". */
async function cursorPosition(page) {
  const text = await textOf(page, SELECTION_STATUS);
  const match = /Ln (\d+), Col (\d+)/.exec(text ?? '');
  return match ? { line: Number(match[1]), column: Number(match[2]), text } : undefined;
}

/** Moves the cursor with Go to Line (Ctrl+G) and waits for the status bar to show it. */
async function goTo(page, line, column) {
  await page.locator(`${ACTIVE_EDITOR} textarea`).first().focus();
  await quickInput(page, 'Control+G', `:${line}:${column}`);
  await page.keyboard.press('Enter');
  await waitFor(
    async () => {
      const at = await cursorPosition(page);
      return at && at.line === line && at.column === column;
    },
    async () => `the cursor did not move to Ln ${line}, Col ${column} (status bar: ${(await cursorPosition(page))?.text ?? 'no Ln/Col'})`,
  );
}

/** The rendered editor line (a `.view-line`) with 1-based number `line`, found through the gutter. */
async function viewLineText(page, line) {
  return page.evaluate(
    ({ editorSelector, line }) => {
      const editor = document.querySelector(editorSelector);
      if (!editor) return undefined;
      const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find(
        (n) => n.textContent.trim() === String(line),
      );
      if (!number) return undefined;
      const top = number.closest('[style*="top"]')?.style.top ?? number.parentElement.style.top;
      const viewLine = [...editor.querySelectorAll('.view-lines .view-line')].find((v) => v.style.top === top);
      return viewLine ? viewLine.textContent.replace(/\u00a0/g, ' ') : undefined;
    },
    { editorSelector: ACTIVE_EDITOR, line },
  );
}

// --- The run ---

mkdirSync(OUT, { recursive: true });
const consoleLines = [];
let browser;
let page;
let passed = 0;
let failed = 0;
let stepNumber = 0;

const watchdog = setTimeout(() => {
  failed += 1;
  console.error(`e2e: FAIL: the whole test took more than ${TOTAL_TIMEOUT_MS / 1000} s (in step ${stepNumber})`);
  void screenshot('timeout.png').finally(() => finish(1));
}, TOTAL_TIMEOUT_MS);

// Stopped from outside (run.sh's time limit, Ctrl+C): say where, then close the browser.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    failed += 1;
    console.error(`e2e: FAIL: stopped by ${signal} during step ${stepNumber}`);
    void screenshot('stopped.png').finally(() => finish(signal === 'SIGINT' ? 130 : 143));
  });
}

let finishing = false;
async function finish(code) {
  if (finishing) {
    return;
  }
  finishing = true;
  clearTimeout(watchdog);
  writeFileSync(path.join(OUT, 'browser-console.log'), consoleLines.join('\n') + '\n');
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  try {
    await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  } catch {
    // the browser is gone already
  }
  process.exit(code);
}

async function screenshot(name) {
  const file = path.join(OUT, name);
  try {
    await page.screenshot({ path: file, timeout: 20_000 });
  } catch (error) {
    console.error(`e2e: (no screenshot ${name}: ${String(error.message).split('\n')[0]})`);
  }
  return file;
}

/** One named check: a screenshot after it; on failure a screenshot, the message, and the end of the run. */
async function step(name, body) {
  stepNumber += 1;
  const slug = `${String(stepNumber).padStart(2, '0')}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
  const started = Date.now();
  try {
    const detail = await body();
    passed += 1;
    const file = await screenshot(`${slug}.png`);
    log(`ok   ${stepNumber}. ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${detail ? `: ${detail}` : ''} [${path.basename(file)}]`);
  } catch (error) {
    failed += 1;
    const file = await screenshot(`${slug}-FAILED.png`);
    console.error(`e2e: FAIL ${stepNumber}. ${name} (${((Date.now() - started) / 1000).toFixed(1)} s): ${error.message}`);
    console.error(`e2e: screenshot of the failure: ${file}`);
    await finish(1);
  }
}

browser = await chromium.launchPersistentContext(PROFILE, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1400, height: 1000 },
  // As root Chromium needs --no-sandbox; the rest keeps it from reaching
  // out to Google's services (the network is closed) and from waiting on a GPU.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  timeout: 60_000,
  // The handlers above close the browser (and playwright kills it on exit anyway).
  handleSIGTERM: false,
  handleSIGINT: false,
});
page = browser.pages()[0] ?? (await browser.newPage());
page.setDefaultTimeout(WAIT);
page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));

await step('Open typo-next.asl.json', async () => {
  await page.goto(URL, { timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 }).catch(() => {
    throw new Error(`the VS Code workbench did not load from ${URL}`);
  });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'typo-next.asl.json' }).waitFor({ timeout: WAIT }).catch(() => {
    throw new Error('the explorer does not show the workspace with typo-next.asl.json');
  });
  await openFile(page, 'typo-next.asl.json');
  // The extension's language: the status bar names it.
  const mode = await waitFor(async () => {
    const text = await textOf(page, '[id="status.editor.mode"]');
    return text && /Amazon States Language/.test(text) ? text : undefined;
  }, 'the status bar does not show the language "Amazon States Language" for typo-next.asl.json (is the extension installed?)');
  return `language "${mode}"`;
});

await step('Problems panel shows ASL201', async () => {
  await runCommand(page, 'View: Focus Problems');
  const row = await waitFor(async () => {
    const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    return rows.map((r) => r.replace(/\s+/g, ' ')).find((r) => r.includes('ASL201'));
  }, 'the Problems panel shows no ASL201 (the language server did not report the typo’d Next)', WAIT_SERVER);
  for (const part of ['ProcesPayment', 'no such state', 'ProcessPayment']) {
    if (!row.includes(part)) {
      throw new Error(`the ASL201 problem does not mention "${part}": ${row}`);
    }
  }
  return row;
});

await step('Hover on a "Type" field', async () => {
  // Back in the editor; the hover is asked for by the mouse, over the
  // "Type" key of ValidateOrder (line 6).
  await page.locator(`${ACTIVE_EDITOR} textarea`).first().focus();
  await goTo(page, 6, 8);
  const box = await waitFor(
    () =>
      page.evaluate(
        ({ editorSelector, line }) => {
          const editor = document.querySelector(editorSelector);
          const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find(
            (n) => n.textContent.trim() === String(line),
          );
          if (!number) return undefined;
          const top = number.getBoundingClientRect().top;
          const viewLine = [...editor.querySelectorAll('.view-lines .view-line')].find(
            (v) => Math.abs(v.getBoundingClientRect().top - top) < 2,
          );
          const span = viewLine && [...viewLine.querySelectorAll('span span')].find((s) => s.textContent.includes('Type'));
          if (!span) return undefined;
          const r = span.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        },
        { editorSelector: ACTIVE_EDITOR, line: 6 },
      ),
    'line 6 ("Type": "Task") is not rendered in the editor',
  );
  await page.mouse.move(box.x - 40, box.y);
  await page.mouse.move(box.x, box.y, { steps: 4 });
  const text = await waitFor(async () => {
    const hovers = await visibleTexts(page, '.monaco-hover-content');
    return hovers.find((h) => h.includes('Task state'));
  }, 'no hover with "Task state" appeared over the "Type" key');
  if (!text.includes("The state's type")) {
    throw new Error(`the hover does not say "The state's type": ${text}`);
  }
  return text;
});

await step('Complete a Next value', async () => {
  await page.mouse.move(5, 500); // away from the hover
  await page.keyboard.press('Escape');
  // Line 13 is `      "Next": "IsValid"`: column 16 is just inside the string.
  await goTo(page, 13, 16);
  await page.keyboard.press('Control+Space');
  let labels = [];
  await waitFor(
    async () => {
      labels = (await page.locator('.suggest-widget.visible .monaco-list-row .label-name').allInnerTexts()).map((n) => n.trim());
      return Object.keys(TYPO_STATES).every((s) => labels.includes(s));
    },
    () =>
      labels.length === 0
        ? 'Ctrl+Space inside the "Next" string showed no suggestions'
        : `the suggestions lack the states ${Object.keys(TYPO_STATES).filter((s) => !labels.includes(s)).join(', ')}: they are ${labels.join(', ')}`,
  );
  return labels.join(', '); // the step's screenshot shows the list; the next step closes it
});

await step('Graph view: a node per state, a click reveals the state', async () => {
  await page.keyboard.press('Escape'); // the suggestions of the step before
  await page.locator('.suggest-widget.visible').waitFor({ state: 'hidden', timeout: WAIT });
  await runCommand(page, 'ASL: Show Graph to the Side');
  // A webview is an iframe (VS Code's host page, tagged with the extension's
  // id) around the iframe holding the extension's HTML.
  const frame = page
    .frameLocator('iframe.webview.ready[src*="extensionId=asl-ls.asl-ls"]')
    .frameLocator('iframe#active-frame');
  const nodes = frame.locator('#graph svg g.state');
  const expected = Object.keys(TYPO_STATES);
  let names = [];
  await waitFor(
    async () => {
      names = await nodes.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-state')));
      return names.length === expected.length && expected.every((s) => names.includes(s));
    },
    () =>
      names.length === 0
        ? 'the graph webview shows no state nodes (g.state in its SVG)'
        : `the graph's nodes are ${names.join(', ')}; expected one per state: ${expected.join(', ')}`,
    WAIT_SERVER,
  );
  // Each node shows its state's name.
  for (const name of expected) {
    const text = await frame.locator(`#graph svg g.state[data-state="${name}"]`).textContent();
    if (!text.includes(name)) {
      throw new Error(`the node of ${name} reads "${text}"`);
    }
  }
  const before = await cursorPosition(page);
  await frame.locator('#graph svg g.state[data-state="Rejected"] rect').first().click();
  const at = await waitFor(
    async () => {
      const now = await cursorPosition(page);
      return now && now.line === TYPO_STATES.Rejected ? now : undefined;
    },
    async () =>
      `a click on the "Rejected" node did not move the cursor to line ${TYPO_STATES.Rejected} (status bar before: ${before?.text}, now: ${(await cursorPosition(page))?.text})`,
  );
  return `${names.length} nodes (${names.join(', ')}); click on Rejected: ${before?.text} -> ${at.text}`;
});

await step('Run order-processing.asl.json (mocked): outputs inline', async () => {
  await openFile(page, 'order-processing.asl.json');
  await waitFor(async () => {
    const text = await textOf(page, '[id="status.editor.mode"]');
    return text && /Amazon States Language/.test(text);
  }, 'order-processing.asl.json is not in the ASL language');
  await runCommand(page, 'ASL: Run State Machine (mocked)');
  const toast = await waitFor(async () => {
    const texts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ')).find((t) => t.includes('ASL run of order-processing.asl.json'));
  }, 'no notification "ASL run of order-processing.asl.json…" after the run', WAIT_SERVER);
  if (!toast.includes('SUCCEEDED')) {
    throw new Error(`the run did not succeed: ${toast}`);
  }
  // The states' outputs as inlay hints, "→ {…}" after each visited state's
  // name (line numbers of examples/order-processing.asl.json).
  const hintOn = async (line, name, part) => {
    const text = await waitFor(
      async () => {
        const rendered = await viewLineText(page, line);
        return rendered && rendered.includes('→') ? rendered.trim() : undefined;
      },
      async () => `no inlay hint "→ …" after "${name}" (line ${line}) after the run; the line reads: ${await viewLineText(page, line)}`,
    );
    if (!text.includes(`"${name}"`) || !text.includes(part)) {
      throw new Error(`line ${line} should show ${name}'s output with ${part}: ${text}`);
    }
    return text;
  };
  const seen = [];
  seen.push(await hintOn(5, 'Validate Order', '"orderId":"o-1042"'));
  seen.push(await hintOn(19, 'Is Express Shipping?', '"order":{"orderId":"o-1042"'));
  await goTo(page, 78, 5);
  seen.push(await hintOn(78, 'Notify Customer', '"MessageId":"5f2a3c1e'));
  seen.push(await hintOn(84, 'Done', '"MessageId":"5f2a3c1e'));
  // "Order Failed" was not visited: no output there.
  const failedLine = await viewLineText(page, 85);
  if (failedLine === undefined || !failedLine.includes('Order Failed') || failedLine.includes('→')) {
    throw new Error(`line 85 ("Order Failed", not visited) should show no output: ${failedLine}`);
  }
  return `${toast}; ${seen.join(' | ')}`;
});

await finish(0);
