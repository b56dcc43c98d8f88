// Unit tests of the session RNG (engine/src/model/random.ts) and of Model.random(): the same seed
// gives the same sequence, values lie in [0, 1) with 53 random bits, and a state restored (also
// through a snapshot's signed 32-bit words) continues exactly the same sequence.
import { describe, expect, it } from "vitest";
import { decodeSnapshot, encodeSnapshot, Model, Runtime } from "tandem";
import { createSessionRandom, seedFromString } from "../../src/model/random.ts";

const draw = (next: () => number, n: number) => Array.from({ length: n }, next);

describe("random: session RNG", () => {
  it("gives the same sequence for the same seed", () => {
    const a = createSessionRandom(42), b = createSessionRandom(42);
    expect(draw(a.next, 2000)).toEqual(draw(b.next, 2000));
  });

  it("gives different sequences for different seeds", () => {
    const seqs = [0, 1, -1, 42, 0x7fffffff, -0x80000000].map((seed) => draw(createSessionRandom(seed).next, 8).join(","));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("yields values in [0, 1) that are multiples of 2^-53, spread over the interval", () => {
    const r = createSessionRandom(seedFromString("spread"));
    const values = draw(r.next, 20_000);
    const buckets = new Array<number>(10).fill(0);
    const outOfRange = values.filter((v) => !(v >= 0 && v < 1));
    const notOn53Bits = values.filter((v) => !Number.isInteger(v * 2 ** 53));
    expect(outOfRange).toEqual([]);
    expect(notOn53Bits).toEqual([]);
    for (const v of values) buckets[Math.floor(v * 10)]!++;
    for (const count of buckets) expect(count).toBeGreaterThan(1700); // 2000 expected per bucket
    expect(new Set(values).size).toBe(values.length);
  });

  it("continues the same sequence after setState(getState())", () => {
    const r = createSessionRandom(7);
    draw(r.next, 123);
    const state = r.getState();
    const expected = draw(r.next, 500);
    const other = createSessionRandom(999);
    other.setState(state);
    expect(draw(other.next, 500)).toEqual(expected);
    r.setState(state);
    expect(draw(r.next, 500)).toEqual(expected);
  });

  it("continues the same sequence from the state as snapshots store it (signed 32-bit words)", () => {
    const r = createSessionRandom(seedFromString("signed"));
    draw(r.next, 77);
    const asStored = r.getState().map((s) => s | 0);
    expect(asStored).toHaveLength(4);
    const expected = draw(r.next, 300);
    const restored = createSessionRandom(0);
    restored.setState(asStored);
    expect(draw(restored.next, 300)).toEqual(expected);
  });

  it("hands out a copy of its state", () => {
    const r = createSessionRandom(5);
    const state = r.getState();
    const copy = state.slice();
    state[0] = 12345;
    expect(r.getState()).toEqual(copy);
  });

  it("seeds from strings deterministically (FNV-1a, 32-bit)", () => {
    expect(seedFromString("abc")).toBe(seedFromString("abc"));
    expect(seedFromString("")).toBe(0x811c9dc5 | 0);
    const seeds = ["a", "b", "ab", "ba", "session-1", "session-2", "日本"].map(seedFromString);
    expect(new Set(seeds).size).toBe(seeds.length);
    for (const s of seeds) expect(s).toBe(s | 0);
  });
});

class Dice extends Model {
  rolls: number[] = [];
  override init() {
    this.subscribe(this.sessionId, "roll", this.roll);
  }
  roll(n: number) {
    for (let i = 0; i < n; i++) this.rolls.push(this.random());
  }
}
Dice.register("RandomDice");

function started(sessionId: string): Runtime {
  const rt = new Runtime(sessionId);
  rt.start(Dice);
  return rt;
}

describe("random: Model.random()", () => {
  it("is seeded from the session id: same session, same rolls; other session, other rolls", () => {
    const [a, b, c] = [started("room-1"), started("room-1"), started("room-2")];
    for (const rt of [a, b, c]) rt.applyExternal(1, 1, rt.sessionId, "roll", 50);
    const rolls = (rt: Runtime) => (rt.root as Dice).rolls;
    expect(rolls(a)).toEqual(rolls(b));
    expect(rolls(a)).not.toEqual(rolls(c));
    for (const v of rolls(a)) expect(v >= 0 && v < 1).toBe(true);
  });

  it("continues the same sequence after a snapshot restore", () => {
    const original = started("dice-restore");
    original.applyExternal(1, 1, original.sessionId, "roll", 33);
    const restored = decodeSnapshot(encodeSnapshot(original));
    for (const rt of [original, restored]) rt.applyExternal(2, 2, rt.sessionId, "roll", 100);
    expect((restored.root as Dice).rolls).toEqual((original.root as Dice).rolls);
    expect(restored.rng.getState()).toEqual(original.rng.getState());
  });

  it("is one stream per session shared by all models and worlds", () => {
    const a = started("one-stream"), b = started("one-stream");
    a.applyExternal(1, 1, a.sessionId, "roll", 3);
    const direct = [b.random(), b.random(), b.random()];
    expect((a.root as Dice).rolls).toEqual(direct);
  });
});
