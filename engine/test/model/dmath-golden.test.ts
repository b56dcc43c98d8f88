// dmath's outputs pinned bit for bit: any change to an algorithm, a constant or an operation order
// shows up here.
import { describe, it, expect } from "vitest";
import * as dm from "../../src/model/dmath.ts";
import { bitsHex } from "./dmath-fixtures.ts";

// Regenerate only on purpose: such a change alters every session's simulation.
const GOLDEN: Record<string, [number[], string][]> = {
  sin: [
    [[0.5], "3fdeaee8744b05f0"],
    [[1], "3feaed548f090cee"],
    [[2], "3fed18f6ead1b446"],
    [[3], "3fc210386db6d55b"],
    [[-1.25], "bfee5e14fe11418c"],
    [[10], "bfe1689ef5f34f52"],
    [[100], "bfe03425b78c4db8"],
    [[12345.678], "bfe687d5890974a5"],
    [[1000000], "bfd6664b2568d867"],
    [[10000000000], "bfdf334c7896a4e3"],
    [[1e+22], "bfeb453ab76bf397"],
    [[1e+300], "bfea2c16b010e385"],
    [[2.5e-8], "3e5ad7f29abcaf47"],
    [[3.141592653589793], "3ca1a62633145c07"],
    [[1.5707963267948966], "3ff0000000000000"],
  ],
  cos: [
    [[0.5], "3fec1528065b7d50"],
    [[1], "3fe14a280fb5068c"],
    [[2], "bfdaa22657537205"],
    [[3], "bfefae04be85e5d2"],
    [[-1.25], "3fd42e3dd88bd952"],
    [[10], "bfead9ac890c6b1f"],
    [[100], "3feb981dbf665fdf"],
    [[12345.678], "3fe6b94c3bbe24b8"],
    [[1000000], "3fedf9df9906d32c"],
    [[10000000000], "3febf098901c931a"],
    [[1e+22], "3fe0be2cef01c8f4"],
    [[1e+300], "bfe2699022adc4c1"],
    [[2.5e-8], "3feffffffffffffd"],
    [[3.141592653589793], "bff0000000000000"],
    [[1.5707963267948966], "3c91a62633145c07"],
  ],
  tan: [
    [[0.5], "3fe17b4f5bf3474a"],
    [[0.7], "3feaf406c2fc78ae"],
    [[1], "3ff8eb245cbee3a6"],
    [[2], "c0017af62e0950f8"],
    [[-1.25], "c008139943e231a8"],
    [[10], "3fe4bf5f34be3782"],
    [[100], "bfe2ca74d62b5d38"],
    [[12345.678], "bfefba5836323a4e"],
    [[1000000], "bfd7e9768ab734c0"],
    [[1e+22], "bffa0f79c1b6b258"],
    [[1e+300], "3ff6be411f37ac77"],
    [[1.5707963267948966], "434d02967c31cdb5"],
  ],
  atan: [
    [[0.00001], "3ee4f8b588e06854"],
    [[0.1], "3fb983e282e2cc4d"],
    [[0.5], "3fddac670561bb4f"],
    [[0.75], "3fe4978fa3269ee1"],
    [[1], "3fe921fb54442d18"],
    [[1.2], "3fec08aae496efa6"],
    [[2], "3ff1b6e192ebbe44"],
    [[-3.7], "bff4e8c94dbf54e5"],
    [[10000000000], "3ff921fb543d4de0"],
  ],
  asin: [
    [[0.00001], "3ee4f8b588e4e940"],
    [[0.25], "3fd02be9ce0b87cd"],
    [[-0.5], "bfe0c152382d7366"],
    [[0.6], "3fe4978fa3269ee1"],
    [[0.98], "3ff5ed690583be07"],
    [[-0.999], "bff86ac9ad18f803"],
  ],
  acos: [
    [[0.00001], "3ff921f0d7e968a6"],
    [[0.25], "3ff51700e0c14b25"],
    [[-0.5], "4000c152382d7366"],
    [[0.6], "3fedac670561bb50"],
    [[0.98], "3fc9a49276037887"],
    [[-0.999], "4008c66280ae928e"],
  ],
  exp: [
    [[-745], "0000000000000001"],
    [[-700], "00d14f2b0fb9307f"],
    [[-1], "3fd78b56362cef38"],
    [[-0.00001], "3fefffeb07515653"],
    [[0.5], "3ffa61298e1e069c"],
    [[1], "4005bf0a8b145769"],
    [[10], "40d5829dcf950560"],
    [[100], "48f3494a9b171bf5"],
    [[709], "7fdd422d2be5dc9b"],
  ],
  log: [
    [[5e-324], "c0874385446d71c3"],
    [[1e-300], "c085963447f87fb5"],
    [[0.1], "c0026bb1bbb55515"],
    [[0.5], "bfe62e42fefa39ef"],
    [[0.999], "bf5064670d979b73"],
    [[1.001], "3f5060354f8c3cc4"],
    [[2], "3fe62e42fefa39ef"],
    [[3], "3ff193ea7aad030a"],
    [[10], "40026bb1bbb55516"],
    [[10000000000], "4037069e2aa2aa5b"],
    [[1e+300], "4085963447f87fb5"],
  ],
  log2: [
    [[5e-324], "c090c80000000000"],
    [[1e-300], "c08f24a09f1a8b89"],
    [[0.1], "c00a934f0979a371"],
    [[0.999], "bf57a6210ffb7151"],
    [[1.001], "3f57a013faca698f"],
    [[3], "3ff95c01a39fbd68"],
    [[10], "400a934f0979a371"],
    [[1e+300], "408f24a09f1a8b89"],
  ],
  log10: [
    [[5e-324], "c07434e6420f4374"],
    [[1e-300], "c072c00000000000"],
    [[0.5], "bfd34413509f79ff"],
    [[0.999], "bf3c79e5dbf022b6"],
    [[1.001], "3f3c729c93ddd23a"],
    [[2], "3fd34413509f79ff"],
    [[3], "3fde8927964fd5fd"],
    [[1e+300], "4072c00000000000"],
  ],
  sinh: [
    [[0.00001], "3ee4f8b588e4e940"],
    [[-0.3], "bfd37d42af54b926"],
    [[0.7], "3fe8465153d5bdbc"],
    [[2], "400d03cf63b6e1a0"],
    [[-20], "c1aceb088b68e804"],
    [[700], "7efd945df4f8ec8e"],
    [[710], "7fe3e21a464507fa"],
  ],
  cosh: [
    [[0.00001], "3ff0000000036f9c"],
    [[-0.3], "3ff0b9b4e0b6ec4c"],
    [[0.7], "3ff4152c1862342f"],
    [[2], "400e18fa0df2d9bc"],
    [[-20], "41aceb088b68e804"],
    [[700], "7efd945df4f8ec8e"],
    [[710], "7fe3e21a464507fa"],
  ],
  tanh: [
    [[0.00001], "3ee4f8b588e06854"],
    [[-0.3], "bfd2a4dda7d914fa"],
    [[0.7], "3fe356fb17af2e92"],
    [[2], "3feed9505e1bc3d4"],
    [[-20], "bff0000000000000"],
  ],
  atan2: [
    [[1, 2], "3fddac670561bb4f"],
    [[-3, -4], "c003fc176b7a8560"],
    [[5, -0.1], "3ff973e40dbaed15"],
    [[-1e-10, 1], "bddb7cdfd9d7bdbb"],
    [[2, 1e-20], "3ff921fb54442d18"],
  ],
  hypot: [
    [[3, 4], "4014000000000000"],
    [[1e+200, 1e+200], "697d8f9811335b57"],
    [[1e-200, 3e-200], "16835d5244b69495"],
    [[1.5, 2.5], "400752e50db3a3a2"],
    [[5e-324, 1e-310], "000012688b70e62b"],
  ],
  pow: [
    [[2, 0.5], "3ff6a09e667f3bcd"],
    [[10, -3.3], "3f406c4363887513"],
    [[1.0001, 10000], "4005bec34aabbfd3"],
    [[0.5, 100.5], "39a6a09e667f3bcc"],
    [[3, 7.25], "40a67c81fac468e9"],
    [[-2.5, 3], "c02f400000000000"],
    [[10000000000, 0.1], "4024000000000001"],
    [[123.456, -2.5], "3ed8c47085e54025"],
    [[2, -1074.5], "0000000000000001"],
  ],
};

describe("dmath golden outputs", () => {
  it("every pinned input gives exactly the pinned bits", () => {
    const fns = dm as unknown as Record<string, (...args: number[]) => number>;
    const mismatches: string[] = [];
    let count = 0;
    for (const [name, rows] of Object.entries(GOLDEN)) {
      const f = fns[name];
      if (typeof f !== "function") throw new Error(`no function ${name}`);
      for (const [args, hex] of rows) {
        count++;
        const got = bitsHex(f(...args));
        if (got !== hex) mismatches.push(`${name}(${args.join(", ")}) = ${got}, pinned ${hex}`);
      }
    }
    expect(count).toBeGreaterThan(100);
    expect(mismatches).toEqual([]);
  });
});
