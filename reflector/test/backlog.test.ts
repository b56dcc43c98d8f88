// The backlog budget end to end, on the reflector CLI: a session where nobody uploads a
// snapshot stops taking events at --max-log-bytes (ERROR BACKLOG_FULL naming the backlog and the
// refused clientSeq) instead of growing the reflector's memory; later SENDs of that client wait
// for the refused one (no gaps); every member is asked for a snapshot, one upload lets events
// flow again, and other sessions never notice.
import { expect, it } from "vitest";
import { ErrorCode, StreamKind } from "../../engine/src/protocol/messages.ts";
import { useCliReflector } from "./support/cli-fixture.ts";

const cli = useCliReflector(["--max-log-bytes", "65536", "--max-event-bytes", "65536", "--events-per-second", "100", "--event-burst", "100"]);
const join = cli.join;

it("refuses events past --max-log-bytes until a snapshot is uploaded; other sessions go on", async () => {
  const a = await join("backlog", "A");
  const b = await join("backlog", "B");
  const other = await join("elsewhere", "C");
  const big = new Uint8Array(20_000).fill(1);
  // 20 kB events: the fourth takes the log past 64 KiB, the fifth is refused
  for (let seq = 1; seq <= 5; seq++) a.send({ type: "send", clientSeq: seq, payload: big });
  const refused = await a.waitError(ErrorCode.BACKLOG_FULL);
  expect(refused.message).toMatch(/session backlog full: \d+ bytes of events since the last snapshot \(limit 65536\).*clientSeq 5 refused/);
  const stampedA = () => b.stream().filter((e) => e.viewId === "A" && e.kind === StreamKind.EVENT).map((e) => [...e.payload.subarray(0, 1)][0]);
  await b.waitStamped((e) => e.viewId === "A" && e.kind === StreamKind.EVENT && e.payload.length === big.length && stampedA().length === 4, { what: "A's 4th event" });

  // the other session is not held back
  other.event(1, 42);
  await other.waitStamped((e) => e.viewId === "C");

  // both members were asked for a snapshot; B answers with one covering everything so far
  await a.waitFor((m) => m.type === "snap-request", { what: "A's snapshot request" });
  await b.waitFor((m) => m.type === "snap-request", { what: "B's snapshot request" });
  const last = b.stream().at(-1)!;
  b.send({ type: "snap-upload", snapshot: { time: last.time, seq: last.seq, data: new Uint8Array([1, 2, 3]) } });

  // the backlog is free again, but clientSeq 6 may not pass 5: that would leave a gap
  const errorsBefore = a.errors().length;
  a.event(6, 6);
  const gap = await a.waitFor((m) => m.type === "error" && a.errors().length > errorsBefore, { what: "refusal of 6" });
  expect(gap).toMatchObject({ code: ErrorCode.BACKLOG_FULL, message: "clientSeq 6 refused: send clientSeq 5 again first" });
  // resent in order (as the client's outbox does after BACKLOG_FULL), both are stamped
  a.event(5, 5);
  a.event(6, 6);
  await b.waitStamped((e) => e.viewId === "A" && e.payload[0] === 6 && e.payload.length === 1, { what: "A's 6" });
  expect(stampedA()).toEqual([1, 1, 1, 1, 5, 6]);
  // a joiner now gets the snapshot and a short tail, not 80 kB of events
  const late = await cli.connect();
  const joined = await late.join("backlog", "LATE");
  expect(joined.snapshot?.seq).toBe(last.seq);
  expect(joined.events.reduce((n, e) => n + e.payload.length, 0)).toBeLessThan(100);
});
