import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { binaryFrame, FrameCache } from "../src/ws-frame.ts";

// ws exports its Sender (whose static frame() is how ws itself frames); @types/ws does not declare it
const { Sender } = createRequire(import.meta.url)("ws") as {
  Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] };
};

/** ws's own framing of an unmasked binary message, header and payload joined. */
function wsFrame(payload: Uint8Array): Buffer {
  const parts = Sender.frame(Buffer.from(payload), { fin: true, opcode: 2, mask: false, readOnly: true, rsv1: false });
  return Buffer.concat(parts);
}

function payloadOf(n: number): Uint8Array {
  const p = new Uint8Array(n);
  for (let i = 0; i < n; i++) p[i] = (i * 31 + 7) & 0xff;
  return p;
}

describe("binaryFrame", () => {
  it.each([0, 1, 125, 126, 127, 65535, 65536, 70000])("frames %i payload bytes exactly as ws does", (n) => {
    const p = payloadOf(n);
    expect(binaryFrame(p).equals(wsFrame(p))).toBe(true);
  });

  it("frames a subarray view by its own bytes, not its buffer's", () => {
    const whole = payloadOf(300);
    const view = whole.subarray(100, 140);
    expect(binaryFrame(view).equals(wsFrame(view))).toBe(true);
  });
});

describe("FrameCache", () => {
  it("reuses the frame for the same batch object and frames a new object anew", () => {
    const cache = new FrameCache();
    const a = payloadOf(40);
    const fa = cache.frameOf(a);
    expect(cache.frameOf(a)).toBe(fa);
    const b = payloadOf(40); // equal bytes, another batch
    const fb = cache.frameOf(b);
    expect(fb).not.toBe(fa);
    expect(fb.equals(fa)).toBe(true);
  });

  it("does not keep large batches alive", () => {
    const cache = new FrameCache();
    const big = payloadOf(300 * 1024);
    const f1 = cache.frameOf(big);
    const f2 = cache.frameOf(big);
    expect(f2).not.toBe(f1);
    expect(f2.equals(wsFrame(big))).toBe(true);
  });
});
