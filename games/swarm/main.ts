// Swarm page: creates the PixiJS application first (that is async), then joins a session
// that starts with 10 000 bouncing entities, with the stats overlay shown.
import { createPixiApp } from "tandem/pixi";
import { mountPage } from "../shared/page.ts";
import { startGame } from "../shared/start.ts";
import { Swarm, type SwarmOptions } from "./model.ts";
import { swarmView } from "./view.ts";

const title = "Swarm";
const hint = "Click or drag to spawn — 10 000 entities simulated in lockstep on every client.";
const page = mountPage({ title, hint, full: true });
const app = await createPixiApp({ parent: page.stage });
app.canvas.dataset.testid = "swarm-canvas";

void startGame({
  appId: "dev.tandem.swarm",
  model: Swarm,
  view: swarmView(app),
  options: { initial: 10_000 } satisfies SwarmOptions,
  title,
  hint,
  full: true,
  stats: true,
});
