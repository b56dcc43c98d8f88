// Tests for runSyncTest: it passes deterministic models (futures, RNG, events from several
// clients), and it does catch the two kinds of nondeterminism it exists for — state that
// leaks between runs and state that a snapshot does not carry — naming the first bad step.
import { describe, expect, it } from "vitest";
import { Model, runSyncTest, SyncTestError, type SyncInput } from "tandem";

/** Deterministic: a random walk driven by a future loop, plus events recording their time. */
class Walker extends Model {
  x = 0;
  log: [number, number][] = [];
  override init() {
    this.subscribe(this.sessionId, "push", this.push);
    this.future(7).walk();
  }
  walk() {
    this.x += this.random() - 0.5;
    this.future(7).walk();
  }
  push(by: number) {
    this.log.push([this.now(), by]);
  }
}
Walker.register("SyncTestWalker");

/** Nondeterministic across runs: reads a module-level counter that keeps counting. */
let calls = 0;
class Leaky extends Model {
  seen = 0;
  override init() {
    this.subscribe(this.sessionId, "poke", this.poke);
  }
  poke() {
    this.seen = ++calls;
  }
}
Leaky.register("SyncTestLeaky");

/** Keeps state in a side table a snapshot cannot see: right in runs 1–2, wrong after a restore. */
const hidden = new WeakMap<object, number>();
class Hider extends Model {
  value = 0;
  override init() {
    this.subscribe(this.sessionId, "bump", this.bump);
  }
  bump() {
    const n = (hidden.get(this) ?? 0) + 1;
    hidden.set(this, n);
    this.value = n;
  }
}
Hider.register("SyncTestHider");

const pushes: SyncInput[] = [
  { at: 0, client: 0, event: "push", data: 1 },
  { at: 35, client: 1, event: "push", data: 2 },
  { at: 35, client: 2, event: "push", data: 3 },
  { at: 90, client: 0, event: "push", data: 4 },
];

function caught(fn: () => unknown): SyncTestError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SyncTestError) return err;
    throw err;
  }
  throw new Error("expected a SyncTestError, nothing was thrown");
}

describe("runSyncTest", () => {
  it("passes a deterministic model and returns one hash per step", () => {
    const hashes = runSyncTest({ model: Walker, inputs: pushes, steps: 12, stepMs: 10, restoreAt: 5, clients: 3, tickMs: 10 });
    expect(hashes).toHaveLength(12);
    expect(new Set(hashes).size).toBe(12); // a tick every step, and the walk changes state on each
    // the same script gives the same hashes on a second call
    expect(runSyncTest({ model: Walker, inputs: pushes, steps: 12, stepMs: 10, restoreAt: 7, clients: 3, tickMs: 10 })).toEqual(hashes);
  });

  it("accepts a function script and starts seq near its wrap", () => {
    const script = (step: number) => (step % 3 === 0 ? [{ client: step % 2, event: "push", data: step }] : []);
    const hashes = runSyncTest({ model: Walker, inputs: script, steps: 20, stepMs: 16, restoreAt: 9, initialSeq: 0xffffffff - 2 });
    expect(hashes).toHaveLength(20);
  });

  it("stamps timed inputs at their own time, not at the start of the step", () => {
    const at = (t: number): SyncInput[] => [{ at: t, client: 0, event: "push", data: 1 }];
    const early = runSyncTest({ model: Walker, inputs: at(20), steps: 4, stepMs: 10, restoreAt: 1, tickMs: 5 });
    const late = runSyncTest({ model: Walker, inputs: at(25), steps: 4, stepMs: 10, restoreAt: 1, tickMs: 5 });
    expect(late.slice(0, 2)).toEqual(early.slice(0, 2));
    expect(late[2]).not.toBe(early[2]);
  });

  it("detects a model reading module-level state, at the step of the first poke", () => {
    const inputs: SyncInput[] = [{ at: 25, client: 0, event: "poke" }];
    const err = caught(() => runSyncTest({ model: Leaky, inputs, steps: 6, stepMs: 10, restoreAt: 4, clients: 1 }));
    expect(err.step).toBe(2);
    expect(err.message).toMatch(/diverged at step 2 \(t=30 ms\)/);
    expect(err.message).toMatch(/run 2/);
  });

  it("detects clients of one run disagreeing", () => {
    const inputs: SyncInput[] = [{ at: 12, client: 1, event: "poke" }];
    const err = caught(() => runSyncTest({ model: Leaky, inputs, steps: 4, stepMs: 10, restoreAt: 2, clients: 3 }));
    expect(err.step).toBe(1);
    expect(err.message).toMatch(/clients diverged at step 1 .* in run 1/);
  });

  it("detects state that the snapshot misses, at the first step after the restore", () => {
    const everyStep = () => [{ client: 0, event: "bump" }];
    const err = caught(() => runSyncTest({ model: Hider, inputs: everyStep, steps: 10, stepMs: 10, restoreAt: 6 }));
    expect(err.step).toBe(6);
    expect(err.message).toMatch(/run 3 \(restored from a snapshot before step 6\)/);
  });

  it("rejects bad arguments", () => {
    expect(() => runSyncTest({ model: Walker, inputs: [], steps: 5, stepMs: 10, restoreAt: 5 })).toThrow(/restoreAt/);
    expect(() => runSyncTest({ model: Walker, inputs: [{ at: 0, client: 4, event: "push" }], steps: 5, stepMs: 10, restoreAt: 2 }))
      .toThrow(/client 4, but there are 2 clients/);
    expect(() => runSyncTest({ model: Walker, inputs: [{ at: 50, client: 0, event: "push" }], steps: 5, stepMs: 10, restoreAt: 2 }))
      .toThrow(/after the last step/);
  });
});
