// Durability end to end: SIGKILL the reflector and start it again on the same storage
// directory; a new joiner gets the stored snapshot plus every acknowledged event, and time
// and seqs go on from where they were. SIGTERM shuts down cleanly with exit code 0.
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, seqAfter, StreamKind } from "../../engine/src/protocol/messages.ts";
import { bytes, RawClient } from "./support/raw-client.ts";
import { removeDir, startCli, tempDir, type CliReflector } from "./support/reflector-cli.ts";

const running: CliReflector[] = [];
const clients: RawClient[] = [];
async function start(dir: string): Promise<CliReflector> {
  const r = await startCli(["--tick-ms", "20"], dir);
  running.push(r);
  return r;
}
async function join(r: CliReflector, session: string, viewId: string, lastClientSeq = 0) {
  const x = await RawClient.join(r.url, session, viewId, lastClientSeq);
  clients.push(x.client);
  return x;
}
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.terminate()));
  await Promise.all(running.splice(0).map((r) => r.kill("SIGKILL")));
  for (const d of dirs.splice(0)) removeDir(d);
});

describe("restart", () => {
  it("a second reflector on the same storage directory refuses to start; the first keeps serving", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const r1 = await start(dir);
    await expect(startCli(["--tick-ms", "20"], dir)).rejects.toThrow(/exited \(1\) before listening[\s\S]*in use by another reflector \(pid \d+\)/);
    const { client } = await join(r1, "still-here", "A");
    await client.waitFor((m) => m.type === "tick", { what: "a tick from the first reflector" });
  });

  it("after SIGKILL, a new joiner gets the stored snapshot and every acknowledged event", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const r1 = await start(dir);
    const { client: a } = await join(r1, "persist", "A");
    for (let i = 1; i <= 5; i++) a.event(i, i);
    await a.waitStamped((e) => e.viewId === "A" && e.payload[0] === 5);

    // a second joiner makes the reflector ask A (the longest connected) for a snapshot
    const { client: a2 } = await join(r1, "persist", "A2");
    await a.waitFor((m) => m.type === "snap-request", { what: "SNAP_REQUEST" });
    const snapSeq = a.stream().at(-1)!.seq;
    a.send({ type: "snap-upload", snapshot: { time: a.lastTime(), seq: snapSeq, data: bytes(0x53, 0x4e, 0x41, 0x50) } });

    for (let i = 6; i <= 10; i++) a.event(i, i);
    a2.event(1, 0x22);
    await a.waitStamped((e) => e.viewId === "A" && e.payload[0] === 10);
    await a.waitStamped((e) => e.viewId === "A2" && e.kind === StreamKind.EVENT);
    const acknowledged = a.stream().filter((e) => seqAfter(e.seq, snapSeq));
    expect(acknowledged).toHaveLength(6);
    const lastSeen = a.lastTime();

    const killed = await r1.kill("SIGKILL");
    expect(killed.signal).toBe("SIGKILL");
    await Promise.all([a.closed, a2.closed]);

    const r2 = await start(dir);
    const { client: b, joined } = await join(r2, "persist", "B");
    expect(joined.snapshot).not.toBeNull();
    expect(joined.snapshot!.seq).toBe(snapSeq);
    expect([...joined.snapshot!.data]).toEqual([0x53, 0x4e, 0x41, 0x50]);
    expect(joined.events.slice(0, -1)).toEqual(acknowledged);
    const bJoin = joined.events.at(-1)!;
    expect(bJoin).toMatchObject({ kind: StreamKind.JOIN, viewId: "B", seq: (acknowledged.at(-1)!.seq + 1) >>> 0 });
    // model time never goes backwards across the restart
    expect(joined.time).toBeGreaterThanOrEqual(lastSeen);
    expect(bJoin.time).toBeGreaterThanOrEqual(lastSeen);

    // the session goes on: seqs continue, A's client seqs are remembered
    b.event(1, 0xbb);
    const next = await b.waitStamped((e) => e.viewId === "B" && e.kind === StreamKind.EVENT);
    expect(next.seq).toBe((bJoin.seq + 1) >>> 0);
    const { joined: aBack } = await join(r2, "persist", "A", 10);
    expect(aBack.lastClientSeq).toBe(10);
    // A came back within its grace after the restart: no second join, no exit for it
    expect(aBack.events.filter((e) => e.viewId === "A" && e.kind !== StreamKind.EVENT)).toEqual([]);
  });

  it("shuts down on SIGTERM: clients get ERROR SHUTDOWN and close 1001, exit code 0, state kept", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const r1 = await start(dir);
    const { client: a } = await join(r1, "term", "A");
    a.event(1, 1);
    await a.waitStamped((e) => e.kind === StreamKind.EVENT);
    const exit = await r1.kill("SIGTERM");
    expect(exit).toEqual({ code: 0, signal: null });
    await a.waitError(ErrorCode.SHUTDOWN);
    expect((await a.closed).code).toBe(1001);

    const r2 = await start(dir);
    const { joined } = await join(r2, "term", "B");
    expect(joined.events.filter((e) => e.kind === StreamKind.EVENT).map((e) => e.payload[0])).toEqual([1]);
  });
});
