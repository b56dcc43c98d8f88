// The one-process deployment (serve.ts): static files of a built site with the right types,
// redirects and real 404s, and the reflector on /reflector of the same port.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { StreamKind } from "../../engine/src/protocol/messages.ts";
import { startSiteServer, type SiteServer } from "../src/site-server.ts";
import { RawClient } from "./support/raw-client.ts";

let dist: string;
let site: SiteServer;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), "tandem-site-"));
  mkdirSync(join(dist, "assets"));
  mkdirSync(join(dist, "games", "counter"), { recursive: true });
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>landing</title>");
  writeFileSync(join(dist, "games", "counter", "index.html"), "<!doctype html><title>counter</title>");
  writeFileSync(join(dist, "assets", "main-abc123.js"), "export const x = 1;\n");
  writeFileSync(join(dist, "assets", "style-abc123.css"), "body{}");
  writeFileSync(join(dist, "assets", "dot.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(dist, "assets", "engine.wasm"), Buffer.from([0, 0x61, 0x73, 0x6d]));
  site = await startSiteServer({ dist, port: 0, host: "127.0.0.1", storage: "memory", tickMs: 20 });
});

afterAll(async () => {
  await site?.close();
  rmSync(dist, { recursive: true, force: true });
});

/** A raw GET/HEAD (fetch would follow redirects and normalise `..`). */
function get(path: string, opts: { method?: string; accept?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: site.port, path, method: opts.method ?? "GET", headers: opts.accept ? { accept: opts.accept } : {} }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("site server", () => {
  it("serves pages and assets with their MIME types", async () => {
    const cases: [string, string][] = [
      ["/", "text/html; charset=utf-8"],
      ["/games/counter/", "text/html; charset=utf-8"],
      ["/games/counter/index.html", "text/html; charset=utf-8"],
      ["/assets/main-abc123.js", "text/javascript; charset=utf-8"],
      ["/assets/style-abc123.css", "text/css; charset=utf-8"],
      ["/assets/dot.png", "image/png"],
      ["/assets/engine.wasm", "application/wasm"],
    ];
    for (const [path, type] of cases) {
      const res = await get(path);
      expect([path, res.status, res.headers["content-type"]]).toEqual([path, 200, type]);
    }
    expect((await get("/games/counter/")).body).toContain("<title>counter</title>");
  });

  it("caches only hashed assets for long", async () => {
    expect((await get("/assets/main-abc123.js")).headers["cache-control"]).toContain("immutable");
    expect((await get("/")).headers["cache-control"]).toBe("no-cache");
  });

  it("redirects a directory without its slash, keeping the query", async () => {
    const res = await get("/games/counter?reflector=x");
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe("/games/counter/?reflector=x");
  });

  it("answers a missing page with a 404 page and a missing asset with a plain 404, never index.html", async () => {
    const page = await get("/games/nope/", { accept: "text/html" });
    expect(page.status).toBe(404);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain('href="/"');
    const script = await get("/assets/missing-123.js", { accept: "*/*" });
    expect(script.status).toBe(404);
    expect(script.headers["content-type"]).toBe("text/plain; charset=utf-8");
  });

  it("never serves files outside the site", async () => {
    for (const path of ["/../package.json", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc%2fpasswd", "/%00"]) {
      expect([path, (await get(path)).status]).toEqual([path, 404]);
    }
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await get("/assets/main-abc123.js", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers["content-length"]).toBe(String("export const x = 1;\n".length));
    expect((await get("/", { method: "POST" })).status).toBe(405);
  });

  it("runs the reflector on /reflector of the same port, and refuses WebSockets elsewhere", async () => {
    expect(site.reflectorUrl).toBe(`ws://127.0.0.1:${site.port}/reflector`);
    const a = await RawClient.join(site.reflectorUrl, "s", "A");
    const b = await RawClient.join(site.reflectorUrl, "s", "B");
    try {
      a.client.event(1, 42);
      const e = await b.client.waitStamped((x) => x.viewId === "A" && x.kind === StreamKind.EVENT);
      expect([...e.payload]).toEqual([42]);
    } finally {
      await Promise.all([a.client.terminate(), b.client.terminate()]);
    }
    const ws = new WebSocket(`ws://127.0.0.1:${site.port}/elsewhere`);
    const status = await new Promise<number>((resolve) => ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(404);
  });
});
