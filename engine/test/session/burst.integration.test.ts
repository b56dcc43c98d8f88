// No input is lost: bursts of publishes from a loop, against the real reflector process, end
// with every event stamped once, in publish order, on every client — with and without a
// session password, with the reflector's default budget and with a tiny one (where the client
// paces itself and waits for most of the burst) — and the client's bookkeeping back at zero.
import { afterEach, describe, expect, it } from "vitest";
import { Model, Session } from "tandem";
import { startReflectorProcess, type ReflectorProcess } from "../support/reflector-process.ts";
import { waitFor } from "../support/wait-for.ts";
import { commonHashes, modelTime } from "./helpers.ts";

/** Records every "n" event in the order the model got it, with the sender's view id. */
class BurstTape extends Model {
  items: [string, number][] = [];
  override init() {
    this.subscribe(this.sessionId, "n", this.add);
  }
  add(data: { from: string; n: number }) {
    this.items.push([data.from, data.n]);
  }
}
BurstTape.register("BurstTape");

let reflector: ReflectorProcess | null = null;
const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.leave();
  if (reflector) await reflector.stop();
  reflector = null;
});

async function burst(n: number, extra: { password?: string; args?: string[] } = {}) {
  reflector = await startReflectorProcess({ args: extra.args ?? [] });
  const opts = { appId: "test.tandem.burst", name: `burst-${n}-${process.pid}-${Math.random()}`, model: BurstTape, reflector: reflector.url, hashIntervalMs: 100, password: extra.password };
  const a = (await Session.join(opts)) as Session<BurstTape>;
  const b = (await Session.join(opts)) as Session<BurstTape>;
  sessions.push(a, b);
  const held: boolean[] = [];
  a.addViewSubscription(a.viewId, "held", (h) => held.push(h as boolean));
  for (let i = 1; i <= n; i++) a.publish(a.id, "n", { from: a.viewId, n: i });
  expect(a.unacknowledged).toBe(n);
  const want = Array.from({ length: n }, (_, i): [string, number] => [a.viewId, i + 1]);
  await waitFor(() => a.model.items.length >= n && b.model.items.length >= n, `${n} events on both clients`, 60_000);
  await waitFor(() => a.unacknowledged === 0, "every event acknowledged");
  expect(a.model.items).toEqual(want);
  expect(b.model.items).toEqual(want);
  expect(a.held).toBe(false);
  const { hashes } = await commonHashes(sessions, modelTime(a));
  expect(hashes[0]).toBe(hashes[1]);
  return { a, held };
}

describe("bursts of publishes", () => {
  it("100 from a loop: all stamped once, in order, on every client", async () => {
    const { a } = await burst(100);
    expect(Number.isFinite(a.ping)).toBe(true);
  });

  it("1000 from a loop: the client paces itself under the budget; nothing lost or doubled", async () => {
    await burst(1000, { args: ["--events-per-second", "500", "--event-burst", "200"] });
  });

  it("with a password: the burst is sealed and delivered whole", async () => {
    await burst(100, { password: "burst secret" });
  });

  it("with a tiny budget most of the burst waits: views hear 'held' while it does, and nothing is lost", async () => {
    const { held } = await burst(60, { args: ["--events-per-second", "20", "--event-burst", "5"] });
    // 60 events at 18/s take over 3 s: the session says its events are waiting, then that they are not
    expect(held[0]).toBe(true);
    expect(held.at(-1)).toBe(false);
  });
});
