// Chat across clients: interleaved posts, presence through joins and leaves, a late joiner,
// RNG-based ids and model-time timestamps identical everywhere, the 100-message cap.
import { describe, expect, it } from "vitest";
import { createTestSession, runSyncTest, type TestSession } from "tandem";
import { Chat, MAX_MESSAGES } from "./model.ts";

const TICK = 50;

function tickInSync(s: TestSession<Chat>): void {
  s.advance(TICK);
  expect(new Set(s.hashes()).size).toBe(1);
}

describe("Chat", () => {
  it("gives every client the same messages, ids, timestamps and presence", () => {
    const s = createTestSession({ model: Chat, tickMs: TICK });
    const clients = [s.join({ name: "ann" }), s.join(), s.join({ name: "cy" })];
    const postedAt: number[] = [];
    for (let i = 0; i < 30; i++) {
      const from = clients[i % clients.length]!;
      if (from.connected) {
        from.publish(s.sessionId, "post", { text: `hello ${i}`, from: `user${i % 3}` });
        postedAt.push(s.now);
      }
      if (i === 10) clients.push(s.join()); // late joiner
      if (i === 20) clients[1]!.leave();
      tickInSync(s);
    }
    const [a] = s.clients;
    const messages = a!.model.messages;
    expect(messages).toHaveLength(postedAt.length);
    for (const c of s.clients) expect(c.model.messages).toEqual(messages);
    // timestamps are the stamped model times, ids are 8 base-36 digits and unique
    expect(messages.map((m) => m.time)).toEqual(postedAt);
    for (const m of messages) expect(m.id).toMatch(/^[0-9a-z]{8}$/);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    expect(messages[0]).toMatchObject({ text: "hello 0", from: "user0" });
    // presence: join order, the leaver gone, the late joiner there
    const present = s.clients.map((c) => c.viewId);
    for (const c of s.clients) expect(c.model.present).toEqual(present);
    expect(present).not.toContain(clients[1]!.viewId);
    expect(present).toContain(clients[3]!.viewId);
  });

  it("keeps the last 100 messages and ignores malformed posts", () => {
    const s = createTestSession({ model: Chat, tickMs: TICK });
    const [a, b, c] = [s.join(), s.join(), s.join()];
    b.publish(s.sessionId, "post", { text: 42, from: "bad" });
    c.publish(s.sessionId, "post", null);
    for (let i = 0; i < 150; i++) (i % 2 ? a : b).publish(s.sessionId, "post", { text: `m${i}`, from: "x" });
    tickInSync(s);
    const texts = c.model.messages.map((m) => m.text);
    expect(texts).toHaveLength(MAX_MESSAGES);
    expect(texts[0]).toBe("m50");
    expect(texts.at(-1)).toBe("m149");
    expect(a.runtime.errors).toEqual([]);
    expect(a.runtime.viewOutbox.filter((e) => e.event === "messages-changed")).toHaveLength(150);
  });

  it("keeps nicknames of present views from viewData and renames", () => {
    const s = createTestSession({ model: Chat, tickMs: TICK });
    const ann = s.join({ name: "Ann" }), bob = s.join(), cy = s.join({ name: 42 });
    tickInSync(s);
    expect([...ann.model.names]).toEqual([[ann.viewId, "Ann"]]);
    bob.publish(s.sessionId, "rename", { viewId: bob.viewId, name: "Bob" });
    cy.publish(s.sessionId, "rename", { viewId: cy.viewId, name: "" });
    cy.publish(s.sessionId, "rename", { viewId: "nobody", name: "Ghost" });
    tickInSync(s);
    for (const c of s.clients) expect([...c.model.names]).toEqual([[ann.viewId, "Ann"], [bob.viewId, "Bob"]]);
    ann.leave();
    tickInSync(s);
    expect([...bob.model.names]).toEqual([[bob.viewId, "Bob"]]);
    expect(bob.runtime.errors).toEqual([]);
  });

  it("passes the sync test", () => {
    const script = (step: number) => (step % 2 === 0 ? [{ client: step % 3, event: "post", data: { text: `s${step}`, from: `c${step % 3}` } }] : []);
    runSyncTest({ model: Chat, inputs: script, steps: 40, stepMs: TICK, restoreAt: 19, clients: 3 });
  });
});
