// Which client the sequencer asks for snapshots: the longest-connected one, unless it let a
// request go unanswered for a whole interval — then the next one, so a single client that never
// answers cannot stop snapshots (and let the log and late joiners' replay grow without end).
import { describe, expect, it } from "vitest";
import { Sequencer, type Outgoing } from "../src/sequencer.ts";

const none = new Uint8Array(0);
const asked = (out: Outgoing[]) => out.filter((o) => o.msg.type === "snap-request").map((o) => o.to);

let clientSeq = 0;
/** `conn` sends an event, then uploads a snapshot taken right after it (what a client does). */
function upload(s: Sequencer, conn: string, time: number): void {
  s.send(conn, ++clientSeq, none, time);
  const last = s.state.log.at(s.state.log.length - 1);
  s.uploadSnapshot(conn, { time, seq: last.seq, data: new Uint8Array([1]) });
  expect(s.state.snapshot?.seq).toBe(last.seq);
}

/** A, B and C join at wall times 0, 10, 20 (session time = wall time); A answers the joins' requests. */
function threeClients(): Sequencer {
  const s = new Sequencer("s", { tickMs: 50, snapshotIntervalMs: 1000 });
  s.join("a", "A", none, 0);
  s.join("b", "B", none, 10);
  s.join("c", "C", none, 20);
  upload(s, "a", 20);
  return s;
}

describe("snapshot election", () => {
  it("keeps asking the longest-connected client while it delivers", () => {
    const s = threeClients();
    for (let k = 1; k <= 3; k++) {
      expect(asked(s.poll(k * 1000 + 20))).toEqual(["a"]);
      upload(s, "a", k * 1000 + 20);
    }
    expect(s.state.snapshot?.time).toBe(3020);
  });

  it("passes over a client that let a request go unanswered for an interval, and comes back to it later", () => {
    const s = threeClients();
    expect(asked(s.poll(1020))).toEqual(["a"]); // a never answers
    expect(asked(s.poll(2020))).toEqual(["b"]);
    upload(s, "b", 2020);
    expect(asked(s.poll(3020))).toEqual(["b"]);
    // b goes away: a is next in line again, though it was silent once
    s.leave("b", 3500, true);
    expect(asked(s.poll(4020))).toEqual(["c"]);
    upload(s, "c", 4020);
    s.leave("c", 4500, true);
    expect(asked(s.poll(5020))).toEqual(["a"]);
  });

  it("does not count a request as unanswered before a whole interval has passed", () => {
    const s = new Sequencer("s", { tickMs: 50, snapshotIntervalMs: 1000 });
    s.join("a", "A", none, 0);
    expect(asked(s.join("b", "B", none, 10))).toEqual(["a"]);
    // another joiner 100 ms later: a is asked again, not passed over
    expect(asked(s.join("c", "C", none, 110))).toEqual(["a"]);
    expect(asked(s.poll(1110))).toEqual(["b"]); // now a has had its interval
  });

  it("asks again round the clients when none of them answers", () => {
    const s = threeClients();
    const seen = [1, 2, 3, 4, 5, 6].map((k) => asked(s.poll(k * 1000 + 20))[0]);
    expect(seen).toEqual(["a", "b", "c", "a", "b", "c"]);
  });
});
