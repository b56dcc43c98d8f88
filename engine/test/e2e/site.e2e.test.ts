// The deployed form end to end: `npm run build` output served by `npm run serve` (static files
// and the reflector on one port, one process); pages find the reflector at their own origin.
import { rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchBrowser, NO_CHROMIUM, type Browser } from "./support/browser.ts";
import { freshSessionName, openGame, waitForText } from "./support/pages.ts";
import { buildSite, startSiteProcess, type SiteProcess } from "./support/site-process.ts";

if (!hasChromium) console.warn(NO_CHROMIUM);

describe.skipIf(!hasChromium)(hasChromium ? "built site served by npm run serve" : NO_CHROMIUM, { timeout: 60_000 }, () => {
  let browser: Browser;
  let dist: string | null = null;
  let site: SiteProcess;
  const pages: Page[] = [];

  beforeAll(async () => {
    [browser, dist] = await Promise.all([launchBrowser(), buildSite()]);
    site = await startSiteProcess(dist);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(pages.map((p) => p.close()));
    const stopped = await site?.stop();
    await browser?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
    expect(stopped, "serve exits cleanly on SIGTERM").toBe(0);
  });

  it("from the landing page into a game, and a second page of the same link plays along", async () => {
    const landing = await browser.newPage();
    pages.push(landing);
    await landing.goto(`${site.url}/`);
    await landing.getByTestId("game-counter").click();
    await landing.waitForFunction(() => window.tandem?.session.connected === true, undefined, { timeout: 20_000, polling: 50 });
    const shared = landing.url();
    const name = new URLSearchParams(new URL(shared).hash.slice(1)).get("name");
    expect(name).toBeTruthy();

    const other = await browser.newPage();
    pages.push(other);
    await other.goto(shared);
    await other.waitForFunction(() => window.tandem?.session.connected === true, undefined, { timeout: 20_000, polling: 50 });
    expect(await other.evaluate(() => window.tandem!.session.id)).toBe(await landing.evaluate(() => window.tandem!.session.id));

    await other.getByTestId("increment").click();
    await waitForText(landing, "count", "1");
    expect(browser.problems(landing)).toEqual([]);
    expect(browser.problems(other)).toEqual([]);
  });

  it("every game page of the build loads and joins", async () => {
    const games = ["counter", "chat", "cursors", "loot", "timer", "arena", "swarm"];
    const opened = await Promise.all(games.map((game) => openGame(browser, { site: site.url, game, session: freshSessionName(game) })));
    pages.push(...opened);
    expect(opened.map((p, i) => [games[i], browser.problems(p)])).toEqual(games.map((g) => [g, []]));
  });
});
