// A player's nickname and a stable colour per name for showing who said or did what. A name
// the player typed is kept in localStorage (every tab of this browser uses it); a made-up one
// only in sessionStorage: it survives reloads, but two tabs opened to try a game together (the
// usual first test) get two different names instead of one shared made-up name.

const KEY = "tandem.nickname";
/** Set with a chosen name: earlier versions kept made-up names under KEY in localStorage too. */
const CHOSEN = "tandem.nickname.chosen";
export const MAX_NICKNAME = 24;

const ADJECTIVES = ["Brave", "Calm", "Clever", "Swift", "Jolly", "Lucky", "Mellow", "Nimble", "Quiet", "Sunny", "Witty", "Bold",
  "Cosmic", "Dapper", "Eager", "Fuzzy", "Gentle", "Happy", "Keen", "Merry", "Plucky", "Rapid", "Sly", "Zesty"];
const ANIMALS = ["Otter", "Fox", "Panda", "Heron", "Lynx", "Koala", "Badger", "Falcon", "Gecko", "Moose", "Puffin", "Yak",
  "Bison", "Crane", "Dingo", "Ferret", "Ibis", "Jackal", "Lemur", "Marmot", "Newt", "Owl", "Quokka", "Walrus"];

function pick<T>(list: readonly T[]): T {
  return list[Math.floor(Math.random() * list.length)]!;
}

/** Cleans a name typed by a player: trimmed, single spaces, at most MAX_NICKNAME characters. */
export function cleanNickname(name: string): string {
  return name.replace(/\s+/g, " ").trim().slice(0, MAX_NICKNAME);
}

function storage(kind: "localStorage" | "sessionStorage"): Storage | null {
  try {
    return globalThis[kind] ?? null;
  } catch {
    return null; // blocked (privacy mode, sandboxed frame)
  }
}

/** This player's nickname: the one they chose, else this tab's made-up "Adjective Animal" (made on first use). */
export function nickname(): string {
  const local = storage("localStorage");
  const saved = cleanNickname(local?.getItem(KEY) ?? "");
  if (saved && local?.getItem(CHOSEN) === "1") return saved;
  if (saved) {
    // a made-up name from an earlier version: it becomes this tab's, the other tabs make their own
    local?.removeItem(KEY);
    if (!storage("sessionStorage")?.getItem(KEY)) storage("sessionStorage")?.setItem(KEY, saved);
  }
  const made = cleanNickname(storage("sessionStorage")?.getItem(KEY) ?? "");
  if (made) return made;
  const fresh = `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
  storage("sessionStorage")?.setItem(KEY, fresh);
  return fresh;
}

/** Saves a nickname the player chose (cleaned) for every tab; returns what was saved, or the old one if it cleaned to nothing. */
export function setNickname(name: string): string {
  const clean = cleanNickname(name);
  if (!clean) return nickname();
  storage("localStorage")?.setItem(KEY, clean);
  storage("localStorage")?.setItem(CHOSEN, "1");
  return clean;
}

/** A readable colour for a name, the same on every client. */
export function nameColor(name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  const hue = ((hash % 360) + 360) % 360;
  return `hsl(${hue} 70% 68%)`;
}
