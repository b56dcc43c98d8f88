// Debug logging by kind: session, messages, events, ticks, snapshot, hashes.
// Settable with Session.join({ debug }) or, in browsers, the URL (?debug=events,ticks).

export const DEBUG_KINDS = ["session", "messages", "events", "ticks", "snapshot", "hashes"] as const;
export type DebugKind = (typeof DEBUG_KINDS)[number];

export interface DebugLog {
  on(kind: DebugKind): boolean;
  log(kind: DebugKind, ...args: unknown[]): void;
}

export function parseDebug(option: string | readonly string[] | undefined, url?: string): Set<DebugKind> {
  const kinds = new Set<DebugKind>();
  const add = (list: string) => {
    for (const k of list.split(",").map((s) => s.trim()).filter(Boolean)) {
      if (k === "all") DEBUG_KINDS.forEach((d) => kinds.add(d));
      else if ((DEBUG_KINDS as readonly string[]).includes(k)) kinds.add(k as DebugKind);
      else console.warn(`[tandem] unknown debug kind "${k}" (known: ${DEBUG_KINDS.join(", ")}, all)`);
    }
  };
  if (typeof option === "string") add(option);
  else if (option) add(option.join(","));
  if (url) {
    const q = new URL(url).searchParams.get("debug");
    if (q) add(q);
  }
  return kinds;
}

export function createDebugLog(kinds: Set<DebugKind>, prefix: string, sink: (...args: unknown[]) => void = console.log): DebugLog {
  return {
    on: (kind) => kinds.has(kind),
    log: (kind, ...args) => {
      if (kinds.has(kind)) sink(`[tandem ${prefix} ${kind}]`, ...args);
    },
  };
}
