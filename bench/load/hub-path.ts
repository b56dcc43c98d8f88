// Digging tool (not part of `npm run bench`): the JS cost of the reflector's relay path without
// sockets — Hub (decode, limits) + SessionHost (stamp, persist to memory storage, plan, encode)
// with links that drop frames — per incoming event, in bursts of `clients` SENDs with one flush
// per burst (the aligned fan-out pattern). Tells how much of a fan-out run's CPU is ours and how
// much is Node's streams, `ws` and the kernel (≈5 µs of the 58–90 µs per event at 32 clients).
//   node --import tsx bench/load/hub-path.ts [clients=32] [bursts=3000]
import { encodeClientMsg } from "../../engine/src/protocol/codec.ts";
import { Hub } from "../../reflector/src/hub.ts";
import type { Link } from "../../reflector/src/link.ts";
import { resolveOptions } from "../../reflector/src/options.ts";
import { Registry } from "../../reflector/src/registry.ts";
import { createStorage } from "../../reflector/src/storage/create-storage.ts";
import { cpuNow } from "../harness.ts";
import { sleep } from "./processes.ts";

const CLIENTS = Number(process.argv[2] ?? 32);
const BURSTS = Number(process.argv[3] ?? 3000);
const opts = resolveOptions({ storage: "memory", log: (l) => console.error(l), limits: { eventsPerSecond: 1e9, eventBurst: 1e9, framesPerSecond: 1e9, frameBurst: 1e9, bytesPerSecond: 1e12, maxClientsPerSession: 1000, maxConnectionsPerAddress: 0 } });
const clock = () => performance.now();
const registry = new Registry(createStorage(opts.storage, { fsync: false, log: opts.log }), opts, clock);
const hub = new Hub(opts, registry, clock);
let framesOut = 0;
const links: Link[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const l: Link = { id: `c${i}`, address: "127.0.0.1", open: true, bufferedAmount: 0, send: () => void framesOut++, pause: () => undefined, close: () => undefined };
  links.push(l);
  hub.open(l);
  hub.frame(l, encodeClientMsg({ type: "join", sessionId: "s", viewId: `v${i}`, viewData: new Uint8Array(0), lastClientSeq: 0 }), true);
}
await sleep(50);
const host = [...registry.active()][0]!;
const payload = new Uint8Array(32);
const seqs = new Array(CLIENTS).fill(0);
const run = async (n: number) => {
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < CLIENTS; i++) hub.frame(links[i]!, encodeClientMsg({ type: "send", clientSeq: ++seqs[i], payload }), true);
    await host.settled();
  }
};
await run(500);
const samples: number[] = [];
for (let r = 0; r < 7; r++) {
  const t0 = cpuNow();
  await run(BURSTS / 7);
  samples.push(((cpuNow() - t0) * 1000) / ((BURSTS / 7) * CLIENTS));
}
samples.sort((a, b) => a - b);
console.log(`${CLIENTS} clients: µs CPU per incoming event (incl. its share of the flush), median ${samples[3]!.toFixed(2)} min ${samples[0]!.toFixed(2)}; frames out ${framesOut}`);
process.exit(0);
