// Seeded session RNG: xoroshiro128+ from pure-rand, whose 4×32-bit state goes into snapshots.
import { xoroshiro128plus, xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";

type Generator = ReturnType<typeof xoroshiro128plus>;

export interface SessionRandom {
  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number;
  getState(): number[];
  setState(state: readonly number[]): void;
}

/** Turns a string (the session id) into a 32-bit seed with FNV-1a. */
export function seedFromString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export function createSessionRandom(seed: number): SessionRandom {
  let gen: Generator = xoroshiro128plus(seed);
  return {
    next: () => uniformFloat64(gen),
    getState: () => gen.getState().slice(),
    setState: (state) => {
      gen = xoroshiro128plusFromState(state);
    },
  };
}
