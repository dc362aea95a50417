/**
 * Browser-test context: one real server and one Chromium per test file, a fresh browser context per
 * page (so sessions never leak between tests), sign-in by handing a factory Client's session
 * cookie to the browser, and screenshots into test/e2e/screenshots/ (git-ignored).
 *
 * New flows (live alerts, allocation runs…) are one more test file:
 *   const e2e = useE2e();
 *   it('…', async () => { const org = await registerOrg(e2e.app, 'enterprise'); const page = await e2e.page({ as: org.client }); … });
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Client } from '../../support/app.ts';
import { startE2eServer, type E2eServer } from './server.ts';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface PageOptions {
  /** Sign the page in as this API client (its session cookie is copied into the browser). */
  as?: Client;
  viewport?: { width: number; height: number };
}

export interface E2e {
  readonly server: E2eServer;
  readonly app: E2eServer['app'];
  readonly browser: Browser;
  page(opts?: PageOptions): Promise<Page>;
  /** Console errors, failed (5xx) requests and uncaught exceptions seen by a page. */
  problems(page: Page): string[];
  shot(page: Page, name: string, opts?: { fullPage?: boolean }): Promise<string>;
}

export function useE2e(): E2e {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const seen = new WeakMap<Page, string[]>();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [server, browser] = await Promise.all([
      startE2eServer(),
      chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: CHROMIUM_ARGS,
      }),
    ]);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not started (beforeAll failed?)`);
    return v;
  };

  return {
    get server() {
      return need(server, 'server');
    },
    get app() {
      return need(server, 'server').app;
    },
    get browser() {
      return need(browser, 'browser');
    },
    async page(opts = {}) {
      const s = need(server, 'server');
      const context = await need(browser, 'browser').newContext({
        viewport: opts.viewport ?? DESKTOP,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        baseURL: s.baseUrl,
      });
      contexts.push(context);
      const cookie = opts.as?.cookie;
      if (cookie) {
        const [name, ...rest] = cookie.split('=');
        await context.addCookies([{ name: name!, value: rest.join('='), url: s.baseUrl }]);
      }
      const page = await context.newPage();
      const problems: string[] = [];
      seen.set(page, problems);
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        // 4xx answers are part of normal flows (anonymous /auth/me, validation errors shown on
        // fields, an API not deployed yet); the app handles them. 5xx and script errors count.
        if (/Failed to load resource: .*status of 4\d\d/.test(m.text())) return;
        problems.push(`console: ${m.text()}`);
      });
      return page;
    },
    problems(page) {
      return seen.get(page) ?? [];
    },
    async shot(page, name, opts = {}) {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      // Let fonts, transitions and charts settle so screenshots show the finished page.
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      await page.screenshot({ path: file, fullPage: opts.fullPage ?? false });
      return file;
    },
  };
}

/** The form item (label + control + error line) whose label is exactly `label`. */
export function formItem(page: Page, label: string) {
  return page.locator('.el-form-item').filter({
    has: page.locator('.el-form-item__label', { hasText: new RegExp(`^\\s*${label}\\s*$`) }),
  });
}

/** Picks `value` in an Element Plus select found by its label (types to filter, Enter to choose). */
export async function choose(page: Page, label: string, value: string): Promise<void> {
  const item = formItem(page, label);
  await item.locator('.el-select__wrapper').click();
  await page.keyboard.type(value);
  await page.locator('.el-select-dropdown__item:visible', { hasText: value }).first().click();
  await page.keyboard.press('Escape');
}
