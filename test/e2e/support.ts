/**
 * Shared helpers for the browser tests.
 *
 * - The portal: `startPortal()` (in a beforeAll) opens a platform on a fresh SQLite data directory
 *   with the demo seeded, serves it and the built portal on an ephemeral loopback port, and
 *   launches Chromium; its `signIn()` opens a signed-in page in a context of its own and `close()`
 *   (in the afterAll) stops it all and removes the directory.
 * - Server processes (the CLI and crash files): `freePort()` and `waitForServer()`.
 * - Toasts: antd's `message` shows a notice for 3 s. On a loaded CI host a locator poll can miss
 *   that window, so every page records each notice's text as it is added (an init script with a
 *   MutationObserver) and `toast()` waits on the record, not on the transient element.
 * - Failures: a failed test saves a screenshot of each open page to test-artifacts/ and prints the
 *   page's URL, any visible alerts and form errors, and (for pages of a recordToasts context) the
 *   last API answers of 400 and above with their bodies, so a CI log says what went wrong.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';
import { beforeEach, expect } from 'vitest';
import { buildApp, webDistDir } from '../../src/core/http/app.js';
import { seedDemo } from '../../src/demo/seed.js';
import type { Platform } from '../../src/platform.js';
import { createTestPlatform } from '../helpers/platform.js';

/** Screenshots (named by each test) and failure captures. */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts');
const CHROMIUM = process.env.GOVSHARE_CHROMIUM ?? '/usr/bin/chromium';
/** The demo users' password. */
const PASSWORD = 'E2e-Portal-Pass#2026';

export interface PortalOptions {
  /** Seed the demo catalog too (seedDemo's default: yes). */
  catalog?: boolean;
  /** Data of the test's own, written on the seeded platform before the server is built. */
  prepare?: (platform: Platform) => Promise<void>;
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  locale?: string;
}

export interface Portal {
  /** http://127.0.0.1:<port> */
  base: string;
  platform: Platform;
  app: FastifyInstance;
  browser: Browser;
  /** The platform's data directory (removed by close()); a place for the test's own files too. */
  dataDir: string;
  /** The demo users' password. */
  password: string;
  /** Uncaught errors of every page opened here, `label: message`. */
  pageErrors: string[];
  /** A page in a context of its own (1440×900, zh-CN unless told otherwise) that records toasts, API errors and page errors; not signed in. */
  newPage(label?: string, opts?: PageOptions): Promise<Page>;
  /** A new page signed in as this demo user, on the home page. */
  signIn(username: string, opts?: PageOptions): Promise<Page>;
  /** Closes the browser, the server and the platform, and removes the data directory. */
  close(): Promise<void>;
}

/** Runs every step, even after one fails; then throws the first failure. */
async function runAll(steps: (() => unknown)[]): Promise<void> {
  let failure: { error: unknown } | undefined;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}

/** The real server on the demo data, the built portal and Chromium; see the file's header. */
export async function startPortal(options: PortalOptions = {}): Promise<Portal> {
  if (!webDistDir()) throw new Error('web/dist is missing: run `npm run build` (or `npx vite build --config web/vite.config.ts`) first');
  const { platform, tdb, cleanup } = await createTestPlatform('sqlite');
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  const close = () => runAll([() => browser?.close(), () => app?.close(), cleanup]);
  try {
    await seedDemo(platform, { password: PASSWORD, catalog: options.catalog });
    await options.prepare?.(platform);
    app = await buildApp(platform, { logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const pageErrors: string[] = [];
  const started = browser;

  async function newPage(label?: string, opts: PageOptions = {}): Promise<Page> {
    const context = await started.newContext({ viewport: opts.viewport ?? { width: 1440, height: 900 }, locale: opts.locale ?? 'zh-CN' });
    await recordToasts(context);
    const p = await context.newPage();
    p.setDefaultTimeout(30_000);
    p.on('pageerror', (e) => pageErrors.push(label ? `${label}: ${e.message}` : e.message));
    return p;
  }

  async function signIn(username: string, opts?: PageOptions): Promise<Page> {
    const p = await newPage(username, opts);
    await p.goto(`${base}/login`);
    await inputOf(p, 'login-username').fill(username);
    await inputOf(p, 'login-password').fill(PASSWORD);
    await p.getByTestId('login-submit').click();
    await p.getByTestId('welcome').waitFor();
    return p;
  }

  return { base, platform, app, browser, dataDir: tdb.dataDir, password: PASSWORD, pageErrors, newPage, signIn, close };
}

/** A free loopback port for a server process of the test's own. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => ok(port));
    });
  });
}

/** The first answer from a server process that is starting: retried while the connection is refused, up to `ms`. */
export async function waitForServer(url: string, ms = 30_000): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A full-page screenshot to test-artifacts/, once the toasts are gone, without hover effects, from the top. */
export async function shoot(p: Page, file: string): Promise<void> {
  await expect.poll(() => p.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
  await p.mouse.move(0, 0);
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
}

declare global {
  interface Window {
    __gsToasts?: string[];
  }
}

/** Runs in every page of the context before the portal's scripts. */
function toastRecorder(): void {
  const seen: string[] = [];
  window.__gsToasts = seen;
  const record = (node: Node): void => {
    if (!(node instanceof HTMLElement)) return;
    const notices = node.matches('.ant-message-notice') ? [node] : Array.from(node.querySelectorAll('.ant-message-notice'));
    for (const n of notices) if (n.textContent) seen.push(n.textContent);
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) m.addedNodes.forEach(record);
  }).observe(document, { childList: true, subtree: true });
}

/** API answers of 400 and above, per page, for the failure report (the last 10). */
const failedResponses = new WeakMap<Page, string[]>();

/** Make every page of this context record the toasts it shows and the API errors it receives. */
export async function recordToasts(context: BrowserContext): Promise<void> {
  await context.addInitScript(toastRecorder);
  context.on('response', (r) => {
    if (r.status() < 400 || !r.url().includes('/api/')) return;
    const page = r.frame().page();
    const list = failedResponses.get(page) ?? [];
    failedResponses.set(page, list);
    void r
      .text()
      .catch(() => '')
      .then((body) => {
        list.push(`${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()} ${body.slice(0, 1500)}`);
        if (list.length > 10) list.shift();
      });
  });
}

/** Wait until the page has shown a toast with this text (since it was loaded). */
export async function toast(p: Page, text: string | RegExp, timeout = 30_000): Promise<void> {
  const matches = (s: string): boolean => (typeof text === 'string' ? s.includes(text) : text.test(s));
  await expect
    .poll(async () => ((await p.evaluate(() => window.__gsToasts ?? [])) as string[]).some(matches), {
      timeout,
      message: `a toast matching ${String(text)}`,
    })
    .toBe(true);
}

/** What a user would see that explains a failure: URL, alerts, form errors. */
async function describePage(p: Page): Promise<string> {
  if (p.isClosed()) return '(page closed)';
  const texts = await p
    .locator('.ant-alert, .ant-form-item-explain-error, .ant-result-title, .ant-message-notice')
    .allTextContents()
    .catch(() => [] as string[]);
  const toasts = (await p.evaluate(() => window.__gsToasts ?? []).catch(() => [])) as string[];
  const failed = failedResponses.get(p) ?? [];
  return [`url: ${p.url()}`, ...texts.map((t) => `visible: ${t.trim()}`), ...toasts.map((t) => `toast: ${t}`), ...failed.map((f) => `api: ${f}`)].join('\n  ');
}

/** On a failed test, screenshot and describe every page open in the browser. */
export function captureFailures(prefix: string, browser: () => Browser | undefined): void {
  const pages = (): Page[] => browser()?.contexts().flatMap((c) => c.pages()) ?? [];
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const slug = task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
      let i = 0;
      for (const p of pages()) {
        i += 1;
        const file = join(ARTIFACTS, `failure-${prefix}-${slug}-${i}.png`);
        await p.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        console.error(`[e2e failure] ${task.name} — page ${i} (${file}):\n  ${await describePage(p)}`);
      }
    });
  });
}

/** The text input behind a test id: antd puts data-* on the <input> itself or on a wrapper around it. */
export function inputOf(p: Page, testId: string) {
  return p.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input, textarea[data-testid="${testId}"]`).first();
}

/** The select dropdown open now (the newest one not hidden). */
export function openDropdown(p: Page) {
  return p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
}

/** A select, by its test id or (where the portal gives it none) by a locator of its .ant-select element. */
export type SelectRef = string | Locator;

const selectOf = (p: Page, select: SelectRef): Locator => (typeof select === 'string' ? p.getByTestId(select) : select);

/**
 * Chooses an option of an antd select and waits until the select shows it. On a loaded host a
 * click can land while the dropdown is still opening (or on the one before it, still closing) and
 * be lost: the choice is then made again, up to three times, instead of the test going on with
 * the old value (which made later steps fail far from the cause). For single selects only: in a
 * multiple select a second click on the option would take it out again.
 */
const SELECT_OPTION = '.ant-select-item-option';
const TREE_NODE = '.ant-select-tree-node-content-wrapper';

async function choose(p: Page, select: Locator, option: string, open: () => Promise<void>, optionSelector = SELECT_OPTION): Promise<void> {
  const shown = select.locator('.ant-select-selection-item').first();
  for (let attempt = 1; ; attempt++) {
    await open();
    await openDropdown(p).locator(optionSelector, { hasText: option }).first().click();
    try {
      await expect.poll(async () => (await shown.textContent({ timeout: 500 }).catch(() => null)) ?? '', { timeout: 5000 }).toContain(option);
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      await p.keyboard.press('Escape');
    }
  }
}

/** A plain select: open it, click the option, make sure it took. */
export async function pick(p: Page, select: SelectRef, option: string): Promise<void> {
  const s = selectOf(p, select);
  await choose(p, s, option, () => s.click());
}

/**
 * Adds an option to a multiple select and makes sure it is among the chosen tags. A retry clicks
 * only while the option is not chosen yet (a second click would take it out again); the dropdown is
 * closed at the end.
 */
export async function pickMany(p: Page, select: SelectRef, option: string): Promise<void> {
  const s = selectOf(p, select);
  const chosen = async () => ((await s.locator('.ant-select-selection-item').allTextContents()) as string[]).some((t) => t.includes(option));
  for (let attempt = 1; !(await chosen()); attempt++) {
    await s.click();
    await openDropdown(p).locator('.ant-select-item-option', { hasText: option }).first().click();
    try {
      await expect.poll(chosen, { timeout: 5000 }).toBe(true);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  await p.keyboard.press('Escape');
}

/**
 * Clicks a button that sends a request, and clicks again (up to 3 times) only while no such request
 * has left: on a loaded host a click can land during a layout shift (an error alert opening above
 * the form) and be lost. Nothing can be sent twice: a retry happens only when nothing was sent.
 */
export async function clickUntilRequest(p: Page, button: Locator, sent: (r: Request) => boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const request = p.waitForRequest(sent, { timeout: 5000 });
    await button.click();
    try {
      await request;
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/**
 * clickUntilRequest for a button that changes something on the server: it waits for any request
 * to the API other than a read. Not for a button that first opens a confirmation (confirmPop).
 */
export function clickToSend(p: Page, button: Locator): Promise<void> {
  return clickUntilRequest(p, button, (r) => r.url().includes('/api/') && r.method() !== 'GET' && r.method() !== 'HEAD');
}

/** A searchable select: type, click the matching option, make sure it took. */
export function pickSearch(p: Page, select: SelectRef, search: string, option = search): Promise<void> {
  return searchAndChoose(p, select, search, option, SELECT_OPTION);
}

/** A searchable tree select (the catalog's classification): the same, on the tree's nodes. */
export function pickTreeSearch(p: Page, select: SelectRef, search: string, option = search): Promise<void> {
  return searchAndChoose(p, select, search, option, TREE_NODE);
}

function searchAndChoose(p: Page, select: SelectRef, search: string, option: string, optionSelector: string): Promise<void> {
  const s = selectOf(p, select);
  const input = typeof select === 'string' ? inputOf(p, select) : s.locator('input').first();
  return choose(
    p,
    s,
    option,
    async () => {
      await s.click();
      await input.fill(search);
    },
    optionSelector,
  );
}

/**
 * Clicks a button inside a popover or popconfirm once the popover has finished opening: on a
 * loaded host a click during the zoom-in animation can be lost (the popover then stays open and
 * nothing is sent), and a second click would risk sending twice. The button is given by its test
 * id or, where the portal gives it none, by a locator (looked for inside the open popover).
 */
export async function confirmPop(p: Page, button: string | Locator): Promise<void> {
  const target = typeof button === 'string' ? p.getByTestId(button) : button;
  const pop = p.locator('.ant-popover:not(.ant-popover-hidden)', { has: target }).last();
  await pop.waitFor();
  await expect.poll(async () => (await pop.getAttribute('class')) ?? '', { timeout: 10_000 }).not.toMatch(/-(appear|enter)(-|\b)/);
  await pop.locator(target).click();
}

/**
 * Clicks the primary button of an open confirmation dialog (Modal.confirm) once its zoom-in has
 * ended, for the same reason as confirmPop: a click during the animation can be lost on a loaded host.
 */
export async function confirmModal(p: Page): Promise<void> {
  const modal = p.locator('.ant-modal.ant-modal-confirm').last();
  await modal.waitFor();
  await expect.poll(async () => (await modal.getAttribute('class')) ?? '', { timeout: 10_000 }).not.toMatch(/-(appear|enter)(-|\b)/);
  await modal.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
}
