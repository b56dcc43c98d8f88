// The backlog budget end to end, on the reflector CLI: a session where nobody uploads a
// snapshot stops taking events at --max-log-bytes (REFUSED BACKLOG_FULL naming the backlog and the
// refused clientSeq) instead of growing the reflector's memory; later SENDs of that client wait
// for the refused one (no gaps); every member is asked for a snapshot, one upload lets events
// flow again, and other sessions never notice.
import { expect, it } from "vitest";
import { ErrorCode, StreamKind } from "../../engine/src/protocol/messages.ts";
import { useCliReflector } from "./support/cli-fixture.ts";

const cli = useCliReflector(["--max-log-bytes", "65536", "--max-event-bytes", "65536", "--events-per-second", "100", "--event-burst", "100"]);
const join = cli.join;

it("refuses events and new views past --max-log-bytes until a snapshot is uploaded; other sessions go on", async () => {
  const a = await join("backlog", "A");
  const b = await join("backlog", "B");
  const other = await join("elsewhere", "C");
  const big = new Uint8Array(20_000).fill(1);
  // 20 kB events: the fourth takes the log past 64 KiB, the fifth is refused, the sixth dropped behind it
  for (let seq = 1; seq <= 6; seq++) a.send({ type: "send", clientSeq: seq, payload: big });
  const refused = await a.waitRefused(ErrorCode.BACKLOG_FULL);
  expect(refused.clientSeq).toBe(5);
  expect(refused.retryMs).toBe(1000);
  expect(refused.message).toMatch(/session backlog full: \d+ bytes of events since the last snapshot \(limit 65536\).*clientSeq 5 refused/);
  const stampedA = () => b.stream().filter((e) => e.viewId === "A" && e.kind === StreamKind.EVENT).map((e) => e.payload[0]);
  await b.waitStamped((e) => e.viewId === "A" && e.kind === StreamKind.EVENT && stampedA().length === 4, { what: "A's 4th event" });

  // new views join one per interval (each join and exit stamps its viewData): the first is let
  // in and asked for a snapshot at once, the next is refused
  const newcomer = await cli.join("backlog", "NEW");
  await newcomer.waitFor((m) => m.type === "snap-request", { what: "the newcomer's snapshot request" });
  const second = await cli.connect();
  await expect(second.join("backlog", "NEW2")).rejects.toThrow(/backlog full.*new views may join one per snapshot interval/);
  expect((await second.closed).code).toBe(4011);

  // the other session is not held back
  other.event(1, 42);
  await other.waitStamped((e) => e.viewId === "C");

  // the elected client (A, connected longest) is asked for a snapshot and uploads one
  await a.waitFor((m) => m.type === "snap-request", { what: "A's snapshot request" });
  const last = a.stream().at(-1)!;
  a.send({ type: "snap-upload", snapshot: { time: last.time, seq: last.seq, data: new Uint8Array([1, 2, 3]) } });

  // events flow again, from the refused one on (as the client's outbox resends after a refusal)
  a.event(5, 5);
  a.event(6, 6);
  await b.waitStamped((e) => e.viewId === "A" && e.payload[0] === 6, { what: "A's 6" });
  // 6 was never stamped ahead of 5, and A heard of the refusal once
  expect(stampedA()).toEqual([1, 1, 1, 1, 5, 6]);
  expect(a.refusals()).toHaveLength(1);
  expect(a.errors()).toHaveLength(0);
  // a joiner now gets the snapshot and a short tail, not 80 kB of events
  const late = await cli.connect();
  const joined = await late.join("backlog", "LATE");
  expect(joined.snapshot?.seq).toBe(last.seq);
  expect(joined.events.reduce((n, e) => n + e.payload.length, 0)).toBeLessThan(100);
});
