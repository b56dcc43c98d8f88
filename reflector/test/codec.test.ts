// Codec tests: round-trips of every message kind, batching, and rejection of garbage frames
// (always a ProtocolError with a code, never another exception, never a hang).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeClientFrame,
  decodeClientMsg,
  decodeServerFrame,
  encodeClientMsg,
  encodeClientMsgs,
  encodeServerMsgs,
  FrameKind,
  ProtocolError,
} from "../../engine/src/protocol/codec.ts";
import { DEFAULT_SEND_LIMITS, ErrorCode, PROTOCOL_VERSION, StreamKind, type ClientMsg, type ServerMsg, type Stamped } from "../../engine/src/protocol/messages.ts";

const bytes = (...v: number[]) => new Uint8Array(v);
const stamped = (seq: number, kind: Stamped["kind"] = StreamKind.EVENT): Stamped => ({
  kind,
  time: 1234.5 + seq,
  seq,
  viewId: `view-ü-${seq}`,
  payload: bytes(seq & 0xff, 2, 3),
});

const clientMsgs: ClientMsg[] = [
  { type: "join", sessionId: "app/lobby#🎲", viewId: "v1", viewData: bytes(9, 8), lastClientSeq: 42 },
  { type: "join", sessionId: "", viewId: "", viewData: bytes(), lastClientSeq: 0 },
  { type: "send", clientSeq: 0xffffffff, payload: bytes(1, 2, 3, 4) },
  { type: "send", clientSeq: 1, payload: bytes() },
  { type: "snap-upload", snapshot: { time: 99.25, seq: 7, data: new Uint8Array(1000).fill(5) } },
  { type: "hash", time: 0, seq: 0xfffffffe, hash: "deadbeef" },
  { type: "leave" },
];

const serverMsgs: ServerMsg[] = [
  { type: "joined", viewId: "v1", snapshot: null, events: [], time: 0, lastClientSeq: 0, limits: DEFAULT_SEND_LIMITS },
  {
    type: "joined",
    viewId: "v2",
    snapshot: { time: 10, seq: 4, data: bytes(1, 2) },
    events: [stamped(5, StreamKind.JOIN), stamped(6), stamped(7, StreamKind.EXIT)],
    time: 77.5,
    lastClientSeq: 3,
    limits: { eventsPerSecond: 1000, eventBurst: 7, maxEventBytes: 0xffffffff },
  },
  { type: "event", event: stamped(0xffffffff) },
  { type: "tick", time: 1e12 + 0.5 },
  { type: "snap-request" },
  { type: "refused", code: ErrorCode.RATE_LIMITED, clientSeq: 0xfffffffe, retryMs: 1250, message: "event rate limit: clientSeq 4294967294 refused" },
  { type: "desync", time: 5, seq: 6, views: ["a", "b"] },
  { type: "desync", time: 5, seq: 6, views: [] },
  { type: "error", code: ErrorCode.RATE_LIMITED, message: "slow down ✋" },
];

function expectProtocolError(f: () => unknown, code?: number): ProtocolError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    const pe = err as ProtocolError;
    expect(pe.message.length).toBeGreaterThan(0);
    if (code !== undefined) expect(pe.code).toBe(code);
    return pe;
  }
  throw new Error("expected a ProtocolError");
}

describe("codec round-trips", () => {
  it.each(clientMsgs.map((m) => [m.type, m] as const))("client %s", (_t, msg) => {
    const frame = encodeClientMsg(msg);
    expect(frame).toBeInstanceOf(Uint8Array);
    expect(decodeClientMsg(frame)).toEqual(msg);
  });

  it.each(serverMsgs.map((m) => [m.type, m] as const))("server %s", (_t, msg) => {
    expect(decodeServerFrame(encodeServerMsgs([msg]))).toEqual([msg]);
  });

  it("batches many client messages in one frame, in order (a turn's SENDs, a HASH, a LEAVE last)", () => {
    const batch: ClientMsg[] = clientMsgs.filter((m) => m.type !== "join");
    const frame = encodeClientMsgs(batch);
    expect(decodeClientFrame(frame)).toEqual(batch);
    // a one-message frame is the same bytes either way
    expect(Buffer.from(encodeClientMsgs([clientMsgs[1]!])).equals(Buffer.from(encodeClientMsg(clientMsgs[1]!)))).toBe(true);
  });

  it("keeps a JOIN alone in its frame and nothing after a LEAVE, both ways", () => {
    const join = clientMsgs[0]!;
    const send: ClientMsg = { type: "send", clientSeq: 1, payload: bytes(1) };
    expectProtocolError(() => encodeClientMsgs([join, send]), ErrorCode.MALFORMED);
    expectProtocolError(() => encodeClientMsgs([{ type: "leave" }, send]), ErrorCode.MALFORMED);
    expectProtocolError(() => encodeClientMsgs([]), ErrorCode.MALFORMED);
    const sendBytes = encodeClientMsg(send);
    expectProtocolError(() => decodeClientFrame(bytes(...sendBytes, ...encodeClientMsg(join))), ErrorCode.MALFORMED);
    expectProtocolError(() => decodeClientFrame(bytes(...encodeClientMsg({ type: "leave" }), ...sendBytes)), ErrorCode.MALFORMED);
    // decodeClientMsg wants exactly one
    expectProtocolError(() => decodeClientMsg(bytes(...sendBytes, ...sendBytes)), ErrorCode.MALFORMED);
  });

  it("batches many server messages in one frame, in order", () => {
    const frame = encodeServerMsgs(serverMsgs);
    expect(decodeServerFrame(frame)).toEqual(serverMsgs);
  });

  it("decodes from a Buffer view with an offset and returns plain, owned payloads", () => {
    const frame = encodeServerMsgs([{ type: "event", event: stamped(3) }]);
    const pool = Buffer.alloc(frame.length + 16);
    pool.set(frame, 7);
    const [msg] = decodeServerFrame(pool.subarray(7, 7 + frame.length));
    expect(msg).toEqual({ type: "event", event: stamped(3) });
    const payload = (msg as { event: Stamped }).event.payload;
    expect(Buffer.isBuffer(payload)).toBe(false);
    expect(payload.buffer).not.toBe(pool.buffer);
  });

  it("puts the version right after JOIN's kind byte", () => {
    const frame = encodeClientMsg(clientMsgs[0]!);
    expect(frame[0]).toBe(FrameKind.JOIN);
    expect(frame[1]! | (frame[2]! << 8)).toBe(PROTOCOL_VERSION);
  });

  it("round-trips arbitrary events (property)", () => {
    const arbStamped = fc.record({
      kind: fc.constantFrom(StreamKind.EVENT, StreamKind.JOIN, StreamKind.EXIT),
      time: fc.double({ noNaN: true, noDefaultInfinity: true }),
      seq: fc.nat({ max: 0xffffffff }),
      viewId: fc.string({ maxLength: 40, unit: "grapheme" }),
      payload: fc.uint8Array({ maxLength: 64 }),
    });
    fc.assert(
      fc.property(fc.array(arbStamped, { minLength: 1, maxLength: 8 }), (events) => {
        const msgs: ServerMsg[] = events.map((event) => ({ type: "event", event }));
        expect(decodeServerFrame(encodeServerMsgs(msgs))).toEqual(msgs);
      }),
      { numRuns: 100 },
    );
  });
});

describe("codec rejects garbage", () => {
  it("rejects a JOIN with another protocol version with code VERSION", () => {
    const frame = encodeClientMsg(clientMsgs[0]!);
    frame[1] = (PROTOCOL_VERSION + 1) & 0xff;
    const err = expectProtocolError(() => decodeClientMsg(frame), ErrorCode.VERSION);
    expect(err.message).toMatch(/version/);
  });

  it("rejects empty frames, unknown kinds and server kinds sent by a client", () => {
    expectProtocolError(() => decodeClientMsg(bytes()), ErrorCode.MALFORMED);
    expectProtocolError(() => decodeClientMsg(bytes(200)), ErrorCode.UNKNOWN_KIND);
    expectProtocolError(() => decodeClientMsg(bytes(FrameKind.TICK, 0, 0, 0, 0, 0, 0, 0, 0)), ErrorCode.UNKNOWN_KIND);
    expectProtocolError(() => decodeServerFrame(bytes(FrameKind.SEND)), ErrorCode.UNKNOWN_KIND);
    expectProtocolError(() => decodeServerFrame(bytes()), ErrorCode.MALFORMED);
  });

  it("rejects every truncation of every valid frame", () => {
    for (const msg of clientMsgs) {
      const frame = encodeClientMsg(msg);
      for (let n = 1; n < frame.length; n++) {
        // a JOIN without its trailing u16 tps is the version-1 layout of older clients: valid
        if (msg.type === "join" && n === frame.length - 2) {
          const { tps: _tps, ...rest } = msg;
          expect(decodeClientMsg(frame.subarray(0, n))).toEqual(rest);
          continue;
        }
        expectProtocolError(() => decodeClientMsg(frame.subarray(0, n)));
      }
    }
    for (const msg of serverMsgs) {
      const frame = encodeServerMsgs([msg]);
      for (let n = 1; n < frame.length; n++) expectProtocolError(() => decodeServerFrame(frame.subarray(0, n)));
    }
  });

  it("rejects trailing bytes after a client message", () => {
    const frame = encodeClientMsg({ type: "leave" });
    expectProtocolError(() => decodeClientMsg(bytes(...frame, 0)), ErrorCode.MALFORMED);
  });

  it("rejects invalid UTF-8, non-finite times, bad stream kinds and bad error codes", () => {
    const hash = encodeClientMsg({ type: "hash", time: 1, seq: 1, hash: "ab" });
    const badUtf8 = hash.slice();
    badUtf8[badUtf8.length - 1] = 0xff;
    expectProtocolError(() => decodeClientMsg(badUtf8), ErrorCode.MALFORMED);

    const nan = hash.slice();
    new DataView(nan.buffer).setFloat64(1, NaN, true);
    expectProtocolError(() => decodeClientMsg(nan), ErrorCode.MALFORMED);

    const ev = encodeServerMsgs([{ type: "event", event: stamped(1) }]);
    ev[1] = 9;
    expectProtocolError(() => decodeServerFrame(ev), ErrorCode.MALFORMED);

    expectProtocolError(() => decodeServerFrame(bytes(FrameKind.ERROR, 200, 0, 0)), ErrorCode.MALFORMED);
  });

  it("rejects a JOINED claiming more events than the frame can hold, without allocating them", () => {
    const frame = encodeServerMsgs([{ type: "joined", viewId: "v", snapshot: null, events: [], time: 0, lastClientSeq: 0, limits: DEFAULT_SEND_LIMITS }]);
    new DataView(frame.buffer).setUint32(frame.length - 4, 0xffffffff, true);
    expectProtocolError(() => decodeServerFrame(frame), ErrorCode.MALFORMED);
  });

  it("throws only ProtocolError on random bytes and mutated frames (property)", () => {
    const valid = [...clientMsgs.map(encodeClientMsg), ...serverMsgs.map((m) => encodeServerMsgs([m]))];
    const check = (frame: Uint8Array) => {
      for (const decode of [decodeClientMsg, decodeServerFrame]) {
        try {
          decode(frame);
        } catch (err) {
          if (!(err instanceof ProtocolError)) throw err;
          expect(Object.values(ErrorCode)).toContain(err.code);
        }
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), check), { numRuns: 600 });
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 4 }), (frame, edits) => {
        const f = frame.slice();
        for (const [i, v] of edits) f[i % f.length] = v;
        check(f);
      }),
      { numRuns: 600 },
    );
  });

  it("refuses to encode values that do not fit the layout", () => {
    expectProtocolError(() => encodeClientMsg({ type: "send", clientSeq: -1, payload: bytes() }));
    expectProtocolError(() => encodeClientMsg({ type: "hash", time: NaN, seq: 0, hash: "" }));
    expectProtocolError(() => encodeClientMsg({ type: "bogus" } as unknown as ClientMsg), ErrorCode.UNKNOWN_KIND);
    expectProtocolError(() => encodeServerMsgs([]));
    expectProtocolError(() => encodeServerMsgs([{ type: "tick", time: Infinity }]));
    expectProtocolError(() => encodeClientMsg({ type: "hash", time: 0, seq: 0, hash: "x".repeat(70000) }), ErrorCode.TOO_LARGE);
  });
});
