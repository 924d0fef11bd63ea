import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { z } from 'zod';
import { buildPlayground } from '../../scripts/build-playground';
import { createApp } from '../../src/app/create-app';
import { createMediaReader } from '../../src/media/media-reader';
import { DEFAULT_MEDIA_SETTINGS } from '../../src/media/media-settings';
import type { FlowDefinition } from '../../src/flow-definition/define-flow';
import type { ValidationMode } from '../../src/router/validation-mode';
import { createMemoryStore } from '../../src/store/memory-store';
import type { Store } from '../../src/store/store';
import type { TenantDirectory } from '../../src/tenants/tenant-directory';
import { captureLogs } from '../helpers/log-capture';
import { APP_SECRET, TOKEN_SECRET } from '../helpers/test-app';
import { businessPrivateKey } from '../helpers/test-keys';

/** Screenshots of each screen, kept after the run (gitignored). */
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/playground');

const CHROMIUM_CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
];

function chromiumPath(): string {
  const found = CHROMIUM_CANDIDATES.find((candidate) => candidate && existsSync(candidate));
  if (!found) throw new Error('Chromium is missing: run bash scripts/ensure-packages.sh chromium');
  return found;
}

export interface Playground {
  url: string;
  store: Store;
  browser: Browser;
  /** A fresh page; console errors and page errors are collected in `problems`. */
  newPage(): Promise<{ page: Page; problems: string[] }>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** The real app on a loopback port with the playground on, its page freshly built, and Chromium. */
export async function startPlayground(
  flows: (store: Store) => FlowDefinition[],
  options: {
    validation?: ValidationMode;
    /** Each flow's flow.json on disk: loaded from there, and editable in the page. */
    flowFiles?: (flow: string) => string | undefined;
    /** Partner mode: the page then offers these tenants in its picker. */
    tenants?: TenantDirectory;
  } = {},
): Promise<Playground> {
  const assetsDir = mkdtempSync(path.join(tmpdir(), 'playground-assets-'));
  await buildPlayground(assetsDir);
  const store = createMemoryStore();
  const app = createApp({
    flows: flows(store),
    keys: { privateKeys: [businessPrivateKey], appSecrets: [APP_SECRET] },
    logger: captureLogs().logger,
    store,
    tokens: { secret: TOKEN_SECRET, production: false },
    playground: { assetsDir },
    ...(options.flowFiles && { flowFiles: options.flowFiles }),
    ...(options.validation && { validation: options.validation }),
    ...(options.tenants && { tenants: options.tenants }),
    // Handlers read picked files from the playground's stand-in CDN on this loopback server.
    media: createMediaReader({ ...DEFAULT_MEDIA_SETTINGS, allowLoopback: true }),
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    url,
    store,
    browser,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (err) => problems.push(err.message));
      return { page, problems };
    },
    async screenshot(page, name) {
      await page.locator('.phone').screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

/** Runs in the page (the tests are compiled without the DOM's types, so it is given as text). */
const UNNAMED_CONTROLS = `(() => {
  const missing = [];
  for (const field of document.querySelectorAll('input, select, textarea')) {
    const labelled = (field.labels && field.labels.length > 0) ||
      field.getAttribute('aria-label') || field.getAttribute('aria-labelledby');
    if (!labelled) missing.push(field.tagName.toLowerCase() + '[name=' + field.name + ']');
  }
  for (const button of document.querySelectorAll('button')) {
    const name = (button.getAttribute('aria-label') || button.textContent || '').trim();
    if (!name) missing.push('button ' + button.outerHTML.slice(0, 60));
  }
  return missing;
})()`;

/**
 * What assistive technology would miss on the page: inputs without a label and buttons without a
 * name. Empty when every control is named.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  return z.array(z.string()).parse(await page.evaluate(UNNAMED_CONTROLS));
}
