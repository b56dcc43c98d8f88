// End-to-end support: opening a game page on a session, waiting for real conditions in pages
// (never sleeping in their place), comparing state hashes of several pages at one agreeing
// moment, and checking that a canvas shows something.
import { randomUUID } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import type { Browser } from "./browser.ts";

/** A session name no other test (or earlier run) uses. */
export function freshSessionName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface OpenGame {
  /** Base URL of the server holding the pages (http://127.0.0.1:PORT). */
  site: string;
  game: string;
  /** Session name, put in the fragment (`#name=…`). */
  session: string;
  /** `?reflector=ws://…`; omitted: the page uses its own origin's /reflector. */
  reflector?: string;
  /** Session password, put in the fragment (`&pw=…`). */
  password?: string;
}

export function gameUrl(o: OpenGame): string {
  const query = o.reflector ? `?reflector=${encodeURIComponent(o.reflector)}` : "";
  const pw = o.password ? `&pw=${encodeURIComponent(o.password)}` : "";
  return `${o.site}/games/${o.game}/index.html${query}#name=${encodeURIComponent(o.session)}${pw}`;
}

/** Opens a game page and waits until its session has joined and synced (`window.tandem`). */
export async function openGame(browser: Browser, o: OpenGame, timeoutMs = 20_000): Promise<Page> {
  const page = await browser.newPage();
  const res = await page.goto(gameUrl(o));
  if (!res?.ok()) throw new Error(`${gameUrl(o)} answered ${res?.status() ?? "nothing"}: is games/${o.game}/index.html there?`);
  try {
    await page.waitForFunction(() => window.tandem?.session.connected === true, undefined, { timeout: timeoutMs, polling: 50 });
  } catch (err) {
    throw new Error(`${o.game} page did not join session ${o.session}: ${(err as Error).message}\n${browser.problems(page).join("\n")}`);
  }
  return page;
}

/** Waits until the element's text is `text` (playwright's own wait, with a timeout). */
export async function waitForText(page: Page, testid: string, text: string, timeoutMs = 10_000): Promise<void> {
  try {
    await page.waitForFunction(
      ([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === want,
      [testid, text] as const,
      { timeout: timeoutMs, polling: 20 },
    );
  } catch (err) {
    const now = await page.locator(`[data-testid="${testid}"]`).first().textContent().catch(() => null);
    throw new Error(`waiting for [data-testid=${testid}] to read ${JSON.stringify(text)} (it reads ${JSON.stringify(now)}): ${(err as Error).message}`);
  }
}

export async function textOf(page: Page, testid: string): Promise<string> {
  return ((await page.getByTestId(testid).first().textContent()) ?? "").trim();
}

/**
 * Polls an async probe until it returns a value other than null (for conditions spanning
 * several pages, which one page's waitForFunction cannot see), failing after `timeoutMs`.
 */
export async function poll<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The model time of a page's session (ms). */
export function modelTime(page: Page): Promise<number> {
  return page.evaluate(() => window.tandem?.session.runtime?.time ?? -1);
}

/**
 * Waits until every page has reported a state hash for one common (time, seq) at or after
 * model time `minTime`, and returns that point with each page's hash: pages are compared at
 * an agreeing moment of the event stream, never "after a while".
 */
export async function commonHash(pages: Page[], minTime: number, timeoutMs = 20_000): Promise<{ key: string; hashes: string[] }> {
  return poll(async () => {
    const logs = await Promise.all(pages.map((p) => p.evaluate(() => [...(window.tandem?.session.hashLog ?? new Map<string, string>())])));
    const maps = logs.map((l) => new Map(l));
    for (const [key] of [...logs[0]!].reverse()) {
      if (Number(key.split(":")[0]) < minTime) continue;
      if (maps.every((m) => m.has(key))) return { key, hashes: maps.map((m) => m.get(key)!) };
    }
    return null;
  }, "a common hash point on every page", timeoutMs);
}

/**
 * How many pixels of an element's on-screen image differ clearly from its most common colour
 * (its background). Uses a screenshot of the composited page, so it works for WebGL canvases
 * whatever their preserveDrawingBuffer; the PNG is decoded by the browser itself.
 */
export async function inkPixels(page: Page, target: Locator): Promise<{ ink: number; total: number; background: number[] }> {
  const png = await target.screenshot({ animations: "allow" });
  return page.evaluate(async (b64) => {
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const img = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(img.width, img.height);
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    let bg = 0, best = -1;
    for (const [k, n] of counts) if (n > best) [bg, best] = [k, n];
    const br = bg >> 16, bgG = (bg >> 8) & 255, bb = bg & 255;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      const d = Math.abs(data[i]! - br) + Math.abs(data[i + 1]! - bgG) + Math.abs(data[i + 2]! - bb);
      if (d > 48) ink++;
    }
    return { ink, total: img.width * img.height, background: [br, bgG, bb] };
  }, png.toString("base64"));
}
