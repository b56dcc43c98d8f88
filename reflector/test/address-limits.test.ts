// Per-address connection limits against the reflector CLI: connections open at once from one
// address, and new connections per second (token bucket). A refused connection gets ERROR
// RATE_LIMITED naming the limit and close 4009; connections from the address that were
// admitted are not affected. (Other test files turn these limits off where their clients
// stand in for many hosts.)
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../engine/src/protocol/messages.ts";
import type { RawClient } from "./support/raw-client.ts";
import { useCliReflector } from "./support/cli-fixture.ts";

// a token every 5 s: nothing refills while the test runs
const cli = useCliReflector(["--tick-ms", "20", "--max-connections-per-address", "3", "--connects-per-second-per-address", "0.2", "--connect-burst-per-address", "5"]);
const connect = cli.connect;

async function refused(c: RawClient, reason: RegExp): Promise<void> {
  const err = await c.waitError(ErrorCode.RATE_LIMITED);
  expect(err.message).toMatch(reason);
  expect((await c.closed).code).toBe(4009);
}

describe("per-address limits", () => {
  it("refuses connections past the open limit and past the connect rate; admitted ones go on", async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()]; // 3 of 5 tokens
    await a.join("addr", "A");
    await refused(await connect(), /too many connections from \S+: 3 open \(limit 3\)/); // no token used
    await a.terminate();
    await a.closed;
    const d = await connect(); // a's place: 4 of 5 tokens
    await d.join("addr", "D");
    await b.terminate();
    await b.closed;
    const e = await connect(); // 5 of 5
    await e.join("addr", "E");
    await c.terminate();
    await c.closed;
    await refused(await connect(), /too many new connections from \S+ \(limit 0.2\/s, burst 5\)/);
    // the admitted connections still work
    d.event(1, 7);
    await e.waitStamped((m) => m.viewId === "D" && m.payload[0] === 7, { what: "D's event at E" });
    expect(d.errors()).toEqual([]);
  });
});
