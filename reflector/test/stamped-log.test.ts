// StampedLog (the sequencer's and the journal's encoded stream) behaves like the array of
// Stamped it replaced: a model-based property test over pushes (payloads of any size, any
// viewId), drops after a snapshot, copies and lookups by seq.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeServerFrame, encodeServerMsgs } from "../../engine/src/protocol/codec.ts";
import { DEFAULT_SEND_LIMITS, StreamKind, type JoinedMsg, type Stamped } from "../../engine/src/protocol/messages.ts";
import { Sequencer } from "../src/sequencer.ts";
import { decodeEncodedStamped, StampedLog } from "../src/stamped-log.ts";

const stampedArb = (seq: number): fc.Arbitrary<Stamped> =>
  fc.record({
    kind: fc.constantFrom(StreamKind.EVENT, StreamKind.JOIN, StreamKind.EXIT),
    time: fc.double({ min: 0, max: 1e9, noNaN: true }),
    seq: fc.constant(seq),
    viewId: fc.string({ maxLength: 12, unit: "grapheme" }),
    payload: fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 5000, maxLength: 9000 })),
  });

type Op = { kind: "push"; m: Stamped } | { kind: "drop"; at: number } | { kind: "copy" };

describe("StampedLog", () => {
  it("keeps what an array of Stamped would, through pushes, drops and copies", () => {
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: stampedArb(0).map((m) => ({ kind: "push" as const, m })) },
      { weight: 1, arbitrary: fc.nat(40).map((at) => ({ kind: "drop" as const, at })) },
      { weight: 1, arbitrary: fc.constant({ kind: "copy" as const }) },
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), fc.nat(), (ops, seq0) => {
        let log = new StampedLog();
        let model: Stamped[] = [];
        let seq = seq0 >>> 0;
        for (const op of ops) {
          if (op.kind === "push") {
            const m = { ...op.m, seq };
            seq = (seq + 1) >>> 0; // consecutive, wrapping like the sequencer's
            log.push(m);
            model.push(m);
          } else if (op.kind === "drop") {
            const i = Math.min(op.at, model.length - 1);
            log.dropThrough(i);
            model = model.slice(i + 1);
          } else {
            const before = log;
            log = log.copy();
            before.push({ kind: StreamKind.EVENT, time: 0, seq: 12345, viewId: "x", payload: new Uint8Array(1) }); // must not show up in the copy
          }
          expect(log.length).toBe(model.length);
        }
        expect(log.toArray()).toEqual(model);
        for (let i = 0; i < model.length; i++) {
          expect(log.seqAt(i)).toBe(model[i]!.seq);
          expect(log.indexOfSeq(model[i]!.seq)).toBe(i);
        }
        expect(log.indexOfSeq((seq + 7) >>> 0)).toBe(-1);
      }),
      { numRuns: 200 },
    );
  });

  it("gives JOINED the events as bytes: the frame is byte-identical to one encoding the events", () => {
    fc.assert(
      fc.property(fc.array(stampedArb(0), { maxLength: 30 }), fc.nat(), (items, seq0) => {
        const events = items.map((m, i) => ({ ...m, seq: (seq0 + i) >>> 0 }));
        const log = StampedLog.from(events);
        const base = { type: "joined" as const, viewId: "J", snapshot: { time: 5, seq: 9, data: new Uint8Array([1, 2, 3]) }, time: 77, lastClientSeq: 4, limits: DEFAULT_SEND_LIMITS };
        const plain = encodeServerMsgs([{ ...base, events }]);
        const fromLog = encodeServerMsgs([{ ...base, events: [], encodedEvents: log.encoded() }]);
        expect(Buffer.from(fromLog).equals(Buffer.from(plain))).toBe(true);
        expect(decodeEncodedStamped(log.encoded())).toEqual(events);
      }),
      { numRuns: 100 },
    );
  });

  it("the sequencer's JOINED decodes its events only when they are read", () => {
    const s = new Sequencer("s");
    s.join("a", "A", new Uint8Array(0), 0);
    s.send("a", 1, new Uint8Array([42]), 10);
    const joined = s.join("b", "B", new Uint8Array(0), 20).find((o) => o.msg.type === "joined")!.msg as JoinedMsg;
    expect(joined.encodedEvents!.count).toBe(3); // A's join, A's event, B's join
    expect(joined.events.map((e) => [e.kind, e.viewId, [...e.payload]])).toEqual([
      [StreamKind.JOIN, "A", []],
      [StreamKind.EVENT, "A", [42]],
      [StreamKind.JOIN, "B", []],
    ]);
    expect(decodeServerFrame(encodeServerMsgs([joined]))).toEqual([{ type: "joined", viewId: "B", snapshot: null, events: joined.events, time: 20, lastClientSeq: 0, limits: DEFAULT_SEND_LIMITS }]);
  });

  it("decodes fresh objects: changing one does not change the log", () => {
    const log = StampedLog.from([{ kind: StreamKind.EVENT, time: 1, seq: 1, viewId: "A", payload: new Uint8Array([1, 2]) }]);
    const a = log.at(0);
    a.payload[0] = 99;
    expect(log.at(0).payload[0]).toBe(1);
    expect(() => log.at(1)).toThrow(RangeError);
  });
});
