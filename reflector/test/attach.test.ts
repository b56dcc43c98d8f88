// Attach mode: the reflector on one path of an existing HTTP server, next to ordinary HTTP
// routes and other upgrade handlers; closing it shuts clients down gracefully and leaves the
// HTTP server to its owner.
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ErrorCode, StreamKind } from "../../engine/src/protocol/messages.ts";
import { attachReflector, type AttachedReflector } from "../src/attach.ts";
import { RawClient } from "./support/raw-client.ts";

const servers: Server[] = [];
const reflectors: AttachedReflector[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.terminate()));
  await Promise.all(reflectors.splice(0).map((r) => r.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function httpServer(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`page ${req.url}`);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  return { server, base: `127.0.0.1:${address.port}` };
}

async function join(url: string, session: string, viewId: string) {
  const x = await RawClient.join(url, session, viewId);
  clients.push(x.client);
  return x;
}

describe("attachReflector", () => {
  it("relays on its path while the server goes on answering plain HTTP", async () => {
    const { server, base } = await httpServer();
    reflectors.push(attachReflector(server, { storage: "memory", tickMs: 20 }));

    const { client: a } = await join(`ws://${base}/reflector`, "s", "A");
    const { client: b } = await join(`ws://${base}/reflector?v=1`, "s", "B");
    a.event(1, 7);
    const seen = await b.waitStamped((e) => e.viewId === "A" && e.kind === StreamKind.EVENT);
    expect([...seen.payload]).toEqual([7]);
    await b.waitFor((m) => m.type === "tick", { what: "a heartbeat tick" });

    const res = await fetch(`http://${base}/games/counter/`);
    expect(await res.text()).toBe("page /games/counter/");
  });

  it("leaves upgrades on other paths to the server's other listeners", async () => {
    const { server, base } = await httpServer();
    reflectors.push(attachReflector(server, { storage: "memory", path: "/relay" }));
    const other: string[] = [];
    server.on("upgrade", (req, socket) => {
      if (req.url === "/other") {
        other.push(req.url);
        socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
      }
    });
    const ws = new WebSocket(`ws://${base}/other`);
    const status = await new Promise<number>((resolve) => ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(404);
    expect(other).toEqual(["/other"]);

    const { joined } = await join(`ws://${base}/relay`, "s", "A");
    expect(joined.type).toBe("joined");
  });

  it("close() sends SHUTDOWN, refuses new upgrades and leaves the HTTP server running", async () => {
    const { server, base } = await httpServer();
    const reflector = attachReflector(server, { storage: "memory" });
    reflectors.push(reflector);
    const { client: a } = await join(`ws://${base}/reflector`, "s", "A");

    const closing = reflector.close();
    await a.waitError(ErrorCode.SHUTDOWN);
    expect((await a.closed).code).toBe(1001);
    await closing;

    const res = await fetch(`http://${base}/still-here`);
    expect(res.status).toBe(200);
  });
});
