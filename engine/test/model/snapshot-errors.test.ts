// What a snapshot cannot hold, and the errors that name it: function fields, unregistered classes,
// unserializable values, references to destroyed or foreign models, and bad snapshot bytes.
import { describe, expect, it } from "vitest";
import { decodeSnapshot, defineWorld, encodeSnapshot, hashRuntime, Model, Runtime, type World } from "tandem";
import { quietConsoleErrors } from "./quiet-console.ts";
import { startGraph } from "./snapshot-fixtures.ts";

quietConsoleErrors();

class ArrowFielded extends Model {
  count = 0;
  onTick = () => {
    this.count++;
  };
}
ArrowFielded.register("ArrowFielded");

class FunctionInInit extends Model {
  callback: unknown = null;
  override init() {
    this.callback = () => 1;
  }
}
FunctionInInit.register("FunctionInInit");

class NotRegistered extends Model {}

class RegisteredBase extends Model {}
RegisteredBase.register("RegisteredBase");
class UnregisteredSub extends RegisteredBase {}

class Maker extends Model {
  made: Model[] = [];
  override init() {
    this.subscribe(this.sessionId, "make", this.make);
    this.subscribe(this.sessionId, "bump", this.bump);
  }
  make(kind: string) {
    const Cls = { arrow: ArrowFielded, initFn: FunctionInInit, unregistered: NotRegistered, sub: UnregisteredSub }[kind]!;
    this.made.push((Cls as typeof ArrowFielded).create());
  }
  bump() {
    this.made.length += 0;
  }
}
Maker.register("Maker");

class Foo {
  name = "foo";
}

class Holder extends Model {
  data: unknown = { items: [1, 2, { owner: null }] };
  override init() {
    this.subscribe(this.sessionId, "spoil", this.spoil);
  }
  /** `value` comes from the test directly (applyExternal does not encode event data). */
  spoil(arg: { kind: string; value?: unknown }) {
    if (arg.kind === "class") this.data = { items: [1, 2, { owner: new Foo() }] };
    if (arg.kind === "symbol") this.data = { items: [Symbol("s")] };
    if (arg.kind === "given") this.data = new Map([["when", { at: arg.value }]]);
  }
}
Holder.register("Holder");

const EmptyWorld = defineWorld({ name: "snap-empty", components: [], systems: [] });

class WorldOwner extends Model {
  declare world: World;
  override init() {
    this.world = this.createWorld(EmptyWorld);
  }
}
WorldOwner.register("SnapWorldOwner");

/** Keeps references to a model and to its world, then destroys the model without clearing them. */
class Keeper extends Model {
  friend: Holder | null = null;
  owner: WorldOwner | null = null;
  theirWorld: World | null = null;
  override init() {
    this.friend = Holder.create();
    this.owner = WorldOwner.create();
    this.subscribe(this.sessionId, "drop-friend", this.dropFriend);
    this.subscribe(this.sessionId, "drop-owner", this.dropOwner);
  }
  dropFriend() {
    this.friend!.destroy();
  }
  dropOwner() {
    this.theirWorld = this.owner!.world;
    this.owner!.destroy();
    this.owner = null;
  }
}
Keeper.register("SnapKeeper");

describe("snapshot: errors", () => {
  it("refuses an arrow-function class field at create, naming class and field", () => {
    const rt = new Runtime("arrow");
    expect(() => rt.start(ArrowFielded)).toThrow(/ArrowFielded\.onTick is a function field/);
    expect(String(rt.errors[0]!.error)).toContain("make it a method");
  });

  it("refuses a function field assigned in init, naming class and field", () => {
    const rt = new Runtime("init-fn");
    expect(() => rt.start(FunctionInInit)).toThrow(/FunctionInInit\.callback is a function field/);
  });

  for (const kind of ["arrow", "initFn"] as const) {
    it(`a failed create (${kind}) is recorded and leaves no half-made model behind`, () => {
      const rt = new Runtime(`failed-${kind}`);
      rt.start(Maker);
      rt.applyExternal(1, 1, rt.sessionId, "make", kind);
      expect(rt.errors).toHaveLength(1);
      expect(rt.errors[0]!.where).toBe("Maker.make");
      expect(String(rt.errors[0]!.error)).toMatch(/is a function field/);
      expect((rt.root as Maker).made).toEqual([]);
      expect([...rt.models.keys()]).toEqual([rt.rootId]);
      // the session goes on: snapshots, hashes and later events still work
      const restored = decodeSnapshot(encodeSnapshot(rt));
      expect(hashRuntime(restored)).toBe(hashRuntime(rt));
      rt.applyExternal(2, 2, rt.sessionId, "bump", null);
      expect(rt.errors).toHaveLength(1);
    });
  }

  it("refuses to create an unregistered model class, saying how to register it", () => {
    const rt = new Runtime("unregistered");
    expect(() => rt.start(NotRegistered)).toThrow(/NotRegistered is not registered.*NotRegistered\.register\("NotRegistered"\)/);
    const rt2 = new Runtime("unregistered-2");
    rt2.start(Maker);
    rt2.applyExternal(1, 1, rt2.sessionId, "make", "unregistered");
    rt2.applyExternal(2, 2, rt2.sessionId, "make", "sub");
    expect(rt2.errors.map((e) => String(e.error))).toEqual([
      expect.stringMatching(/NotRegistered is not registered/),
      expect.stringMatching(/UnregisteredSub is not registered/),
    ]);
    expect(hashRuntime(decodeSnapshot(encodeSnapshot(rt2)))).toBe(hashRuntime(rt2));
  });

  it("refuses to decode a snapshot naming a class this client has not registered", () => {
    const rt = new Runtime("unknown-class");
    rt.start(Maker);
    const bytes = encodeSnapshot(rt);
    const name = new TextEncoder().encode("Maker");
    const at = bytes.findIndex((_, i) => name.every((b, j) => bytes[i + j] === b));
    expect(at).toBeGreaterThan(0);
    const patched = bytes.slice();
    patched.set(new TextEncoder().encode("Mxker"), at);
    expect(() => decodeSnapshot(patched)).toThrow(/model class "Mxker", which is not registered/);
  });

  it("names Class#id.field.path and the class for an unserializable field", () => {
    const rt = new Runtime("holder");
    rt.start(Holder);
    rt.applyExternal(1, 1, rt.sessionId, "spoil", { kind: "class" });
    expect(() => encodeSnapshot(rt)).toThrow(TypeError);
    expect(() => encodeSnapshot(rt)).toThrow(/Holder#M1\.data\.items\[2\]\.owner/);
    expect(() => encodeSnapshot(rt)).toThrow(/Foo/);
    expect(() => hashRuntime(rt)).toThrow(/Holder#M1\.data\.items\[2\]\.owner/);
  });

  it("names the path for symbols and Dates in model fields", () => {
    const rt = new Runtime("holder-2");
    rt.start(Holder);
    rt.applyExternal(1, 1, rt.sessionId, "spoil", { kind: "symbol" });
    expect(() => encodeSnapshot(rt)).toThrow(/symbol.*Holder#M1\.data\.items\[0\]/);
    rt.applyExternal(2, 2, rt.sessionId, "spoil", { kind: "given", value: new Date(0) });
    expect(rt.errors).toEqual([]);
    expect(() => encodeSnapshot(rt)).toThrow(/Date at Holder#M1\.data\.when\.at/);
  });

  it("names a kept reference to a destroyed model as such, not as an unregistered class", () => {
    const rt = new Runtime("keeper");
    rt.start(Keeper);
    expect(() => encodeSnapshot(rt)).not.toThrow();
    rt.applyExternal(1, 1, rt.sessionId, "drop-friend", null);
    expect(() => encodeSnapshot(rt)).toThrow(/destroyed model Holder#M2 .*at SnapKeeper#M1\.friend/);
    expect(() => encodeSnapshot(rt)).not.toThrow(/unregistered/);
  });

  it("names a kept reference to the world of a destroyed model", () => {
    const rt = new Runtime("keeper-world");
    rt.start(Keeper);
    rt.applyExternal(1, 1, rt.sessionId, "drop-owner", null);
    expect(() => encodeSnapshot(rt)).toThrow(/world "snap-empty" #1, which is not in this session.*at SnapKeeper#M1\.theirWorld/);
  });

  it("names a reference to a model of another session", () => {
    const a = new Runtime("session-a");
    a.start(Holder);
    const b = new Runtime("session-b");
    b.start(Keeper);
    (b.root as Keeper).friend = a.root as Holder;
    expect(() => encodeSnapshot(b)).toThrow(/model Holder#M1 of another session at SnapKeeper#M1\.friend/);
  });

  it("names the future for unserializable future args", () => {
    class Late extends Model {
      override init() {
        this.future(10).later(new Foo());
      }
      later(_x: unknown) {}
    }
    Late.register("SnapLate");
    const rt = new Runtime("late");
    rt.start(Late);
    expect(() => encodeSnapshot(rt)).toThrow(/future later args\[0\]/);
  });

  it("refuses Model.create outside model code", () => {
    expect(() => Maker.create()).toThrow(/only be called from model code/);
  });

  it("refuses bytes that are not a snapshot, of another version, truncated or with trailing bytes", () => {
    const rt = startGraph();
    const bytes = encodeSnapshot(rt);
    expect(() => decodeSnapshot(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/bad magic/);
    const other = bytes.slice();
    other[4] = bytes[4]! + 1; // the byte after the magic is the format version
    expect(() => decodeSnapshot(other)).toThrow(new RegExp(`version ${bytes[4]! + 1} is not supported`));
    for (const n of [0, 3, 5, 20, bytes.length >> 1, bytes.length - 1]) {
      expect(() => decodeSnapshot(bytes.subarray(0, n)), `prefix ${n}`).toThrow(Error);
    }
    const longer = new Uint8Array(bytes.length + 2);
    longer.set(bytes);
    expect(() => decodeSnapshot(longer)).toThrow(/trailing bytes/);
  });
});
