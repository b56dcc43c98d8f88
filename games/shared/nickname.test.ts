// Nicknames: a made-up name belongs to one tab (two tabs of one browser playing together get
// two names), a chosen one to every tab; both survive a reload of the tab.
import { afterEach, beforeEach, expect, it } from "vitest";
import { cleanNickname, nickname, setNickname } from "./nickname.ts";

/** A Storage as far as nickname.ts uses it. */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const g = globalThis as unknown as { localStorage?: MemoryStorage; sessionStorage?: MemoryStorage };
/** One browser: its localStorage is shared; each tab has its own sessionStorage. */
let browserStorage: MemoryStorage;
const tab = (session = new MemoryStorage()) => {
  g.localStorage = browserStorage;
  g.sessionStorage = session;
  return session;
};

beforeEach(() => {
  browserStorage = new MemoryStorage();
});
afterEach(() => {
  delete g.localStorage;
  delete g.sessionStorage;
});

it("makes up an 'Adjective Animal' name once per tab and keeps it across reloads", () => {
  const first = tab();
  const name = nickname();
  expect(name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  expect(nickname()).toBe(name);
  tab(first); // a reload keeps the tab's sessionStorage
  expect(nickname()).toBe(name);
});

it("gives two tabs of one browser their own made-up names", () => {
  // 24 × 24 names: draw tabs until one differs (a shared name would make every draw the same)
  tab();
  const first = nickname();
  const others = Array.from({ length: 20 }, () => {
    tab();
    return nickname();
  });
  expect(others.some((n) => n !== first)).toBe(true);
});

it("uses a chosen name in every tab, cleaned", () => {
  tab();
  expect(setNickname("  Ada \n  Lovelace  ")).toBe("Ada Lovelace");
  expect(nickname()).toBe("Ada Lovelace");
  tab();
  expect(nickname()).toBe("Ada Lovelace");
});

it("treats a made-up name an earlier version left in localStorage as one tab's, not every tab's", () => {
  browserStorage.setItem("tandem.nickname", "Calm Otter");
  tab();
  expect(nickname()).toBe("Calm Otter");
  expect(nickname()).toBe("Calm Otter");
  const others = Array.from({ length: 20 }, () => {
    tab();
    return nickname();
  });
  expect(others.some((n) => n !== "Calm Otter")).toBe(true);
});

it("keeps the old name when the chosen one cleans to nothing", () => {
  tab();
  const made = nickname();
  expect(setNickname("   ")).toBe(made);
  expect(nickname()).toBe(made);
  expect(cleanNickname("x".repeat(40))).toHaveLength(24);
});

it("works without storage (blocked in privacy mode): a fresh name each time, no error", () => {
  expect(nickname()).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  expect(setNickname("Bo")).toBe("Bo");
});
