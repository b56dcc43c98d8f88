// Cursors page: everyone's pointer on one shared surface.
import { startGame } from "../shared/start.ts";
import { Cursors } from "./model.ts";
import { CursorsView } from "./view.ts";

void startGame({
  appId: "dev.tandem.cursors",
  model: Cursors,
  view: CursorsView,
  title: "Cursors",
  hint: "Move your pointer — the others see it move, in your colour.",
  full: true,
});
