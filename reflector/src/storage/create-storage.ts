// Picks a storage implementation from the CLI/option string: "memory" or a directory path.
import { resolve } from "node:path";
import { createDiskStorage } from "./disk.ts";
import { createMemoryStorage } from "./memory.ts";
import type { Storage } from "./types.ts";

export function createStorage(spec: string, options: { fsync?: boolean; log?: (line: string) => void } = {}): Storage {
  if (spec === "memory") return createMemoryStorage();
  return createDiskStorage(resolve(spec), options);
}
