// End-to-end support: Debian's Chromium driven by playwright-core, one per test file, with a
// fresh profile in a temp dir that is deleted on close. `hasChromium` lets a suite skip (with
// a message) only when /usr/bin/chromium is missing — scripts/install-chromium.sh installs it.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const NO_CHROMIUM = `end-to-end tests skipped: ${CHROMIUM} is missing (install it with scripts/install-chromium.sh)`;

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
];

export interface Browser {
  readonly context: BrowserContext;
  /** A new tab; its console errors and page errors are collected in `problems(page)`. */
  newPage(): Promise<Page>;
  /** Console errors and uncaught exceptions a page has shown so far. */
  problems(page: Page): string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "tandem-e2e-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1000, height: 700 },
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const log = new WeakMap<Page, string[]>();
  const watch = (page: Page): Page => {
    const problems: string[] = [];
    log.set(page, problems);
    page.on("console", (m: ConsoleMessage) => {
      if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.stack ?? e.message}`));
    return page;
  };
  // the persistent context opens with one blank tab: close it, tests open their own
  await Promise.all(context.pages().map((p) => p.close()));
  return {
    context,
    newPage: async () => watch(await context.newPage()),
    problems: (page) => log.get(page) ?? [],
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
