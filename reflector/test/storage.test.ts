// Storage tests: memory and disk behave alike (append, snapshot, reload); disk survives a
// torn last record and a kill between snapshot and log rotation; session ids become safe names.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StreamKind, type Stamped } from "../../engine/src/protocol/messages.ts";
import { LOCK_FILE } from "../src/storage/dir-lock.ts";
import { createDiskStorage, sessionDirName } from "../src/storage/disk.ts";
import { encodeSnapshotFile } from "../src/storage/log-format.ts";
import { createMemoryStorage } from "../src/storage/memory.ts";
import type { LogRecord, Storage } from "../src/storage/types.ts";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "tandem-storage-test-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let clock = 0;
const stamp = (seq: number, viewId: string, kind: Stamped["kind"] = StreamKind.EVENT, clientSeq = 0): LogRecord => ({
  type: "stamp",
  stamped: { kind, time: (clock += 10), seq, viewId, payload: new Uint8Array([seq & 0xff]) },
  clientSeq,
});

const history: LogRecord[] = [
  stamp(0xfffffffe, "A", StreamKind.JOIN),
  stamp(0xffffffff, "A", StreamKind.EVENT, 1),
  stamp(0, "B", StreamKind.JOIN),
  stamp(1, "A", StreamKind.EVENT, 2),
  { type: "time", time: 5000 },
  stamp(2, "B", StreamKind.EVENT, 1),
  stamp(3, "A", StreamKind.EXIT),
];

describe.each([
  ["memory", () => createMemoryStorage()],
  ["disk", () => createDiskStorage(tmp(), { log: () => undefined })],
] as const)("%s storage", (_name, make: () => Storage) => {
  it("returns null for a new session, then everything appended (across seq wrap-around)", async () => {
    const storage = make();
    const s1 = await storage.open("room");
    expect(await s1.load()).toBeNull();
    await s1.append(history);
    await s1.close();
    const loaded = await (await storage.open("room")).load();
    expect(loaded!.state.log.map((m) => m.seq)).toEqual([0xfffffffe, 0xffffffff, 0, 1, 2, 3]);
    expect(loaded!.state.nextSeq).toBe(4);
    expect(loaded!.state.time).toBe(5000);
    expect(loaded!.state.snapshot).toBeNull();
    expect([...loaded!.state.clientSeqs]).toEqual([
      ["A", 2],
      ["B", 1],
    ]);
    expect([...loaded!.views.keys()]).toEqual(["B"]); // A exited
  });

  it("keeps the newest snapshot and only the log after it", async () => {
    const storage = make();
    const s = await storage.open("snap");
    await s.append(history.slice(0, 4));
    await s.saveSnapshot({ time: 15, seq: 0, data: new Uint8Array([7, 7]) });
    await s.saveSnapshot({ time: 1, seq: 0x12345, data: new Uint8Array([1]) }); // not in the log: ignored
    await s.append(history.slice(4));
    await s.close();
    const loaded = await (await storage.open("snap")).load();
    expect(loaded!.state.snapshot).toEqual({ time: 15, seq: 0, data: new Uint8Array([7, 7]) });
    expect(loaded!.state.log.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(loaded!.state.nextSeq).toBe(4);
    expect(loaded!.state.clientSeqs.get("A")).toBe(2); // remembered across the rotation
    expect([...loaded!.views.keys()]).toEqual(["B"]);
  });
});

describe("disk storage", () => {
  it("drops a torn last record (a kill mid-write) and goes on appending", async () => {
    const root = tmp();
    const storage = createDiskStorage(root, { log: () => undefined });
    const s = await storage.open("torn");
    await s.append(history.slice(0, 3));
    await s.close();
    appendFileSync(join(root, sessionDirName("torn"), "log.bin"), new Uint8Array([200, 0, 0, 0, 2, 1, 2, 3]));
    const s2 = await storage.open("torn");
    expect((await s2.load())!.state.log).toHaveLength(3);
    await s2.append([history[3]!]);
    await s2.close();
    expect((await (await storage.open("torn")).load())!.state.log.map((m) => m.seq)).toEqual([0xfffffffe, 0xffffffff, 0, 1]);
  });

  it("aligns an older log to a newer snapshot (a kill between the two renames)", async () => {
    const root = tmp();
    const storage = createDiskStorage(root, { log: () => undefined });
    const s = await storage.open("mid-rotation");
    await s.append(history);
    await s.close();
    // the snapshot was renamed into place, the log rewrite never happened
    writeFileSync(join(root, sessionDirName("mid-rotation"), "snapshot.bin"), encodeSnapshotFile({ time: 0, seq: 0, data: new Uint8Array([5]) }));
    const loaded = await (await storage.open("mid-rotation")).load();
    expect(loaded!.state.snapshot!.seq).toBe(0);
    expect(loaded!.state.log.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(loaded!.state.clientSeqs.get("A")).toBe(2);
  });

  it("names session directories by a hash, whatever the id", async () => {
    const root = tmp();
    const storage = createDiskStorage(root, { log: () => undefined });
    for (const id of ["../../etc/passwd", "a/b\\c", "NUL", "🎲 lobby", "x".repeat(300)]) await (await storage.open(id)).close();
    const names = readdirSync(root).filter((n) => n !== LOCK_FILE);
    expect(names).toHaveLength(5);
    for (const n of names) expect(n).toMatch(/^[0-9a-f]{32}$/);
    await storage.close();
  });
});

describe("storage directory lock", () => {
  it("refuses a storage on a directory another live process holds, naming its pid", async () => {
    const root = tmp();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"], { stdio: "ignore" });
    try {
      writeFileSync(join(root, LOCK_FILE), String(other.pid));
      expect(() => createDiskStorage(root, { log: () => undefined })).toThrow(new RegExp(`in use by another reflector \\(pid ${other.pid}\\)`));
      expect(readFileSync(join(root, LOCK_FILE), "utf8")).toBe(String(other.pid)); // left alone
    } finally {
      other.kill("SIGKILL");
    }
  });

  it("in one process hands the lock on: a second storage opens sessions only once the first is closed", async () => {
    const root = tmp();
    const first = createDiskStorage(root, { log: () => undefined });
    expect(readFileSync(join(root, LOCK_FILE), "utf8")).toBe(String(process.pid));
    const second = createDiskStorage(root, { log: () => undefined }); // e.g. Vite restarting its dev server
    let opened = false;
    const opening = second.open("s").then((store) => ((opened = true), store));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(opened).toBe(false);
    await first.close();
    await (await opening).close();
    expect(readFileSync(join(root, LOCK_FILE), "utf8")).toBe(String(process.pid));
    await second.close();
    expect(existsSync(join(root, LOCK_FILE))).toBe(false);
  });

  it("takes over the lock of a reflector that is gone (killed without closing)", async () => {
    const root = tmp();
    // a pid that was real and has exited
    const child = spawnSync(process.execPath, ["-e", "0"]);
    expect(child.pid).toBeGreaterThan(0);
    writeFileSync(join(root, LOCK_FILE), String(child.pid));
    const storage = createDiskStorage(root, { log: () => undefined });
    expect(readFileSync(join(root, LOCK_FILE), "utf8")).toBe(String(process.pid));
    await storage.close();
  });
});
