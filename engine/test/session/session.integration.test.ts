// Session.join against the real reflector process over WebSocket: convergence, late join,
// reconnect without loss or duplication, persistence across SIGKILL, desync detection.
import { afterEach, describe, expect, it } from "vitest";
import { Session, View } from "tandem";
import { Counter } from "../../../games/counter/model.ts";
import { Swarm } from "../../../games/swarm/model.ts";
import { startReflectorProcess, type ReflectorProcess } from "../support/reflector-process.ts";
import { waitFor } from "../support/wait-for.ts";
import { commonHashes, joinAll, modelTime } from "./helpers.ts";

let reflector: ReflectorProcess | null = null;
let sessions: Session[] = [];
let runId = 0;

afterEach(async () => {
  for (const s of sessions) await s.leave();
  sessions = [];
  if (reflector) await reflector.stop();
  reflector = null;
});

const base = () => ({ appId: "test.tandem", name: `room-${process.pid}-${++runId}`, reflector: reflector!.url, hashIntervalMs: 100, reconnect: { minMs: 50, maxMs: 200 } });

describe("sessions over a real reflector", () => {
  it("three clients converge on the counter, and a late joiner matches", async () => {
    reflector = await startReflectorProcess();
    const opts = { ...base(), model: Counter };
    const clients = await joinAll(3, opts);
    sessions = [...clients];
    for (let i = 0; i < 10; i++) clients[i % 3]!.publish(clients[0]!.id, "increment");
    await waitFor(() => clients.every((s) => s.model.count === 10), "count 10 everywhere");
    const late = await Session.join(opts);
    sessions.push(late);
    expect(late.model.count).toBe(10);
    const { hashes } = await commonHashes(sessions, modelTime(late));
    expect(new Set(hashes).size).toBe(1);
  });

  it("10k-entity ECS session converges and a late joiner gets identical hashes", async () => {
    reflector = await startReflectorProcess();
    const opts = { ...base(), model: Swarm, options: { initial: 10_000 }, hashIntervalMs: 250 };
    const clients = await joinAll(3, opts);
    sessions = [...clients];
    clients[0]!.publish(clients[0]!.id, "spawn", { x: 500, y: 500, count: 100 });
    clients[1]!.publish(clients[0]!.id, "remove", 50);
    await waitFor(() => clients.every((s) => s.model.world.entityCount === 10_050), "10 050 entities everywhere");
    const late = await Session.join(opts);
    sessions.push(late);
    expect(late.model.world.entityCount).toBe(10_050);
    const { hashes } = await commonHashes(sessions, modelTime(late));
    expect(new Set(hashes).size).toBe(1);
  });

  it("a client whose socket is cut reconnects with no event lost or duplicated", async () => {
    reflector = await startReflectorProcess();
    const opts = { ...base(), model: Counter };
    const [a, b] = (await joinAll(2, opts)) as [Session<Counter>, Session<Counter>];
    sessions = [a, b];
    a.publish(a.id, "increment");
    await waitFor(() => b.model.count === 1, "first increment");
    // cut a's socket under it, then publish while it is down
    (a as unknown as { connection: { socket: { close(): void } } }).connection.socket.close();
    await waitFor(() => a.status === "reconnecting", "a notices the drop");
    expect(a.connected).toBe(false);
    for (let i = 0; i < 5; i++) a.publish(a.id, "increment");
    await waitFor(() => a.connected, "a reconnected");
    await waitFor(() => b.model.count === 6 && a.model.count === 6, "all 6 increments everywhere");
    expect(a.unacknowledged).toBe(0);
    const { hashes } = await commonHashes(sessions, modelTime(a));
    expect(hashes[0]).toBe(hashes[1]);
  });

  it("a silent (half-open) connection is noticed and replaced without losing events", async () => {
    reflector = await startReflectorProcess();
    const opts = { ...base(), model: Counter, silenceMs: 400 };
    const [a, b] = (await joinAll(2, opts)) as [Session<Counter>, Session<Counter>];
    sessions = [a, b];
    a.publish(a.id, "increment");
    await waitFor(() => b.model.count === 1, "first increment");
    // freeze the reflector: sockets stay open but nothing arrives
    reflector.child.kill("SIGSTOP");
    try {
      await waitFor(() => a.status === "reconnecting" && b.status === "reconnecting", "clients notice the silence");
      a.publish(a.id, "increment");
    } finally {
      reflector.child.kill("SIGCONT");
    }
    await waitFor(() => a.connected && b.connected, "clients reconnected");
    await waitFor(() => a.model.count === 2 && b.model.count === 2, "the increment made while frozen arrives once");
  });

  it("devChecks: a view handler that writes the model is caught, naming the field", async () => {
    reflector = await startReflectorProcess();
    class MeddlingView extends View {
      constructor(model: Counter) {
        super(model);
        this.subscribe(this.sessionId, "changed", this.onChanged);
      }
      onChanged() {
        (this.model as Counter).count += 100; // forbidden: views only read the model
      }
    }
    const s = await Session.join({ ...base(), model: Counter, view: MeddlingView, devChecks: true });
    sessions = [s];
    s.publish(s.id, "increment");
    await waitFor(() => s.errors.some((e) => e.where === "view"), "the write is reported");
    expect(String(s.errors.find((e) => e.where === "view")!.error)).toMatch(/A view wrote the model \(Counter#M1\.count: 1 vs 101\)/);
  });

  it("SIGKILL + restart on the same storage: same state, no acknowledged event lost", async () => {
    reflector = await startReflectorProcess();
    const storage = reflector.storage;
    const opts = { ...base(), model: Counter };
    const [a, b] = (await joinAll(2, opts)) as [Session<Counter>, Session<Counter>];
    sessions = [a, b];
    for (let i = 0; i < 7; i++) a.publish(a.id, "increment");
    await waitFor(() => a.model.count === 7 && a.unacknowledged === 0, "7 acknowledged increments");
    const port = reflector.port;
    await reflector.kill();
    await waitFor(() => !a.connected && !b.connected, "clients see the reflector gone");
    reflector = await startReflectorProcess({ storage, port });
    await waitFor(() => a.connected && b.connected, "clients reconnected", 20_000);
    b.publish(b.id, "increment");
    await waitFor(() => a.model.count === 8 && b.model.count === 8, "count continues at 8");
    // a brand-new client after a cold restart gets the stored state
    const fresh = await Session.join(opts);
    sessions.push(fresh);
    expect(fresh.model.count).toBe(8);
  });

  it("a view that writes the model is reported as a desync naming its view, diagnosed and repaired", async () => {
    reflector = await startReflectorProcess();
    const opts = { ...base(), model: Counter };
    const clients = await joinAll(3, opts);
    sessions = [...clients];
    const [a, , c] = clients;
    a!.publish(a!.id, "increment");
    await waitFor(() => clients.every((s) => s.model.count === 1), "count 1");
    c!.model.count = 42; // the forbidden thing: local write to model state
    await waitFor(() => c!.errors.some((e) => e.where === "desync"), "c is told it diverged");
    expect(String(c!.errors.find((e) => e.where === "desync")!.error)).toContain(c!.viewId);
    expect(a!.errors.some((e) => e.where === "desync")).toBe(false);
    // c rebuilds from the session's state, names the field, and is back in sync
    await waitFor(() => c!.errors.some((e) => e.where === "desync-diagnosis"), "c diagnoses the desync");
    expect(String(c!.errors.find((e) => e.where === "desync-diagnosis")!.error)).toContain("Counter#M1.count: 42 vs 1");
    await waitFor(() => c!.connected && c!.model.count === 1, "c repaired");
    a!.publish(a!.id, "increment");
    await waitFor(() => clients.every((s) => s.model.count === 2), "count 2 everywhere after repair");
    const { hashes } = await commonHashes(clients, modelTime(c!));
    expect(new Set(hashes).size).toBe(1);
  });
});
