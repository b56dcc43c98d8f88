// Wording and number formats shown by the widgets; the dock's share link.
import { describe, expect, it } from "vitest";
import { dockShareUrl } from "../../src/view/widgets/dock.ts";
import { formatStat, indicatorText, statusText } from "../../src/view/widgets/status-text.ts";

describe("widget text", () => {
  it("names every session status", () => {
    expect(statusText("connected")).toBe("Connected");
    expect(statusText("reconnecting")).toBe("Reconnecting…");
    expect(statusText("sleeping")).toBe("Sleeping");
    expect(statusText("connecting")).toBe("Connecting…");
    expect(statusText("something-new")).toBe("something-new");
  });

  it("says when the reflector holds this client's events, only while connected", () => {
    expect(indicatorText("connected", true)).toBe("Connected · events waiting");
    expect(indicatorText("connected", true, 12)).toBe("Connected · 12 events waiting");
    expect(indicatorText("connected", true, 1)).toBe("Connected · 1 event waiting");
    expect(indicatorText("connected", false, 12)).toBe("Connected");
    expect(indicatorText("connected", false)).toBe("Connected");
    expect(indicatorText("reconnecting", true)).toBe("Reconnecting…");
  });

  it("formats stats compactly", () => {
    expect(formatStat(undefined)).toBe("–");
    expect(formatStat(NaN, "ms")).toBe("–");
    expect(formatStat(59.94)).toBe("60");
    expect(formatStat(3.14159, "ms")).toBe("3.1 ms");
    expect(formatStat(0)).toBe("0");
  });
});

describe("dockShareUrl", () => {
  it("uses name and password given, else the page's fragment, else the page", () => {
    expect(dockShareUrl({ name: "n", password: "p" }, "http://h/g/")).toBe("http://h/g/#name=n&pw=p");
    expect(dockShareUrl({}, "http://h/g/#name=a&pw=b")).toBe("http://h/g/#name=a&pw=b");
    expect(dockShareUrl({ name: "c" }, "http://h/g/#name=a&pw=b")).toBe("http://h/g/#name=c&pw=b");
    expect(dockShareUrl({}, "http://h/g/")).toBe("http://h/g/");
    expect(dockShareUrl({ url: "http://x/#name=z" }, "http://h/")).toBe("http://x/#name=z");
  });
});
