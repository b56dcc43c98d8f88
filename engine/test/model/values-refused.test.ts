// What the value codec refuses to encode (functions, symbols, class instances, built-ins that are
// not plain data), and the field path its errors name.
import { describe, expect, it } from "vitest";
import { encodeValue } from "../../src/model/values.ts";

/** What encoding `value` throws (fails the test if it does not throw). */
function encodeError(value: unknown, label?: string): Error {
  try {
    encodeValue(value, label);
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  }
  throw new Error("expected encodeValue to throw");
}

describe("values: refused values name the field path", () => {
  it("names the path and the class of an unregistered class instance", () => {
    const Foo = class Foo {};
    const err = encodeError({ items: [1, 2, { owner: new Foo() }] }, "state");
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toContain("state.items[2].owner");
    expect(err.message).toContain("Foo");
  });

  it("names functions, arrow functions and methods with their path", () => {
    const arrow = encodeError({ handlers: { onClick: () => 1 } });
    expect(arrow.message).toContain("payload.handlers.onClick");
    expect(arrow.message).toContain("function");
    const named = encodeError([0, [1, function doIt() {}]]);
    expect(named.message).toContain("payload[1][1]");
    expect(named.message).toContain("doIt");
  });

  it("names symbols with their path", () => {
    const err = encodeError({ tag: Symbol("mine") });
    expect(err.message).toContain("payload.tag");
    expect(err.message).toContain("Symbol(mine)");
  });

  it("names paths through Map values, Map keys and Set items", () => {
    class Foo {}
    const inMapValue = encodeError({ m: new Map([["key", { owner: new Foo() }]]) });
    expect(inMapValue.message).toContain("payload.m.key.owner");
    expect(inMapValue.message).toContain("Foo");
    const inMapKey = encodeError({ m: new Map([[new Foo(), 1]]) });
    expect(inMapKey.message).toContain("payload.m");
    expect(inMapKey.message).toContain("<key>");
    const inSet = encodeError({ s: new Set([1, new Foo()]) });
    expect(inSet.message).toContain("payload.s");
    expect(inSet.message).toContain("<item 1>");
  });

  it("quotes keys that are not identifiers", () => {
    const err = encodeError({ "odd key": [{ "2x": () => 0 }] });
    expect(err.message).toContain('payload["odd key"][0]["2x"]');
  });

  it("refuses DOM-like and built-in objects that are not plain data, naming them", () => {
    class HTMLCanvasElement {}
    const cases: [unknown, string][] = [
      [new HTMLCanvasElement(), "HTMLCanvasElement"],
      [new EventTarget(), "EventTarget"],
      [new Date(0), "Date"],
      [/re/g, "RegExp"],
      [new Error("x"), "Error"],
      [Promise.resolve(1), "Promise"],
      [new WeakMap(), "WeakMap"],
      [new DataView(new ArrayBuffer(4)), "DataView"],
      [Object(1), "Number"],
      [new (class Vec { x = 1 })(), "Vec"],
    ];
    for (const [value, name] of cases) {
      const err = encodeError({ ui: { node: value } });
      expect(err.message, name).toContain("payload.ui.node");
      expect(err.message, name).toContain(name);
    }
  });

  it("refuses objects whose prototype is neither Object.prototype nor null", () => {
    const err = encodeError({ o: Object.create({ inherited: 1 }) });
    expect(err.message).toContain("payload.o");
  });

  it("starts the path afresh on each encode call", () => {
    encodeError({ deep: { er: [() => 0] } });
    const err = encodeError({ f: () => 0 }, "second");
    expect(err.message).toContain("second.f");
    expect(err.message).not.toContain("deep");
  });
});
