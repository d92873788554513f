/**
 * Shared helpers for the browser tests.
 *
 * - Toasts: antd's `message` shows a notice for 3 s. On a loaded CI host a locator poll can miss
 *   that window, so every page records each notice's text as it is added (an init script with a
 *   MutationObserver) and `toast()` waits on the record, not on the transient element.
 * - Failures: a failed test saves a screenshot of each open page to test-artifacts/ and prints the
 *   page's URL, any visible alerts and form errors, and (for pages of a recordToasts context) the
 *   last API answers of 400 and above with their bodies, so a CI log says what went wrong.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeEach, expect } from 'vitest';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');

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

/**
 * Chooses an option of an antd select and waits until the select shows it. On a loaded host a
 * click can land while the dropdown is still opening (or on the one before it, still closing) and
 * be lost: the choice is then made again, up to three times, instead of the test going on with
 * the old value (which made later steps fail far from the cause).
 */
async function choose(p: Page, testId: string, option: string, open: () => Promise<void>): Promise<void> {
  const shown = p.getByTestId(testId).locator('.ant-select-selection-item').first();
  for (let attempt = 1; ; attempt++) {
    await open();
    await openDropdown(p).locator('.ant-select-item-option', { hasText: option }).first().click();
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
export async function pick(p: Page, testId: string, option: string): Promise<void> {
  await choose(p, testId, option, () => p.getByTestId(testId).click());
}

/** A searchable select: type, click the matching option, make sure it took. */
export async function pickSearch(p: Page, testId: string, search: string, option = search): Promise<void> {
  await choose(p, testId, option, async () => {
    await p.getByTestId(testId).click();
    await inputOf(p, testId).fill(search);
  });
}

/**
 * Clicks a button inside a popover or popconfirm once the popover has finished opening: on a
 * loaded host a click during the zoom-in animation can be lost (the popover then stays open and
 * nothing is sent), and a second click would risk sending twice.
 */
export async function confirmPop(p: Page, testId: string): Promise<void> {
  const pop = p.locator('.ant-popover:not(.ant-popover-hidden)', { has: p.getByTestId(testId) }).last();
  await pop.waitFor();
  await expect.poll(async () => (await pop.getAttribute('class')) ?? '', { timeout: 10_000 }).not.toMatch(/-(appear|enter)(-|\b)/);
  await pop.getByTestId(testId).click();
}
