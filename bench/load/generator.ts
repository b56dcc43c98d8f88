// Load generator of the fan-out bench, run as its own process (started by fanout-driver.ts).
// It reads jobs (GeneratorJob, one JSON line each) from stdin and answers each with one JSON
// line (GeneratorReport) on stdout, so one process start serves a whole bench run; it exits
// when stdin closes. Per job: sessions × clients raw WebSockets (ws + the protocol codec, not
// the full Session, so one process can drive hundreds of sockets) JOIN, then every client SENDs
// a 32-byte payload `rate` times a second stamped with performance.now() (one clock for every
// client), and each receiver computes send→receive latency for every event delivered to it.
// After a warm-up, one measurement window: deliveries received, the server's CPU time over the
// window (/proc/<pid>/stat), and the latency of every delivery of an event sent in the window
// (then up to drainMs for stragglers). Every job is bounded in time; sockets are closed after it.
//
//   echo '{"url":"ws://127.0.0.1:PORT","target":"tandem","pid":PID,"sessions":1,"clients":8,
//          "rate":60,"warmupMs":1000,"windowMs":5000,"drainMs":1000,"prefix":"x"}' |
//     node --import tsx bench/load/generator.ts
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { WebSocket, type RawData } from "ws";
import { decodeServerFrame, encodeClientMsg } from "../../engine/src/protocol/codec.ts";
import type { Phases } from "./fanout-scenarios.ts";
import { BARE_ACK, makePayload, readBareFrame, readTandemFrame } from "./frames.ts";
import { LatencyHistogram } from "./histogram.ts";
import { processCpuSeconds } from "./proc-cpu.ts";

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
}

export interface GeneratorReport {
  target: "tandem" | "bare";
  sessions: number;
  clients: number;
  rate: number;
  /** Actual length of the measurement window. */
  windowMs: number;
  /** Events sent in the window, and deliveries expected for them (events × clients of the session). */
  sent: number;
  expected: number;
  /** Deliveries of events sent in the window that arrived (by the end of the drain). */
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** One measurement run. Rejects on a failed join; always closes its sockets. */
export async function runJob(job: GeneratorJob): Promise<GeneratorReport> {
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
        frameTime = performance.now();
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
    const now = performance.now();
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
      const t = performance.now();
      c.clientSeq++;
      c.ws.send(encodeClientMsg({ type: "send", clientSeq: c.clientSeq, payload: makePayload(t, c.index, c.clientSeq) }));
      if (t >= winStart && t < winEnd) sent++;
    }
  };

  const cpuOf = (): number => (job.pid === null ? NaN : processCpuSeconds(job.pid));
  let timer: ReturnType<typeof setInterval> | null = null;
  try {
    // connect in slices, so hundreds of sockets do not all handshake at once
    const total = job.sessions * job.clients;
    for (let start = 0; start < total; start += 50) {
      const batch: Promise<Client>[] = [];
      for (let i = start; i < Math.min(total, start + 50); i++) batch.push(connect(i, Math.floor(i / job.clients)));
      await Promise.all(batch);
    }
    const t0 = performance.now() + 5;
    // spread: phases evenly spaced, so the sends of a period do not all land in one millisecond
    const aligned = job.phases === "aligned";
    clients.forEach((c, i) => (c.next = aligned ? t0 : t0 + (i * period) / clients.length));
    timer = setInterval(pump, 1);
    await sleep(job.warmupMs);
    const statsSignal = () => {
      if (job.signalStats && job.pid !== null) process.kill(job.pid, "SIGUSR2");
    };
    statsSignal(); // a new stats period starts with the window
    const cpu0 = cpuOf();
    const own0 = ownCpuSeconds();
    winStart = performance.now();
    await sleep(job.windowMs);
    winEnd = performance.now();
    sendEnd = winEnd;
    const cpu1 = cpuOf();
    const own1 = ownCpuSeconds();
    statsSignal(); // and ends with it: the reflector logs the window's stats
    // drain: wait for the deliveries of the window's last events (bounded)
    const drainEnd = performance.now() + job.drainMs;
    while (performance.now() < drainEnd && delivered < sent * job.clients) await sleep(2);
    const wallS = (winEnd - winStart) / 1000;
    const serverCpuSeconds = cpu1 - cpu0;
    return {
      target,
      sessions: job.sessions,
      clients: job.clients,
      rate,
      windowMs: winEnd - winStart,
      sent,
      expected: sent * job.clients,
      delivered,
      receivedInWindow,
      deliveriesPerSecond: receivedInWindow / wallS,
      framesInWindow,
      serverCpuSeconds,
      deliveriesPerCpuSecond: receivedInWindow / serverCpuSeconds,
      serverCpuFraction: serverCpuSeconds / wallS,
      p50: hist.quantile(0.5),
      p90: hist.quantile(0.9),
      p99: hist.quantile(0.99),
      max: hist.max,
      generatorCpuFraction: (own1 - own0) / wallS,
      maxSendLagMs,
      skippedSends,
      closedSockets,
      errors,
    };
  } finally {
    if (timer) clearInterval(timer);
    for (const c of clients) {
      c.closedByUs = true;
      if (c.ws.readyState !== WebSocket.OPEN) continue;
      if (target === "tandem" && c.joined) c.ws.send(encodeClientMsg({ type: "leave" }));
      c.ws.close(1000, "done");
    }
    await sleep(50);
    for (const c of clients) c.ws.terminate();
  }
}

/** Longest a job may take beyond its own phases (connecting, closing). */
const JOB_SLACK_MS = 60_000;

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const job = JSON.parse(line) as GeneratorJob;
    const limit = job.warmupMs + job.windowMs + job.drainMs + JOB_SLACK_MS;
    const hardStop = setTimeout(() => {
      console.error(`generator: job ${job.prefix} took over ${limit} ms, giving up`);
      process.exit(3);
    }, limit);
    const report = await runJob(job);
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
