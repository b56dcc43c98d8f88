// Session.join fails with a clear error, rather than hanging, when it cannot reach a reflector.
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { Session } from "tandem";
import { Counter } from "../../../games/counter/model.ts";

describe("Session.join errors", () => {
  it("without a reflector URL in Node: rejects naming the option", async () => {
    await expect(Session.join({ appId: "errors", name: "no-url", model: Counter })).rejects.toThrow(/reflector: "ws:\/\/host:port"/);
  });

  it("with a tps that JOIN cannot carry: rejects naming the range, before connecting", async () => {
    for (const tps of [0, 0.5, -1, 61, 65_536, Number.NaN]) {
      await expect(Session.join({ appId: "errors", name: "tps", model: Counter, reflector: "ws://127.0.0.1:9", tps })).rejects.toThrow(/tps must be a whole number of ticks per second from 1 to 60/);
    }
  });

  it("with nothing listening at the URL: rejects (connection refused)", async () => {
    // a port the OS just handed out and that we closed again: nothing listens there
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    await expect(Session.join({ appId: "errors", name: "refused", model: Counter, reflector: `ws://127.0.0.1:${port}` })).rejects.toMatchObject({
      name: "JoinError",
      reason: "unreachable",
      message: expect.stringMatching(/cannot connect to reflector at ws:\/\/127\.0\.0\.1:\d+/),
    });
  });
});
