// Load generator of the fan-out bench, run as its own process (started by fanout-driver.ts).
// It reads jobs (GeneratorJob, one JSON line each) from stdin; per job it connects its sockets
// and prints `{"ready":true}`, then waits for a `{"go":<startAt>}` line and answers with one
// JSON line (GeneratorReport), so one process start serves a whole bench run; it exits when
// stdin closes. Sockets are raw WebSockets (ws + the protocol codec, not the full Session, so
// one process can drive hundreds); a job may drive only some of the sessions × clients sockets
// (`sockets`), so several processes can share one session: the driver puts one client of a
// session in a process of its own, to see latency as a client that is not queued behind 31
// others in one JS thread sees it. Every client SENDs a 32-byte payload `rate` times a second
// stamped with the machine's monotonic clock (sharedNow: the same in every process), and each
// receiver computes send→receive latency for every event delivered to it. The schedule, warm-up
// and window are absolute times on that clock from `startAt`, so processes measure the same
// window. Measured: deliveries received, the server's CPU time over the window
// (/proc/<pid>/stat), and the latency of every delivery of an event sent in the window (then up
// to drainMs for stragglers). Every job is bounded in time; sockets are closed after it.
//
//   node --import tsx bench/load/generator.ts, then on stdin:
//     {"url":"ws://127.0.0.1:PORT","target":"tandem","pid":PID,"sessions":1,"clients":8,
//      "rate":60,"warmupMs":1000,"windowMs":5000,"drainMs":1000,"prefix":"x"}
//     {"go":<sharedNow() + 10>}
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { WebSocket, type RawData } from "ws";
import { decodeServerFrame, encodeClientMsg } from "../../engine/src/protocol/codec.ts";
import type { Phases } from "./fanout-scenarios.ts";
import { BARE_ACK, makePayload, readBareFrame, readTandemFrame, sharedNow } from "./frames.ts";
import { LatencyHistogram } from "./histogram.ts";
import { processCpuSeconds } from "./proc-cpu.ts";
import { sleep } from "./processes.ts";

export interface GeneratorJob {
  url: string;
  target: "tandem" | "bare";
  /** Server process whose CPU time is read (null: not measured). */
  pid: number | null;
  /** Signal the server with SIGUSR2 at the window's start and end (the reflector CLI then logs its stats for the window). */
  signalStats?: boolean;
  sessions: number;
  clients: number;
  /** Events per second per client. */
  rate: number;
  warmupMs: number;
  windowMs: number;
  drainMs: number;
  /** Session ids are `${prefix}-s${i}`: unique per job. */
  prefix: string;
  /** When clients send within each period (see Phases); default "spread". */
  phases?: Phases;
  /** The sockets (indices into sessions × clients, session = floor(index / clients)) this process drives; default all. */
  sockets?: { from: number; to: number };
}

/** The driver's second line for a job, once every process has said it is ready: when the schedule starts (sharedNow() ms). */
export interface GeneratorGo {
  go: number;
}

export interface GeneratorReport {
  target: "tandem" | "bare";
  sessions: number;
  clients: number;
  rate: number;
  /** Actual length of the measurement window. */
  windowMs: number;
  /** Sockets this process drove. */
  sockets: number;
  /** Events its sockets sent in the window. */
  sent: number;
  /** Deliveries expected for them (events × clients of the session); meaningful when this process drove every socket. */
  expected: number;
  /** Deliveries to its sockets of events sent in the window (by any process), arrived by the end of the drain. */
  delivered: number;
  /** Deliveries that arrived during the window (whenever sent): the throughput numerator. */
  receivedInWindow: number;
  deliveriesPerSecond: number;
  /** Frames received during the window (of any kind): receivedInWindow / framesInWindow is the batching factor. */
  framesInWindow: number;
  serverCpuSeconds: number;
  /** receivedInWindow / serverCpuSeconds. */
  deliveriesPerCpuSecond: number;
  /** Server CPU seconds per wall second over the window (1 = one core busy). */
  serverCpuFraction: number;
  /** Send→receive latency of the window's deliveries, ms. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** This generator's own CPU per wall second over the window (if near 1, it limits the result). */
  generatorCpuFraction: number;
  /** Largest delay of a send behind its schedule (ms), and sends skipped because the generator lagged a whole period. */
  maxSendLagMs: number;
  skippedSends: number;
  /** Sockets the server closed during the run, and the first few errors it sent. */
  closedSockets: number;
  errors: string[];
}

interface Client {
  ws: WebSocket;
  index: number;
  next: number;
  clientSeq: number;
  joined: boolean;
  closedByUs: boolean;
}

/** A socket that has not joined by then fails the job (a server that never answers). */
const JOIN_TIMEOUT_MS = 20_000;


function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** A job whose sockets have joined: `run(startAt)` measures and closes them; `close()` only closes. */
export interface PreparedJob {
  run(startAt: number): Promise<GeneratorReport>;
  close(): Promise<void>;
}

/** Connects and joins the job's sockets. Rejects on a failed join (after closing them). */
export async function prepareJob(job: GeneratorJob): Promise<PreparedJob> {
  const { target, rate } = job;
  const clients: Client[] = [];
  const hist = new LatencyHistogram();
  let winStart = Infinity;
  let winEnd = Infinity;
  let sendEnd = Infinity;
  let sent = 0;
  let delivered = 0;
  let receivedInWindow = 0;
  let framesInWindow = 0;
  let closedSockets = 0;
  let maxSendLagMs = 0;
  let skippedSends = 0;
  const errors: string[] = [];
  const noteError = (text: string) => void (errors.length < 5 && errors.push(text));

  let frameTime = 0;
  const onEvent = (sendTime: number): void => {
    if (frameTime >= winStart && frameTime < winEnd) receivedInWindow++;
    if (sendTime >= winStart && sendTime < winEnd) {
      delivered++;
      hist.add(frameTime - sendTime);
    }
  };

  const from = job.sockets?.from ?? 0;
  const to = job.sockets?.to ?? job.sessions * job.clients;
  const connect = (index: number, session: number): Promise<Client> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(job.url, { perMessageDeflate: false });
      const c: Client = { ws, index, next: Infinity, clientSeq: 0, joined: false, closedByUs: false };
      clients.push(c);
      const joinTimer = setTimeout(() => reject(new Error(`socket ${index}: not joined within ${JOIN_TIMEOUT_MS} ms`)), JOIN_TIMEOUT_MS);
      ws.on("error", (err) => {
        if (!c.joined) reject(err);
      });
      ws.on("close", (code, reason) => {
        if (!c.joined) reject(new Error(`socket ${index} closed before joining: ${code} ${String(reason)}`));
        else if (!c.closedByUs) {
          closedSockets++;
          noteError(`socket ${index} closed by the server: ${code} ${String(reason)}`);
        }
      });
      ws.on("open", () => {
        ws.send(encodeClientMsg({ type: "join", sessionId: `${job.prefix}-s${session}`, viewId: `v${session}-${index}`, viewData: new Uint8Array(0), lastClientSeq: 0 }));
      });
      ws.on("message", (raw) => {
        frameTime = sharedNow();
        if (frameTime >= winStart && frameTime < winEnd) framesInWindow++;
        const buf = toBuffer(raw);
        if (!c.joined) {
          if (target === "bare") {
            if (buf.length !== BARE_ACK.length || buf[0] !== BARE_ACK[0]) return reject(new Error("bare relay: expected an ack"));
          } else {
            const msgs = decodeServerFrame(buf);
            for (const m of msgs) if (m.type === "error") return reject(new Error(`reflector refused the join: ${m.message}`));
            if (!msgs.some((m) => m.type === "joined")) return reject(new Error(`expected JOINED, got ${msgs.map((m) => m.type).join(",")}`));
          }
          c.joined = true;
          clearTimeout(joinTimer);
          resolve(c);
          return;
        }
        if (target === "bare") readBareFrame(buf, onEvent);
        else for (const m of readTandemFrame(buf, onEvent).others) if (m.type === "error") noteError(`reflector error ${m.code}: ${m.message}`);
      });
    });

  const period = 1000 / rate;
  const pump = (): void => {
    const now = sharedNow();
    for (const c of clients) {
      if (c.next > now || c.next >= sendEnd) continue;
      const lag = now - c.next;
      if (lag > maxSendLagMs) maxSendLagMs = lag;
      if (lag > period) {
        // a whole period behind: skip rather than burst (the rate stays at most `rate`)
        const missed = Math.floor(lag / period);
        skippedSends += missed;
        c.next += missed * period;
      }
      c.next += period;
      if (c.ws.readyState !== WebSocket.OPEN) continue;
      const t = sharedNow();
      c.clientSeq++;
      c.ws.send(encodeClientMsg({ type: "send", clientSeq: c.clientSeq, payload: makePayload(t, c.index, c.clientSeq) }));
      if (t >= winStart && t < winEnd) sent++;
    }
  };

  const cpuOf = (): number => (job.pid === null ? NaN : processCpuSeconds(job.pid));
  let timer: ReturnType<typeof setInterval> | null = null;
  const close = async (): Promise<void> => {
    if (timer) clearInterval(timer);
    for (const c of clients) {
      c.closedByUs = true;
      if (c.ws.readyState !== WebSocket.OPEN) continue;
      if (target === "tandem" && c.joined) c.ws.send(encodeClientMsg({ type: "leave" }));
      c.ws.close(1000, "done");
    }
    await sleep(50);
    for (const c of clients) c.ws.terminate();
  };

  try {
    // connect in slices, so hundreds of sockets do not all handshake at once
    for (let start = from; start < to; start += 50) {
      const batch: Promise<Client>[] = [];
      for (let i = start; i < Math.min(to, start + 50); i++) batch.push(connect(i, Math.floor(i / job.clients)));
      await Promise.all(batch);
    }
  } catch (err) {
    await close();
    throw err;
  }

  const sleepUntil = (t: number) => sleep(Math.max(0, t - sharedNow()));
  const run = async (startAt: number): Promise<GeneratorReport> => {
    try {
      // spread: phases evenly spaced over every socket of the job (whichever process drives
      // it: the index is global), so the sends of a period do not all land in one millisecond
      const aligned = job.phases === "aligned";
      const total = job.sessions * job.clients;
      for (const c of clients) c.next = aligned ? startAt : startAt + (c.index * period) / total;
      // the window is fixed on the shared clock, so every process sorts sends and receipts into
      // the same one whenever its own timers fire
      winStart = startAt + job.warmupMs;
      winEnd = winStart + job.windowMs;
      timer = setInterval(pump, 1);
      await sleepUntil(winStart);
      const statsSignal = () => {
        if (job.signalStats && job.pid !== null) process.kill(job.pid, "SIGUSR2");
      };
      statsSignal(); // a new stats period starts with the window
      const cpu0 = cpuOf();
      const own0 = ownCpuSeconds();
      const read0 = sharedNow();
      await sleepUntil(winEnd);
      sendEnd = winEnd;
      const cpu1 = cpuOf();
      const own1 = ownCpuSeconds();
      const read1 = sharedNow();
      statsSignal(); // and ends with it: the reflector logs the window's stats
      // drain: wait for the deliveries of the window's last events (bounded). A process that
      // drives every socket knows how many to expect; one sharing a session with others does
      // not (the others' sends), so it waits the whole drain.
      const alone = from === 0 && to === total;
      const drainEnd = sharedNow() + job.drainMs;
      while (sharedNow() < drainEnd && (!alone || delivered < sent * job.clients)) await sleep(2);
      const wallS = (winEnd - winStart) / 1000;
      const serverCpuSeconds = cpu1 - cpu0;
      // CPU shares over the time between the readings (the timers fire a little after the window's edges)
      const readS = (read1 - read0) / 1000;
      return {
        target,
        sessions: job.sessions,
        clients: job.clients,
        rate,
        windowMs: winEnd - winStart,
        sockets: clients.length,
        sent,
        expected: sent * job.clients,
        delivered,
        receivedInWindow,
        deliveriesPerSecond: receivedInWindow / wallS,
        framesInWindow,
        serverCpuSeconds,
        deliveriesPerCpuSecond: receivedInWindow / serverCpuSeconds,
        serverCpuFraction: serverCpuSeconds / readS,
        p50: hist.quantile(0.5),
        p90: hist.quantile(0.9),
        p99: hist.quantile(0.99),
        max: hist.max,
        generatorCpuFraction: (own1 - own0) / readS,
        maxSendLagMs,
        skippedSends,
        closedSockets,
        errors,
      };
    } finally {
      await close();
    }
  };
  return { run, close };
}

/** One measurement run of a job that drives all its sockets alone: prepare, then go at once. */
export async function runJob(job: GeneratorJob): Promise<GeneratorReport> {
  const prepared = await prepareJob(job);
  return prepared.run(sharedNow() + 5);
}

/** Longest a job may take beyond its own phases (connecting, closing). */
const JOB_SLACK_MS = 60_000;

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string | null> => {
    for (;;) {
      const r = await lines.next();
      if (r.done) return null;
      if (r.value.trim()) return r.value;
    }
  };
  for (let line = await nextLine(); line !== null; line = await nextLine()) {
    const job = JSON.parse(line) as GeneratorJob;
    const limit = job.warmupMs + job.windowMs + job.drainMs + JOB_SLACK_MS;
    const hardStop = setTimeout(() => {
      console.error(`generator: job ${job.prefix} took over ${limit} ms, giving up`);
      process.exit(3);
    }, limit);
    const prepared = await prepareJob(job);
    console.log(JSON.stringify({ ready: true }));
    const go = await nextLine();
    if (go === null) {
      await prepared.close();
      break;
    }
    const report = await prepared.run((JSON.parse(go) as GeneratorGo).go);
    clearTimeout(hardStop);
    console.log(JSON.stringify(report));
  }
  // stdin closed: the driver is done (or gone)
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`generator: ${(err as Error)?.stack ?? String(err)}`);
      process.exit(1);
    },
  );
}
