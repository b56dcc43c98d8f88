// A full session backlog end to end: the reflector (CLI, tiny --max-log-bytes) refuses SENDs
// past it with ERROR BACKLOG_FULL; the client holds its events (and says so once), the clients
// upload a snapshot when asked, and the held events are sent again — none lost, none doubled.
// Where no snapshot can be uploaded (over the upload cap), events stay held and a new client's
// join is refused with a clear error.
import { afterEach, expect, it, vi } from "vitest";
import type { Session } from "tandem";
import { Counter } from "../../../games/counter/model.ts";
import { startReflectorProcess, type ReflectorProcess } from "../support/reflector-process.ts";
import { waitFor } from "../support/wait-for.ts";
import { commonHashes, joinAll, modelTime } from "./helpers.ts";

let reflector: ReflectorProcess | null = null;
let sessions: Session[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of sessions) await s.leave();
  sessions = [];
  if (reflector) await reflector.stop();
  reflector = null;
});

it("events refused for a full backlog are held and sent again once a snapshot is in: all arrive, once", async () => {
  reflector = await startReflectorProcess({ args: ["--max-log-bytes", "1500"] });
  const held: string[] = [];
  // the client's "session" debug log says when it holds events; the rest of it is not needed here
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    const line = args.map(String).join(" ");
    if (line.includes("events held")) held.push(line);
  });
  const warnings: string[] = [];
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(" ")));
  const opts = { appId: "test.tandem", name: `backlog-${process.pid}`, reflector: reflector.url, model: Counter, debug: ["session"], hashIntervalMs: 100 };
  const [a, b] = (await joinAll(2, opts)) as [Session<Counter>, Session<Counter>];
  sessions = [a, b];
  const heldEvents: unknown[] = [];
  a.addViewSubscription(a.viewId, "held", (h) => heldEvents.push(h));
  // ~40 bytes a stamped increment: 100 of them are well past 1500 bytes between snapshots
  for (let i = 0; i < 100; i++) a.publish(a.id, "increment");
  await waitFor(() => a.model.count === 100 && b.model.count === 100, "all 100 increments on both clients", 20_000);
  expect(held.length).toBeGreaterThan(0);
  expect(held[0]).toMatch(/session backlog full: \d+ bytes of events since the last snapshot \(limit 1500\)/);
  // told once, not at every retry
  expect(warnings.filter((w) => w.includes("refused this client's events for now"))).toHaveLength(1);
  expect(a.unacknowledged).toBe(0);
  // views heard of each hold and of its end (the indicator shows "Connected · N events waiting")
  expect(heldEvents.length).toBeGreaterThanOrEqual(2);
  expect(heldEvents.every((h, i) => h === (i % 2 === 0))).toBe(true);
  expect(a.held).toBe(false);
  const { hashes } = await commonHashes(sessions, modelTime(a));
  expect(hashes[0]).toBe(hashes[1]);
});

it("where no snapshot can be uploaded, events stay held, and new views join one per interval (the next is refused naming the backlog)", async () => {
  // Counter's snapshot is over 100 bytes: every upload is refused, so the log can only grow
  reflector = await startReflectorProcess({ args: ["--max-log-bytes", "1500", "--max-snapshot-bytes", "100"] });
  const errors: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(" ")));
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  const opts = { appId: "test.tandem", name: `stuck-${process.pid}`, reflector: reflector.url, model: Counter };
  const [a] = (await joinAll(1, opts)) as [Session<Counter>];
  sessions = [a];
  for (let i = 0; i < 60; i++) a.publish(a.id, "increment");
  await waitFor(() => errors.some((e) => /snapshot of \d+ bytes is over the 100-byte limit/.test(e)), "a refused snapshot upload");
  await waitFor(() => a.model.count > 0 && a.unacknowledged > 0 && a.model.count + a.unacknowledged === 60, "some increments stamped, the rest held");
  const held = a.unacknowledged;
  expect(a.held).toBe(true);
  // the first newcomer gets in (it might have been able to upload), the next one is refused
  sessions.push(...(await joinAll(1, opts)));
  await expect(joinAll(1, opts)).rejects.toThrow(/reflector refused the session: .*backlog full.*new views may join one per snapshot interval/);
  // still held, none lost
  expect(a.model.count + a.unacknowledged).toBe(60);
  expect(a.unacknowledged).toBe(held);
});
