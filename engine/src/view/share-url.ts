// Share links for a session: the session name and password travel in the URL fragment
// (`#name=…&pw=…`), which browsers never send to any server — not in requests, not in
// Referer headers — so a link shares the session without the reflector or the web server
// ever seeing the password. Other fragment parameters are kept as they are.

export interface ShareParams {
  name: string;
  password?: string;
}

/** 32 letters and digits without look-alikes (0/o, 1/l): readable aloud, unbiased with 5 bits each. */
const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

function fragmentOf(url: string): URLSearchParams {
  const i = url.indexOf("#");
  return new URLSearchParams(i < 0 ? "" : url.slice(i + 1));
}

/** `base` with the session name (and password) put in its fragment. */
export function buildShareUrl(base: string, params: ShareParams): string {
  const i = base.indexOf("#");
  const frag = fragmentOf(base);
  frag.set("name", params.name);
  if (params.password) frag.set("pw", params.password);
  else frag.delete("pw");
  return `${i < 0 ? base : base.slice(0, i)}#${frag.toString()}`;
}

/** The session name and password in a URL's fragment (either may be missing). */
export function parseShareUrl(url: string): Partial<ShareParams> {
  const frag = fragmentOf(url);
  const out: Partial<ShareParams> = {};
  const name = frag.get("name"), pw = frag.get("pw");
  if (name) out.name = name;
  if (pw) out.password = pw;
  return out;
}

/** A random token from a readable alphabet (crypto-strength; `randomBytes` injectable for tests). */
export function randomToken(length: number, randomBytes: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const bytes = randomBytes(length);
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHABET[bytes[i]! & 31];
  return s;
}

export interface SessionFromUrl extends ShareParams {
  /** The URL to share (and to put in the address bar, so a reload rejoins). */
  url: string;
  /** True when name or password were made up here (the URL had none). */
  generated: boolean;
}

/**
 * Session name and password for a page: from its fragment, or freshly made up (a new
 * session) — then `url` is the link to share and to `history.replaceState` to.
 */
export function sessionFromUrl(href: string, options: { password?: boolean; randomBytes?: (n: number) => Uint8Array } = {}): SessionFromUrl {
  const found = parseShareUrl(href);
  const wantPassword = options.password ?? true;
  let generated = false;
  const name = found.name ?? ((generated = true), randomToken(10, options.randomBytes));
  let password = found.password;
  if (!password && wantPassword) {
    password = randomToken(16, options.randomBytes);
    generated = true;
  }
  const params: ShareParams = password ? { name, password } : { name };
  return { ...params, url: generated ? buildShareUrl(href, params) : href, generated };
}
