// Tests of the 32-bit seq wrap-around (ARCHITECTURE habit 2): a test session whose reflector
// starts stamping just below 0xffffffff keeps applying events after the wrap, late joiners
// replay across it (from scratch and from a snapshot taken before it), and hashes stay equal.
import { describe, expect, it } from "vitest";
import { createTestSession, Model, Runtime } from "tandem";

class Tally extends Model {
  total = 0;
  seen: number[] = [];
  ticks = 0;
  joins: string[] = [];
  override init() {
    this.subscribe(this.sessionId, "add", this.add);
    this.subscribe(this.sessionId, "view-join", this.joined);
    this.future(30).tick();
  }
  add(n: number) {
    this.total += n;
    this.seen.push(n);
  }
  joined(viewId: string) {
    this.joins.push(viewId);
  }
  tick() {
    this.ticks++;
    this.future(30).tick();
  }
}
Tally.register("SeqWrapTally");

const allEqual = (hashes: string[]) => new Set(hashes).size === 1;

describe("seq wrap-around", () => {
  it("applies events stamped after the wrap and keeps every client equal", () => {
    const s = createTestSession({ model: Tally, initialSeq: 0xfffffffc, tickMs: 10 });
    const a = s.join();
    const b = s.join();
    s.advance(10);
    for (let n = 1; n <= 8; n++) (n % 2 ? a : b).publish(s.sessionId, "add", n);
    s.advance(20);
    expect(a.model.seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(b.model.seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // joins used 0xfffffffc and 0xfffffffd; eight events wrapped: 0xfffffffe, 0xffffffff, 0 … 5
    expect(a.runtime.lastSeq).toBe(5);
    expect(b.runtime.lastSeq).toBe(5);
    expect(allEqual(s.hashes())).toBe(true);
  });

  it("a late joiner without a snapshot replays the whole log across the wrap", () => {
    const s = createTestSession({ model: Tally, initialSeq: 0xfffffffe, tickMs: 10 });
    const a = s.join();
    for (let n = 1; n <= 5; n++) a.publish(s.sessionId, "add", n);
    expect(s.sequencer.state.snapshot).toBeNull();
    const log = s.sequencer.state.log.map((m) => m.seq);
    expect(log).toEqual([0xfffffffe, 0xffffffff, 0, 1, 2, 3]);
    const b = s.join();
    s.advance(0);
    expect(b.model.seen).toEqual([1, 2, 3, 4, 5]);
    expect(a.model.seen).toEqual([1, 2, 3, 4, 5]);
    expect(b.runtime.lastSeq).toBe(4);
    expect(a.runtime.lastSeq).toBe(4);
    expect(allEqual(s.hashes())).toBe(true);
    for (let i = 0; i < 5; i++) {
      b.publish(s.sessionId, "add", 10 + i);
      s.advance(10);
      expect(allEqual(s.hashes()), `advance ${i}`).toBe(true);
    }
    expect(a.model.total).toBe(15 + 60);
  });

  it("a late joiner loads a snapshot taken before the wrap and replays the events after it", () => {
    const s = createTestSession({ model: Tally, initialSeq: 0xfffffff0, tickMs: 10 });
    const a = s.join();
    const b = s.join(); // asks `a` for a snapshot, uploaded at a's next advance
    s.advance(10);
    const snap = s.sequencer.state.snapshot;
    expect(snap).not.toBeNull();
    expect(snap!.seq).toBeGreaterThanOrEqual(0xfffffff0);
    for (let n = 1; n <= 20; n++) (n % 2 ? a : b).publish(s.sessionId, "add", n);
    const tail = s.sequencer.state.log.map((m) => m.seq);
    expect(tail).toContain(0xffffffff);
    expect(tail).toContain(0);
    expect(tail.indexOf(0)).toBeGreaterThan(tail.indexOf(0xffffffff));
    const c = s.join();
    s.advance(0);
    expect(c.model.seen).toEqual(a.model.seen);
    expect(c.model.total).toBe(210);
    expect(c.runtime.lastSeq).toBe(a.runtime.lastSeq);
    expect(c.model.joins).toEqual([a.viewId, b.viewId, c.viewId]);
    expect(allEqual(s.hashes())).toBe(true);
    for (let i = 0; i < 6; i++) {
      c.publish(s.sessionId, "add", 100);
      s.advance(10);
      expect(allEqual(s.hashes()), `advance ${i}`).toBe(true);
    }
    expect(a.model.ticks).toBe(c.model.ticks);
  });

  it("accepts a snapshot taken after the wrap as newer than one taken before it", () => {
    const s = createTestSession({ model: Tally, initialSeq: 0xfffffffd, tickMs: 10 });
    const a = s.join();
    s.join();
    s.advance(10);
    const before = s.sequencer.state.snapshot!.seq;
    expect(before).toBeGreaterThanOrEqual(0xfffffffd);
    for (let n = 1; n <= 6; n++) a.publish(s.sessionId, "add", n);
    s.join(); // the next snapshot request: answered after the wrap
    s.advance(10);
    const after = s.sequencer.state.snapshot!.seq;
    expect(after).toBeLessThan(10);
    const d = s.join();
    s.advance(10);
    expect(d.model.seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(allEqual(s.hashes())).toBe(true);
  });

  it("the runtime itself treats seq as u32 (0xffffffff then 0)", () => {
    const rt = new Runtime("wrap-runtime");
    rt.start(Tally);
    rt.applyExternal(1, 0xffffffff, rt.sessionId, "add", 1);
    expect(rt.lastSeq).toBe(0xffffffff);
    rt.applyExternal(2, 2 ** 32, rt.sessionId, "add", 2); // wraps to 0
    expect(rt.lastSeq).toBe(0);
    rt.applyExternal(3, 1, rt.sessionId, "add", 3);
    expect(rt.lastSeq).toBe(1);
    expect((rt.root as Tally).seen).toEqual([1, 2, 3]);
  });
});
