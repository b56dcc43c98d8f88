// Arena page: makes the PixiJS app in the stage, then joins the session from the URL with
// this player's nickname (shown on the ship and the scoreboard).
import { createPixiApp } from "tandem/pixi";
import { nickname } from "../shared/nickname.ts";
import { h, mountPage } from "../shared/page.ts";
import { startGame } from "../shared/start.ts";
import { Arena } from "./model.ts";
import { arenaViewFor } from "./view.ts";

const TITLE = "Arena";
const HINT = "Fly with WASD or the arrows, Space to fire — or aim with the mouse and hold the button.";

async function main(): Promise<void> {
  // the view needs a ready PixiJS app, and views are made synchronously: make it first
  const { stage } = mountPage({ title: TITLE, hint: HINT, full: true });
  stage.classList.add("game-arena");
  const play = h("div", { class: "arena-play", testid: "arena-play" });
  stage.append(play);
  const app = await createPixiApp({ parent: play, backgroundAlpha: 0 }); // the floor is a DOM canvas underneath
  // the PixiJS devtools extension (and end-to-end tests) find the app here
  (globalThis as { __PIXI_APP__?: unknown }).__PIXI_APP__ = app;
  const started = await startGame({
    appId: "dev.tandem.arena",
    model: Arena,
    view: arenaViewFor(app),
    viewData: { name: nickname() },
    title: TITLE,
    hint: HINT,
    full: true,
  });
  if (!started) app.destroy(true); // the notice replaced the stage; nothing to draw
}

void main();
