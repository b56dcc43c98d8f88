// dmath's symmetry identities hold bit for bit: odd and even functions, atan2's sign in y, and
// hypot's indifference to argument order and signs.
import { describe, it, expect } from "vitest";
import { sin, cos, tan, atan, atan2, asin, sinh, cosh, tanh, hypot } from "../../src/model/dmath.ts";
import { logU, makeRng, sweep } from "./dmath-fixtures.ts";

describe("dmath symmetry identities hold bit-exactly", () => {
  const rnd = makeRng(4242);
  const xs = [...sweep(0, 20, 2000)];
  for (let i = 0; i < 20000; i++) xs.push(logU(-60, 1024)(rnd));
  const same = (a: number, b: number, what: string) => {
    if (!Object.is(a, b)) expect.fail(`${what}: ${a} vs ${b}`);
  };
  it("odd functions: sin, tan, atan, asin, sinh, tanh", () => {
    for (const x of xs) {
      same(sin(-x), -sin(x), `sin(-${x})`);
      same(tan(-x), -tan(x), `tan(-${x})`);
      same(atan(-x), -atan(x), `atan(-${x})`);
      same(sinh(-x), -sinh(x), `sinh(-${x})`);
      same(tanh(-x), -tanh(x), `tanh(-${x})`);
      const u = x - Math.floor(x); // [0, 1)
      same(asin(-u), -asin(u), `asin(-${u})`);
    }
  });
  it("even functions: cos, cosh", () => {
    for (const x of xs) {
      same(cos(-x), cos(x), `cos(-${x})`);
      same(cosh(-x), cosh(x), `cosh(-${x})`);
    }
  });
  it("atan2(-y, x) = -atan2(y, x); hypot is symmetric and sign-blind", () => {
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const y = xs[i]!;
      const x = xs[i + 1]!;
      same(atan2(-y, x), -atan2(y, x), `atan2(-${y}, ${x})`);
      same(atan2(-y, -x), -atan2(y, -x), `atan2(-${y}, -${x})`);
      const h = hypot(x, y);
      same(hypot(y, x), h, `hypot(${y}, ${x})`);
      same(hypot(-x, y), h, `hypot(-${x}, ${y})`);
      same(hypot(x, -y), h, `hypot(${x}, -${y})`);
    }
  });
});
