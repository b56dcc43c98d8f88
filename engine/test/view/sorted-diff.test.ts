// diffSorted: entities entering and leaving between two ascending id lists.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffSorted } from "../../src/view/sorted-diff.ts";

function diff(prev: number[], next: number[]) {
  const entered: number[] = [], exited: number[] = [];
  diffSorted(Uint32Array.from(prev), Uint32Array.from(next), (e) => entered.push(e), (e) => exited.push(e));
  return { entered, exited };
}

describe("diffSorted", () => {
  it("reports ids only in next as entered and only in prev as exited", () => {
    expect(diff([1, 2, 5, 9], [2, 3, 9, 10, 11])).toEqual({ entered: [3, 10, 11], exited: [1, 5] });
    expect(diff([], [4, 7])).toEqual({ entered: [4, 7], exited: [] });
    expect(diff([4, 7], [])).toEqual({ entered: [], exited: [4, 7] });
    expect(diff([1, 2], [1, 2])).toEqual({ entered: [], exited: [] });
  });

  it("agrees with set difference on any inputs", () => {
    const ids = fc.uniqueArray(fc.integer({ min: 0, max: 200 })).map((a) => a.sort((x, y) => x - y));
    fc.assert(fc.property(ids, ids, (prev, next) => {
      const { entered, exited } = diff(prev, next);
      expect(entered).toEqual(next.filter((e) => !prev.includes(e)));
      expect(exited).toEqual(prev.filter((e) => !next.includes(e)));
    }));
  });
});
