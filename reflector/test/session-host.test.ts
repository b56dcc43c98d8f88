// SessionHost and Registry without sockets (fake links): one frame per connection per turn
// with the broadcast encoded once, persist-before-relay, joins inside a batch, time lease,
// slow-consumer drop, grace, idle unload and reload.
import { describe, expect, it, vi } from "vitest";
import { decodeServerFrame } from "../../engine/src/protocol/codec.ts";
import { StreamKind, type ServerMsg, type SnapshotRef } from "../../engine/src/protocol/messages.ts";
import { resolveOptions, type ReflectorOptions } from "../src/options.ts";
import { Registry } from "../src/registry.ts";
import { SessionHost } from "../src/session-host.ts";
import { createMemoryStorage } from "../src/storage/memory.ts";
import type { LogRecord, SessionStore } from "../src/storage/types.ts";
import { FakeLink } from "./support/fake-link.ts";

const noHooks = { onIdle: () => undefined, onFailed: () => undefined };
const bytes = (...v: number[]) => new Uint8Array(v);

/** A store that records appends and lets the test decide when each one completes. */
class GatedStore implements SessionStore {
  readonly appended: LogRecord[][] = [];
  gate: Promise<void> = Promise.resolve();
  load() {
    return Promise.resolve(null);
  }
  async append(records: readonly LogRecord[]) {
    await this.gate;
    this.appended.push([...records]);
  }
  saveSnapshot(_s: SnapshotRef) {
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
}

async function makeHost(options: ReflectorOptions = {}, store: SessionStore = new GatedStore()) {
  let now = 0;
  const opts = resolveOptions({ storage: "memory", log: () => undefined, ...options });
  const host = await SessionHost.open("s", opts, store, noHooks, () => now);
  return {
    host,
    store,
    advance: (ms: number) => (now += ms),
    link: (id: string) => new FakeLink(id),
  };
}

const types = (msgs: ServerMsg[]) => msgs.map((m) => (m.type === "event" ? `event:${m.event.viewId}:${m.event.payload[0] ?? ""}` : m.type));

describe("SessionHost", () => {
  it("relays one turn as one frame per connection, the broadcast encoded once and shared", async () => {
    const { host, link } = await makeHost();
    const [a, b, c] = [link("a"), link("b"), link("c")];
    for (const l of [a, b, c]) host.join(l, `view-${l.id}`, bytes());
    await host.settled();
    const before = [a, b, c].map((l) => l.frames.length);
    host.send("a", 1, bytes(1));
    host.send("b", 1, bytes(2));
    host.send("a", 2, bytes(3));
    await host.settled();
    const fresh = [a, b, c].map((l, i) => l.frames.slice(before[i]));
    expect(fresh.map((f) => f.length)).toEqual([1, 1, 1]);
    expect(fresh[0]![0]).toBe(fresh[1]![0]); // the very same bytes
    expect(fresh[1]![0]).toBe(fresh[2]![0]);
    expect(types(decodeServerFrame(fresh[0]![0]!))).toEqual(["event:view-a:1", "event:view-b:2", "event:view-a:3"]);
  });

  it("gives a joiner in the middle of a turn everything before it inside JOINED and the rest after", async () => {
    const { host, link } = await makeHost();
    const a = link("a");
    host.join(a, "A", bytes());
    await host.settled();
    const seen = a.frames.length;
    host.send("a", 1, bytes(1));
    const b = link("b");
    host.join(b, "B", bytes());
    host.send("a", 2, bytes(2));
    await host.settled();
    expect(b.frames).toHaveLength(1);
    const [joined, ...after] = b.messages();
    expect(joined!.type).toBe("joined");
    const inJoined = (joined as Extract<ServerMsg, { type: "joined" }>).events.map((e) => `${e.kind}:${e.viewId}:${e.payload[0] ?? ""}`);
    expect(inJoined).toEqual([`${StreamKind.JOIN}:A:`, `${StreamKind.EVENT}:A:1`, `${StreamKind.JOIN}:B:`]);
    expect(types(after)).toEqual(["event:A:2"]);
    // A: its event, B's join, a snapshot request (A is the elected client), its next event
    expect(types(a.frames.slice(seen).flatMap((f) => decodeServerFrame(f)))).toEqual(["event:A:1", "event:B:", "snap-request", "event:A:2"]);
  });

  it("persists a turn's stamps before relaying them", async () => {
    const store = new GatedStore();
    const { host, link } = await makeHost({}, store);
    const a = link("a");
    host.join(a, "A", bytes());
    await host.settled();
    let release!: () => void;
    store.gate = new Promise((resolve) => (release = resolve));
    const seen = a.frames.length;
    host.send("a", 7, bytes(9));
    const done = host.settled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(a.frames.length).toBe(seen); // not relayed while the append is pending
    release();
    await done;
    expect(a.frames.length).toBe(seen + 1);
    const last = store.appended.at(-1)!;
    expect(last).toEqual([{ type: "stamp", stamped: expect.objectContaining({ kind: StreamKind.EVENT, viewId: "A" }), clientSeq: 7 }]);
  });

  it("persists a time lease ahead of every tick time it relays", async () => {
    const store = new GatedStore();
    const { host, link, advance } = await makeHost({ tickMs: 50, timeLeaseMs: 1000 }, store);
    host.join(link("a"), "A", bytes());
    let maxTick = 0;
    for (let i = 0; i < 60; i++) {
      advance(50);
      host.poll(i * 50 + 50);
      await host.settled();
      maxTick = Math.max(maxTick, host.sequencer.state.time);
    }
    const leases = store.appended.flat().flatMap((r) => (r.type === "time" ? [r.time] : []));
    expect(Math.max(...leases)).toBeGreaterThanOrEqual(maxTick);
    expect(leases.length).toBeLessThanOrEqual(4); // ~3 s of ticks, one lease per second
  });

  it("drops a slow consumer (close 4008) without touching the others, and its exit follows the grace", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const { host, link } = await makeHost({ graceMs: 1000, limits: { maxBufferedBytes: 1000 } });
      const [a, b] = [link("a"), link("b")];
      host.join(a, "A", bytes());
      host.join(b, "B", bytes());
      await host.settled();
      b.bufferedAmount = 5000;
      host.send("a", 1, bytes(1));
      await host.settled();
      expect(b.closedWith).toEqual({ code: 4008, reason: "slow consumer: 5000 bytes unsent (limit 1000)" });
      expect(a.closedWith).toBeNull();
      expect(host.clientCount).toBe(1);
      vi.advanceTimersByTime(1000);
      await host.settled();
      expect(a.messages().some((m) => m.type === "event" && m.event.kind === StreamKind.EXIT && m.event.viewId === "B")).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("tolerates the backlog of a big JOINED until it has drained once", async () => {
    const { host, link } = await makeHost({ limits: { maxBufferedBytes: 100 } });
    const a = link("a");
    host.join(a, "A", bytes());
    await host.settled();
    for (let i = 1; i <= 20; i++) host.send("a", i, new Uint8Array(50));
    await host.settled();
    const b = link("b");
    const realSend = b.send.bind(b);
    b.send = (f) => {
      realSend(f);
      b.bufferedAmount += f.length; // nothing drains
    };
    host.join(b, "B", bytes());
    await host.settled();
    expect(b.closedWith).toBeNull(); // the JOINED frame alone is over the limit, and allowed
    host.send("a", 21, new Uint8Array(200));
    await host.settled();
    expect(b.closedWith?.code).toBe(4008); // more on top of it is not
  });

  it("replaces a stale connection of the same view without a second join", async () => {
    const { host, link } = await makeHost();
    const [obs, a1, a2] = [link("obs"), link("a1"), link("a2")];
    host.join(obs, "OBS", bytes());
    host.join(a1, "A", bytes());
    host.join(a2, "A", bytes());
    await host.settled();
    expect(a1.closedWith?.code).toBe(4100);
    const joins = obs.messages().filter((m) => m.type === "event" && m.event.kind === StreamKind.JOIN && m.event.viewId === "A");
    expect(joins).toHaveLength(1);
    expect(host.clientCount).toBe(2);
  });
});

describe("Registry", () => {
  it("unloads an idle session and loads it back from storage with the same state", async () => {
    const opts = resolveOptions({ storage: "memory", idleMs: 5, log: () => undefined });
    const registry = new Registry(createMemoryStorage(), opts, () => performance.now());
    const host = await registry.get("idle");
    const a = new FakeLink("a");
    host.join(a, "A", bytes());
    host.send("a", 1, bytes(1));
    host.leave("a");
    await host.settled();
    await vi.waitFor(() => expect(registry.size).toBe(0), { timeout: 2000 });
    const again = await registry.get("idle");
    expect(again).not.toBe(host);
    const b = new FakeLink("b");
    again.join(b, "B", bytes());
    await again.settled();
    const joined = b.messages()[0] as Extract<ServerMsg, { type: "joined" }>;
    expect(joined.events.map((e) => [e.kind, e.viewId])).toEqual([
      [StreamKind.JOIN, "A"],
      [StreamKind.EVENT, "A"],
      [StreamKind.EXIT, "A"],
      [StreamKind.JOIN, "B"],
    ]);
    await registry.closeAll();
  });
});
