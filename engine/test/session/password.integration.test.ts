// End-to-end encryption with a session password, against the real reflector with disk
// storage: clients with the password converge (late joiners too), the reflector's files hold
// no plaintext, and a wrong or missing password gets a clear error instead of a broken world.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Session } from "tandem";
import { Chat } from "../../../games/chat/model.ts";
import { startReflectorProcess, type ReflectorProcess } from "../support/reflector-process.ts";
import { waitFor } from "../support/wait-for.ts";
import { commonHashes, modelTime } from "./helpers.ts";

let reflector: ReflectorProcess | null = null;
const sessions: Session[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) await s.leave();
  if (reflector) await reflector.stop();
  reflector = null;
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const SECRET_TEXT = "meet at the old oak tree";

describe("password sessions (end-to-end encrypted)", () => {
  it("clients with the password converge and the reflector stores only ciphertext", async () => {
    reflector = await startReflectorProcess({ args: ["--snapshot-interval-ms", "200"] });
    const opts = { appId: "test.tandem.pw", name: `secret-${process.pid}`, password: "correct horse", model: Chat, reflector: reflector.url, hashIntervalMs: 100, viewData: { nick: "ann" } };
    const a = await Session.join(opts);
    const b = await Session.join({ ...opts, viewData: { nick: "bob" } });
    sessions.push(a, b);
    a.publish(a.id, "post", { text: SECRET_TEXT, from: "ann" });
    await waitFor(() => b.model.messages.some((m) => m.text === SECRET_TEXT), "b reads a's message");
    // a late joiner decrypts the stored (encrypted) snapshot and log
    await waitFor(() => filesUnder(reflector!.storage).some((f) => f.endsWith("snapshot.bin")), "an (encrypted) snapshot on disk");
    const c = await Session.join({ ...opts, viewData: { nick: "cy" } });
    sessions.push(c);
    expect(c.model.messages.map((m) => m.text)).toContain(SECRET_TEXT);
    const { hashes } = await commonHashes([a, b, c], modelTime(c));
    expect(new Set(hashes).size).toBe(1);
    // nothing the reflector keeps on disk contains the plaintext or the nicknames
    const files = filesUnder(reflector.storage);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(f).toString("latin1");
      expect(text).not.toContain(SECRET_TEXT);
      expect(text).not.toContain("ann");
    }
  });

  it("a wrong password is refused with a clear error", async () => {
    reflector = await startReflectorProcess();
    const opts = { appId: "test.tandem.pw", name: `wrong-${process.pid}`, password: "right", model: Chat, reflector: reflector.url };
    const a = await Session.join(opts);
    sessions.push(a);
    a.publish(a.id, "post", { text: "hello", from: "a" });
    await waitFor(() => a.model.messages.length === 1, "message posted");
    // reported as what it is (this client's key does not fit), not as a refusal by the reflector
    await expect(Session.join({ ...opts, password: "wrong" })).rejects.toMatchObject({
      name: "JoinError",
      reason: "wrong-password",
      message: expect.stringMatching(/this client cannot decrypt session "wrong-\d+": its password is not the one the session was made with\. Join with the session's password/),
    });
    await expect(Session.join({ ...opts, password: undefined })).rejects.toMatchObject({
      reason: "password-required",
      message: expect.stringMatching(/end-to-end encrypted and this client has no password: join with its password/),
    });
    // the real session is untouched by the failed attempts
    a.publish(a.id, "post", { text: "still here", from: "a" });
    await waitFor(() => a.model.messages.length === 2, "session goes on");
    expect(a.errors.filter((e) => e.where !== "desync")).toHaveLength(0);
  });
});
