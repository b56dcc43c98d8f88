// Bench suite "futures": future queue throughput. A model handles one external event by
// scheduling N futures (`this.future(ms).hit(i)`, spread over 97 distinct times), then model
// time advances past them all so every one runs. Baseline: the same (time, seq) binary heap
// of plain entries with a direct method call — what the queue costs without the model API.
import { Model, Runtime } from "tandem";
import { count, makeRow, measure, rate, statsOf, type Row, type Suite } from "./harness.ts";

const SPREAD = 97;

/** Schedules `n` futures per "burst" event and counts the ones that ran. */
export class FutureBurst extends Model {
  hits = 0;
  last = -1;

  override init() {
    this.subscribe(this.sessionId, "burst", this.burst);
  }

  burst(n: number) {
    for (let i = 0; i < n; i++) this.future(1 + (i % SPREAD)).hit(i);
  }

  hit(i: number) {
    this.last = i;
    this.hits++;
  }
}
FutureBurst.register("FutureBurst");

/** A runtime whose root is a FutureBurst; `run(n)` schedules and runs n futures. */
export function createFutureRunner(): { run(n: number): number } {
  const rt = new Runtime("bench-futures");
  const root = rt.start(FutureBurst) as FutureBurst;
  let seq = 0;
  return {
    run(n) {
      const before = root.hits;
      const t = rt.time + 1;
      rt.applyExternal(t, seq++, rt.sessionId, "burst", n);
      rt.advanceTo(t + SPREAD + 1);
      return root.hits - before;
    },
  };
}

interface Entry {
  time: number;
  seq: number;
  target: Target;
  args: number;
}

interface Target {
  hits: number;
  last: number;
  hit(i: number): void;
}

function before(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** The baseline: a minimal (time, seq) min-heap with direct calls. */
export function createBareRunner(): { run(n: number): number } {
  const heap: Entry[] = [];
  let time = 0;
  let seq = 0;
  const target: Target = { hits: 0, last: -1, hit(i) { this.last = i; this.hits++; } };
  const push = (e: Entry): void => {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i]!, heap[p]!)) break;
      const tmp = heap[i]!; heap[i] = heap[p]!; heap[p] = tmp;
      i = p;
    }
  };
  const pop = (): Entry => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        const tmp = heap[i]!; heap[i] = heap[m]!; heap[m] = tmp;
        i = m;
      }
    }
    return top;
  };
  return {
    run(n) {
      const start = target.hits;
      time += 1;
      for (let i = 0; i < n; i++) push({ time: time + 1 + (i % SPREAD), seq: seq++, target, args: i });
      const end = time + SPREAD + 1;
      while (heap.length > 0 && heap[0]!.time <= end) {
        const e = pop();
        time = e.time;
        e.target.hit(e.args);
      }
      time = end;
      return target.hits - start;
    },
  };
}

export const futuresSuite: Suite = {
  id: "futures",
  run(opts) {
    const rows: Row[] = [];
    if (!opts.wants("futures-10k")) return rows;
    const n = opts.quick ? 1000 : 10_000;
    const engine = createFutureRunner();
    const bare = createBareRunner();
    const check = (runner: { run(n: number): number }) => () => {
      const ran = runner.run(n);
      if (ran !== n) throw new Error(`ran ${ran} futures, expected ${n}`);
    };
    const results = measure(opts, [{ name: "bare", fn: check(bare) }, { name: "tandem", fn: check(engine) }]);
    rows.push(makeRow(opts, {
      id: "futures-10k",
      workload: `schedule ${count(n)} futures from one event, then run them all`,
      unit: "futures/s",
      tandem: rate(statsOf(results, "tandem"), n),
      baseline: { name: "bare (time, seq) heap + direct call", stats: rate(statsOf(results, "bare"), n) },
      higherIsBetter: true,
    }));
    return rows;
  },
};
