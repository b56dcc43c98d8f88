// Share links: session name and password in the URL fragment, never in path or query.
import { describe, expect, it } from "vitest";
import { buildShareUrl, parseShareUrl, randomToken, sessionFromUrl } from "../../src/view/share-url.ts";

describe("share URLs", () => {
  it("puts name and password in the fragment only", () => {
    const url = buildShareUrl("https://example.com/games/swarm/?lang=en", { name: "lobby", password: "s3cret" });
    expect(url).toBe("https://example.com/games/swarm/?lang=en#name=lobby&pw=s3cret");
    const u = new URL(url);
    expect(u.search).toBe("?lang=en");
    expect(u.pathname).not.toContain("s3cret");
  });

  it("round-trips names and passwords with any characters", () => {
    for (const p of [{ name: "a b&c=d#e", password: "ü/ß+%?" }, { name: "x" }, { name: "名前", password: "🙂" }]) {
      expect(parseShareUrl(buildShareUrl("http://h/", p))).toEqual(p);
    }
  });

  it("replaces an existing name and password, keeps other fragment parameters", () => {
    const url = buildShareUrl("http://h/#debug=session&name=old&pw=old", { name: "new" });
    expect(parseShareUrl(url)).toEqual({ name: "new" });
    expect(url).toContain("debug=session");
    expect(url).not.toContain("pw=");
  });

  it("parses URLs without a fragment or with unrelated fragments", () => {
    expect(parseShareUrl("http://h/")).toEqual({});
    expect(parseShareUrl("http://h/#top")).toEqual({});
    expect(parseShareUrl("#name=n&pw=p")).toEqual({ name: "n", password: "p" });
  });

  it("randomToken uses the readable alphabet", () => {
    const t = randomToken(200);
    expect(t).toMatch(/^[a-km-z2-9]{200}$/);
    expect(randomToken(4, (n) => new Uint8Array(n).fill(255))).toBe("9999");
  });

  it("sessionFromUrl keeps what the link gives and makes up what it lacks", () => {
    const given = sessionFromUrl("http://h/#name=lobby&pw=pw1");
    expect(given).toEqual({ name: "lobby", password: "pw1", url: "http://h/#name=lobby&pw=pw1", generated: false });

    const fresh = sessionFromUrl("http://h/game?x=1");
    expect(fresh.generated).toBe(true);
    expect(fresh.name).toMatch(/^[a-km-z2-9]{10}$/);
    expect(fresh.password).toMatch(/^[a-km-z2-9]{16}$/);
    expect(parseShareUrl(fresh.url)).toEqual({ name: fresh.name, password: fresh.password });
    expect(fresh.url.startsWith("http://h/game?x=1#")).toBe(true);

    const open = sessionFromUrl("http://h/#name=lobby", { password: false });
    expect(open).toEqual({ name: "lobby", url: "http://h/#name=lobby", generated: false });
  });
});
