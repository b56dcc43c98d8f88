// End to end in a real browser: game pages served by the Vite dev server, talking to the real
// reflector CLI (`?reflector=`), driven in Debian's Chromium; and cross-engine determinism (the
// arena's scripted input log in Node and in Chromium). One browser, one dev server and one
// reflector for the whole file; every test uses its own session name.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runArenaScript } from "../../../games/arena/script.ts";
import { runSwarmScript } from "../../../games/swarm/script.ts";
import { startReflectorProcess, type ReflectorProcess } from "../support/reflector-process.ts";
import { hasChromium, launchBrowser, NO_CHROMIUM, type Browser } from "./support/browser.ts";
import { commonHash, freshSessionName, gameUrl, inkPixels, modelTime, openGame, textOf, waitForText } from "./support/pages.ts";
import { startDevServer, type DevServer } from "./support/vite-server.ts";

if (!hasChromium) console.warn(NO_CHROMIUM);

/** Arena script length: long enough for all of it (late join at 40 %, a leave at 75 %), short enough to be quick. */
const ARENA_STEPS = 160;

describe.skipIf(!hasChromium)(hasChromium ? "games in Chromium" : NO_CHROMIUM, { timeout: 60_000 }, () => {
  let browser: Browser;
  let site: DevServer;
  let reflector: ReflectorProcess;
  const pages: Page[] = [];

  beforeAll(async () => {
    [browser, site, reflector] = await Promise.all([launchBrowser(), startDevServer("games"), startReflectorProcess()]);
  }, 60_000);

  // a finished test's pages go at once: a swarm page left running would slow the others down
  afterEach(async () => {
    await Promise.allSettled(pages.splice(0).map((p) => p.close()));
  });

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), site?.close(), reflector?.stop()]);
  });

  const open = async (game: string, session: string, reflectorUrl = reflector.url): Promise<Page> => {
    const page = await openGame(browser, { site: site.url, game, session, reflector: reflectorUrl });
    pages.push(page);
    return page;
  };

  it("counter: a click in one page shows the new number in the other", async () => {
    const session = freshSessionName("counter");
    const [a, b] = await Promise.all([open("counter", session), open("counter", session)]);
    const before = Number(await textOf(a, "count"));
    await waitForText(b, "count", String(before));

    await a.getByTestId("increment").click();
    await waitForText(b, "count", String(before + 1));
    await waitForText(a, "count", String(before + 1));

    await b.getByTestId("increment").click();
    await waitForText(a, "count", String(before + 2));
    expect(browser.problems(a)).toEqual([]);
    expect(browser.problems(b)).toEqual([]);
  });

  it("counter: 100 increments published from a loop in the console all arrive, in both pages", async () => {
    const session = freshSessionName("burst");
    const [a, b] = await Promise.all([open("counter", session), open("counter", session)]);
    const before = Number(await textOf(a, "count"));
    await waitForText(b, "count", String(before));
    // what a new user tried in the console (it used to end at 99 or 98 now and then)
    await a.evaluate(() => {
      const s = (window as unknown as { tandem: { session: { id: string; publish(scope: string, event: string): void } } }).tandem.session;
      for (let i = 0; i < 100; i++) s.publish(s.id, "increment");
    });
    await waitForText(b, "count", String(before + 100));
    await waitForText(a, "count", String(before + 100));
    await a.waitForFunction(() => (window as unknown as { tandem: { session: { unacknowledged: number } } }).tandem.session.unacknowledged === 0);
    expect(browser.problems(a)).toEqual([]);
    expect(browser.problems(b)).toEqual([]);
  });

  it("a link with the wrong password says so (this page cannot decrypt the session), not that the reflector refused", async () => {
    const session = freshSessionName("pw");
    pages.push(await openGame(browser, { site: site.url, game: "counter", session, reflector: reflector.url, password: "right one" }));
    const wrong = await browser.newPage();
    pages.push(wrong);
    await wrong.goto(gameUrl({ site: site.url, game: "counter", session, reflector: reflector.url, password: "wrong one" }));
    await wrong.getByTestId("notice").waitFor({ timeout: 20_000 });
    const notice = await textOf(wrong, "notice");
    expect(notice).toMatch(/Wrong password for this session/);
    expect(notice).toMatch(/cannot decrypt the session .*Ask whoever shared it for the link again, or start a new session/);
    expect(notice).not.toMatch(/refused/);
    expect(await textOf(wrong, "notice-action")).toBe("Start a new session");
  });

  it("swarm: the canvas shows the entities (not a blank background)", async () => {
    const page = await open("swarm", freshSessionName("swarm"));
    const canvas = page.locator("[data-testid=stage] canvas").first();
    await canvas.waitFor({ state: "visible", timeout: 15_000 });
    // the view counts what it drew in its last frame: wait for a frame with entities in it
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>("[data-testid=swarm-count]")?.dataset.value ?? 0) > 0, undefined, {
      timeout: 20_000,
      polling: 100,
    });
    const seen = await inkUntil(page, 200);
    expect(seen.ink, `non-background pixels of ${seen.total}`).toBeGreaterThanOrEqual(200);
    expect(browser.problems(page)).toEqual([]);
  });

  it("a page that joins late shows the same state (same hash at the same point of the stream)", async () => {
    const session = freshSessionName("late");
    const a = await open("loot", session);
    // state made before the second page exists (RNG draws, counts, history): its snapshot and
    // the events after it are all the late joiner gets
    await a.getByTestId("open-ten").click();
    await waitForText(a, "opened-total", "10");
    await a.getByTestId("open-chest").click();
    await waitForText(a, "opened-total", "11");

    const b = await open("loot", session);
    await waitForText(b, "opened-total", "11");
    const drops = (p: Page) => p.evaluate(() => [...document.querySelectorAll<HTMLElement>("[data-testid=history-item]")].map((e) => `${e.dataset.n}:${e.dataset.rarity}`));
    expect(await drops(b)).toEqual(await drops(a));
    for (const rarity of ["legendary", "rare", "common"]) expect(await textOf(b, `count-${rarity}`)).toBe(await textOf(a, `count-${rarity}`));

    const { key, hashes } = await commonHash([a, b], await modelTime(b));
    expect(hashes[1], `hash at ${key}`).toBe(hashes[0]);
    expect(browser.problems(b)).toEqual([]);
  });

  it("after the reflector is killed and restarted, pages show Reconnecting… then Connected and play goes on", async () => {
    const storage = mkdtempSync(join(tmpdir(), "tandem-e2e-restart-"));
    let own: ReflectorProcess | null = await startReflectorProcess({ storage, args: ["--grace-ms", "500"] });
    try {
      const session = freshSessionName("restart");
      const [a, b] = await Promise.all([open("counter", session, own.url), open("counter", session, own.url)]);
      await a.getByTestId("increment").click();
      await waitForText(b, "count", "1");
      await waitForText(a, "count", "1");
      await waitForText(a, "connection", "Connected");

      const port = own.port;
      await own.kill();
      own = null;
      await waitForText(a, "connection", "Reconnecting…");
      await waitForText(b, "connection", "Reconnecting…");

      own = await startReflectorProcess({ storage, port });
      await waitForText(a, "connection", "Connected", 20_000);
      await waitForText(b, "connection", "Connected", 20_000);
      expect(await textOf(a, "count")).toBe("1");

      await b.getByTestId("increment").click();
      await waitForText(a, "count", "2");
      await waitForText(b, "count", "2");
      // the browser logs each refused reconnect attempt; anything else is a problem
      const refused = (p: string) => p.includes("ERR_CONNECTION_REFUSED");
      expect(browser.problems(a).filter((p) => !refused(p))).toEqual([]);
      expect(browser.problems(b).filter((p) => !refused(p))).toEqual([]);
    } finally {
      await own?.kill();
      rmSync(storage, { recursive: true, force: true });
    }
  }, 90_000);

  it("npm start's embedded reflector: a page without ?reflector= joins at its own origin", async () => {
    const session = freshSessionName("embedded");
    const [a, b] = await Promise.all([0, 1].map(() => openGame(browser, { site: site.url, game: "counter", session })));
    pages.push(a!, b!);
    expect(await a!.evaluate(() => window.tandem!.session.status)).toBe("connected");
    await a!.getByTestId("increment").click();
    await waitForText(b!, "count", "1");
  });

  it("landing page: every game links to its page with a fresh session in the fragment", async () => {
    const page = await browser.newPage();
    pages.push(page);
    await page.goto(`${site.url}/`);
    const links = await page.evaluate(() => [...document.querySelectorAll<HTMLAnchorElement>("a.game-card")].map((a) => ({ game: a.dataset.game, href: a.href })));
    expect(links.map((l) => l.game).sort()).toEqual(["arena", "chat", "counter", "cursors", "loot", "swarm", "timer"]);
    const names = new Set<string>();
    for (const { game, href } of links) {
      const url = new URL(href);
      expect(url.pathname).toBe(`/games/${game}/index.html`);
      const name = new URLSearchParams(url.hash.slice(1)).get("name");
      expect(name).toMatch(/^[a-z0-9]{10}$/);
      names.add(name!);
    }
    expect(names.size).toBe(links.length);
    await page.getByTestId("new-sessions").click();
    const after = await page.evaluate(() => (document.querySelector("a.game-card") as HTMLAnchorElement).href);
    expect(after).not.toBe(links[0]!.href);
  });

  it("cross-engine determinism: the arena script gives identical per-step hashes in Node and in Chromium", async () => {
    const page = await browser.newPage();
    pages.push(page);
    // any page of the dev server will do: it only provides the origin the module is imported from
    await page.goto(`${site.url}/`);
    // a string, so the import is the browser's own (vitest rewrites the test file's imports)
    const inBrowser = (await page.evaluate(`import("/games/arena/script.ts").then((m) => m.runArenaScript({ steps: ${ARENA_STEPS} }))`)) as string[];
    const inNode = runArenaScript({ steps: ARENA_STEPS });

    expect(inNode).toHaveLength(ARENA_STEPS);
    expect(new Set(inNode).size).toBeGreaterThan(ARENA_STEPS / 2); // the state really changes
    const firstDiff = inNode.findIndex((h, i) => h !== inBrowser[i]);
    expect(firstDiff, `first step whose hash differs: ${firstDiff}`).toBe(-1);
    expect(inBrowser).toEqual(inNode);
    expect(browser.problems(page)).toEqual([]);
  });

  it("cross-engine determinism: the swarm script (WebAssembly SIMD kernel) gives identical per-step hashes in Node and in Chromium", async () => {
    const page = await browser.newPage();
    pages.push(page);
    await page.goto(`${site.url}/`);
    // the browser really takes the WebAssembly path (an arena can be made), not the JS twin
    expect(await page.evaluate(`import("/engine/src/model/arena.ts").then((m) => m.Arena.for([], 1024) !== null)`)).toBe(true);
    const inBrowser = (await page.evaluate(`import("/games/swarm/script.ts").then((m) => m.runSwarmScript({ steps: 30 }))`)) as string[];
    const inNode = runSwarmScript({ steps: 30 });
    expect(new Set(inNode).size).toBeGreaterThan(20);
    const firstDiff = inNode.findIndex((h, i) => h !== inBrowser[i]);
    expect(firstDiff, `first step whose hash differs: ${firstDiff}`).toBe(-1);
    expect(browser.problems(page)).toEqual([]);
  });
});

/** Screenshots the swarm canvas until it shows at least `min` pixels of something other than background. */
async function inkUntil(page: Page, min: number): Promise<{ ink: number; total: number }> {
  const canvas = page.locator("[data-testid=stage] canvas").first();
  const start = Date.now();
  for (;;) {
    const seen = await inkPixels(page, canvas);
    if (seen.ink >= min || Date.now() - start > 15_000) return seen;
    await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => resolve(true))));
  }
}
