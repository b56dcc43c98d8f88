// Shared fixtures for the snapshot tests: a model graph with references, cycles, Maps keyed by
// models, subscriptions and pending futures, and a script of events that drives it.
import { Model, Runtime } from "tandem";

// ---- models -------------------------------------------------------------------------------

interface WigglePayload {
  tag: string;
  deep: string[];
}

export class SnapItem extends Model {
  label = "";
  n = 0;
  next: SnapItem | null = null;
  owner: SnapGraph | null = null;
  history: number[] = [];

  override init(opts: { label: string; owner: SnapGraph }) {
    this.label = opts.label;
    this.owner = opts.owner;
    this.subscribe(this.sessionId, "poke", this.onPoke);
    this.future(37).wiggle(1, { tag: opts.label, deep: [opts.label, "x"] });
  }

  wiggle(k: number, payload: WigglePayload) {
    this.n += k * payload.deep.length;
    this.history.push(Math.floor(this.random() * 1000));
    if (this.history.length > 6) this.history.shift();
    this.future(30 + (k % 7)).wiggle(k + 1, payload);
  }

  onPoke(data: { amount: number }) {
    this.n += data.amount;
    this.publish(this.id, "poked", this.n);
  }
}
SnapItem.register("SnapItem");

export class SnapGraph extends Model {
  zeta = "declared first";
  items: SnapItem[] = [];
  mirror = new Map<SnapItem, SnapItem>();
  marked = new Set<SnapItem>();
  shared = { count: 0 };
  alias = this.shared;
  log: string[] = [];
  self: SnapGraph | null = null;
  alpha = 1;

  override init() {
    this.beWellKnownAs("graph");
    this.self = this;
    for (let i = 0; i < 4; i++) this.items.push(SnapItem.create({ label: `i${i}`, owner: this }));
    this.items.forEach((it, i) => (it.next = this.items[(i + 1) % 4]!));
    this.items.forEach((it, i) => this.mirror.set(it, this.items[3 - i]!));
    this.marked.add(this.items[2]!).add(this.items[0]!);
    this.subscribe(this.sessionId, "poke", this.poke);
    this.subscribe(this.sessionId, "spawn", "spawn");
    this.subscribe(this.sessionId, "drop", this.drop);
    this.subscribe(this.items[1]!.id, "poked", this.onItemPoked);
    this.future(50).tick(0, new Map([["arg", [1, 2, 3]]]));
  }

  tick(k: number, arg: Map<string, number[]>) {
    this.log.push(`tick${k}@${this.now()}`);
    this.shared.count += arg.get("arg")!.length;
    if (this.log.length > 10) this.log.shift();
    this.future(50).tick(k + 1, arg);
  }

  poke() {
    this.log.push("poke");
  }

  spawn(label: string) {
    const it = SnapItem.create({ label, owner: this });
    it.next = this.items[0] ?? null;
    this.items.push(it);
    this.mirror.set(it, it);
  }

  drop() {
    const it = this.items.shift();
    if (!it) return;
    for (const [k, v] of [...this.mirror]) if (k === it || v === it) this.mirror.delete(k);
    for (const other of this.items) if (other.next === it) other.next = null;
    this.marked.delete(it);
    it.destroy();
  }

  onItemPoked(n: number) {
    this.log.push(`item1=${n}`);
  }
}
SnapGraph.register("SnapGraph");

// ---- driving runtimes -----------------------------------------------------------------------

type Action = { t: number; seq?: number; event?: string; data?: unknown };

export function applyAction(rt: Runtime, a: Action): void {
  if (a.event === undefined) rt.advanceTo(a.t);
  else rt.applyExternal(a.t, a.seq!, rt.sessionId, a.event, a.data);
}

/** A script of events and plain time advances, seq-stamped like the reflector would. */
export function script(): Action[] {
  const raw: Omit<Action, "seq">[] = [
    { t: 10 }, { t: 36 }, { t: 37 }, { t: 37, event: "poke", data: { amount: 3 } }, { t: 50 },
    { t: 51, event: "spawn", data: "s1" }, { t: 88 }, { t: 100, event: "drop" }, { t: 100 },
    { t: 140, event: "poke", data: { amount: -1 } }, { t: 150 }, { t: 151, event: "spawn", data: "s2" },
    { t: 200, event: "drop" }, { t: 233 }, { t: 260, event: "poke", data: { amount: 10 } },
    { t: 300 }, { t: 301, event: "drop" }, { t: 301, event: "spawn", data: "s3" }, { t: 420 },
    { t: 421, event: "poke", data: { amount: 2 } }, { t: 500 }, { t: 650 },
  ];
  let seq = 1;
  return raw.map((a) => (a.event === undefined ? a : { ...a, seq: seq++ }));
}

export function startGraph(sessionId = "snapshot-session"): Runtime {
  const rt = new Runtime(sessionId);
  rt.start(SnapGraph);
  return rt;
}

export function rootOf(rt: Runtime): SnapGraph {
  return rt.root as SnapGraph;
}
