// The per-client event budget on the reflector CLI: JOINED tells it; a client over it goes
// into debt (stamped, then read more slowly) at most one burst deep; past that a SEND is
// REFUSED naming its clientSeq and the delay to wait, later ones wait behind it (no gap), and a
// client that resends from the refused one after the delay gets every event stamped once, in order.
import { expect, it } from "vitest";
import { ErrorCode, StreamKind, type SendMsg } from "../../engine/src/protocol/messages.ts";
import { useCliReflector } from "./support/cli-fixture.ts";

const RATE = 100;
const BURST = 10;
const cli = useCliReflector(["--events-per-second", String(RATE), "--event-burst", String(BURST)]);

const send = (clientSeq: number): SendMsg => ({ type: "send", clientSeq, payload: new Uint8Array([clientSeq & 0xff, clientSeq >> 8]) });
const seqOf = (payload: Uint8Array) => payload[0]! | (payload[1]! << 8);

it("tells the budget in JOINED", async () => {
  const c = await cli.connect();
  const joined = await c.join("budget", "A");
  expect(joined.limits).toEqual({ eventsPerSecond: RATE, eventBurst: BURST, maxEventBytes: 64 * 1024 });
});

it("stamps a burst and one more burst of debt, refuses the next naming it, and stamps everything resent from there, in order, once", async () => {
  const a = await cli.join("rate", "A");
  const obs = await cli.join("rate", "OBS");
  const N = 150;
  const started = performance.now();
  // one frame with all of them: the reflector reads it at once, so what it does is exact
  a.sendAll(Array.from({ length: N }, (_, i) => send(i + 1)));
  const first = await a.waitRefused(ErrorCode.RATE_LIMITED);
  // the burst, then at most one burst into debt (a few more if the bucket refilled meanwhile)
  expect(first.clientSeq).toBeGreaterThanOrEqual(2 * BURST + 1);
  expect(first.clientSeq).toBeLessThanOrEqual(2 * BURST + 3);
  expect(first.retryMs).toBeGreaterThan(0);
  expect(first.retryMs).toBeLessThanOrEqual((BURST * 1000) / RATE + 1);
  expect(first.message).toMatch(new RegExp(`event rate limit \\(${RATE}/s, burst ${BURST}\\) exceeded: clientSeq ${first.clientSeq} refused, send it again in \\d+ ms`));

  // what a client's outbox does: wait the delay, resend from the refused one (everything after it in one frame)
  let from = first.clientSeq;
  let seen = 1;
  while (from <= N) {
    const refusal = a.refusals()[seen - 1]!;
    await new Promise((resolve) => setTimeout(resolve, refusal.retryMs)); // the delay the protocol asks for, not a synchronization
    const mark = a.messages.length;
    a.sendAll(Array.from({ length: N - from + 1 }, (_, i) => send(from + i)));
    const next = await Promise.race([
      a.waitRefused(ErrorCode.RATE_LIMITED, mark, 10_000),
      obs.waitStamped((e) => e.viewId === "A" && seqOf(e.payload) === N, { timeoutMs: 10_000, what: `A's event ${N}` }).then(() => null),
    ]);
    if (next === null) break;
    expect(next.clientSeq).toBeGreaterThan(from);
    from = next.clientSeq;
    seen++;
  }
  a.send({ type: "leave" }); // handled after every event above: its exit marks the end
  await obs.waitStamped((e) => e.kind === StreamKind.EXIT && e.viewId === "A", { what: "A's exit" });
  const elapsedS = (performance.now() - started) / 1000;
  const stamped = obs.stream().filter((e) => e.kind === StreamKind.EVENT && e.viewId === "A").map((e) => seqOf(e.payload));
  expect(stamped).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  // never more than a burst, one burst of debt and the refill
  expect(N).toBeLessThanOrEqual(2 * BURST + Math.ceil(RATE * elapsedS));
  // one refusal per round, never an ERROR
  expect(a.errors()).toEqual([]);
  expect(a.refusals().length).toBe(seen);
});
