// Command-line flags of the reflector CLI, parsed into ReflectorOptions (kept apart from
// main.ts so they can be tested without starting a server).
import { parseArgs } from "node:util";
import { defaultLimits, type ReflectorLimits, type ReflectorOptions } from "./options.ts";

export const USAGE = `usage: reflector [options]
  --port N                   TCP port, 0 = any free one (default 8080)
  --host ADDR                interface to listen on (default 127.0.0.1)
  --tick-ms N                heartbeat interval in ms (default 50)
  --storage DIR|memory       session storage (default .tandem-data)
  --fsync                    fsync the disk log on every append
  --snapshot-interval-ms N   ask for a snapshot this often (default: the sequencer's)
  --grace-ms N               reconnect grace before a dropped view exits (default 1000)
  --idle-ms N                unload sessions idle this long (default 30000)
  --stats-ms N               log a "reflector stats {json}" line this often: events in, frames and
                             deliveries out, residence p50/p90/p99 (default 0 = never)
  --max-clients N            clients per session (default ${defaultLimits.maxClientsPerSession})
  --max-event-bytes N        event payload cap (default ${defaultLimits.maxEventBytes})
  --max-snapshot-bytes N     snapshot upload cap (default ${defaultLimits.maxSnapshotBytes})
  --events-per-second N      per-client sustained event rate (default ${defaultLimits.eventsPerSecond})
  --event-burst N            per-client event burst (default ${defaultLimits.eventBurst})
  --max-buffered-bytes N     drop a client whose unsent backlog passes this (default ${defaultLimits.maxBufferedBytes})
  --max-connections-per-address N   connections open at once from one address, 0 = no limit
                             (default ${defaultLimits.maxConnectionsPerAddress}; behind a reverse proxy all clients share its address)
  --connects-per-second-per-address N   new connections per second from one address, 0 = no limit
                             (default ${defaultLimits.connectsPerSecondPerAddress})
  --connect-burst-per-address N   new connections one address may open at once (default ${defaultLimits.connectBurstPerAddress})
  --max-log-bytes N          bytes of events a session may hold since its last snapshot before its
                             SENDs are refused (and new views join one per snapshot interval) until
                             one arrives, 0 = no limit (default ${defaultLimits.maxLogBytes})
  --max-total-log-bytes N    the same over all live sessions; past it sessions holding at least an
                             equal share (never under 1 MiB) are refused, 0 = no limit (default ${defaultLimits.maxTotalLogBytes})`;

const numeric = {
  port: "port",
  "tick-ms": "tickMs",
  "snapshot-interval-ms": "snapshotIntervalMs",
  "grace-ms": "graceMs",
  "idle-ms": "idleMs",
  "stats-ms": "statsMs",
} as const satisfies Record<string, keyof ReflectorOptions>;
const limitFlags = {
  "max-clients": "maxClientsPerSession",
  "max-event-bytes": "maxEventBytes",
  "max-snapshot-bytes": "maxSnapshotBytes",
  "events-per-second": "eventsPerSecond",
  "event-burst": "eventBurst",
  "max-buffered-bytes": "maxBufferedBytes",
  "max-connections-per-address": "maxConnectionsPerAddress",
  "connects-per-second-per-address": "connectsPerSecondPerAddress",
  "connect-burst-per-address": "connectBurstPerAddress",
  "max-log-bytes": "maxLogBytes",
  "max-total-log-bytes": "maxTotalLogBytes",
} as const satisfies Record<string, keyof ReflectorLimits>;

function parseNumber(flag: string, v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0) throw new Error(`--${flag} needs a number ≥ 0, got ${JSON.stringify(v)}`);
  return n;
}

export function parseCli(argv: string[]): ReflectorOptions | null {
  const stringFlags = [...Object.keys(numeric), ...Object.keys(limitFlags), "host", "storage"];
  const { values: parsed } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(stringFlags.map((f) => [f, { type: "string" as const }])),
      fsync: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const values = parsed as Record<string, string | boolean | undefined>;
  if (values.help) return null;
  const str = (k: string) => values[k] as string | undefined;
  const o: ReflectorOptions = { port: 8080, host: str("host"), storage: str("storage"), fsync: values.fsync === true };
  for (const [flag, key] of Object.entries(numeric)) {
    const v = str(flag);
    if (v !== undefined) o[key] = parseNumber(flag, v);
  }
  const limits: Partial<ReflectorLimits> = {};
  for (const [flag, key] of Object.entries(limitFlags)) {
    const v = str(flag);
    if (v !== undefined) limits[key] = parseNumber(flag, v);
  }
  o.limits = limits;
  return o;
}
