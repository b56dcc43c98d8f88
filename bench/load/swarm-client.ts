// The first client of the late-join-net bench, in its own process (as another player's machine
// would be): joins a Swarm session with `--entities` entities through the reflector, prints
// `synced <sessionId>`, then keeps the session running (answering snapshot requests) until its
// stdin closes, SIGTERM, or `--timeout-ms` (default 5 min) passes.
//
//   node --import tsx bench/load/swarm-client.ts --url ws://127.0.0.1:PORT --app APP --name NAME --entities 10000
import { parseArgs } from "node:util";
import { Session } from "tandem";
import { Swarm } from "../../games/swarm/model.ts";

const { values: a } = parseArgs({
  options: {
    url: { type: "string" },
    app: { type: "string", default: "bench.late-join-net" },
    name: { type: "string" },
    entities: { type: "string", default: "10000" },
    "timeout-ms": { type: "string", default: "300000" },
  },
  strict: true,
});
if (!a.url || !a.name) throw new Error("--url and --name are required");

let session: Session<Swarm> | null = null;
const leave = () => {
  void session?.leave();
  setTimeout(() => process.exit(0), 50);
};
setTimeout(() => {
  console.error("swarm-client: timeout");
  process.exit(3);
}, Number(a["timeout-ms"]));
process.on("SIGTERM", leave);
process.stdin.on("end", leave);
process.stdin.on("error", () => undefined);
process.stdin.resume();

session = await Session.join({ appId: a.app!, name: a.name, model: Swarm, options: { initial: Number(a.entities) }, reflector: a.url, autoSleep: false });
console.log(`synced ${session.id} entities=${session.model.world.entityCount}`);
