// Landing page: gives every game link a fresh random session (`#name=…&pw=…` in the fragment,
// which never reaches a server), so a click starts a new game and the page it opens is the
// link to share. New names after coming back (back button / bfcache) or on request.
import { buildShareUrl, randomToken } from "tandem";

function freshLinks(): void {
  for (const a of document.querySelectorAll<HTMLAnchorElement>("a.game-card[data-game]")) {
    const base = `/games/${a.dataset.game}/index.html${location.search}`;
    a.href = buildShareUrl(base, { name: randomToken(10), password: randomToken(16) });
  }
}

freshLinks();
// a page restored from the back/forward cache would otherwise offer the session just played
addEventListener("pageshow", (e) => {
  if (e.persisted) freshLinks();
});
document.querySelector("[data-testid=new-sessions]")?.addEventListener("click", freshLinks);
