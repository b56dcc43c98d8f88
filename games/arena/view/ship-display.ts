// One ship on screen: glow, engine flame, tinted hull, shield bubble, the "you" reticle, and
// an upright name tag with hit-point pips (counter-rotated, since the renderer rotates the
// whole display with the ship). Pooled by the world renderer: `assign` restyles it per entity.
import { Container, Graphics, Sprite, Text } from "pixi.js";
import { SHIP_HP, SHIP_RADIUS } from "../model/constants.ts";
import type { ArenaTextures } from "./textures.ts";

export class ShipDisplay extends Container {
  readonly glow: Sprite;
  readonly flame: Sprite;
  readonly hull: Sprite;
  readonly shield: Sprite;
  readonly marker: Sprite;
  readonly upright = new Container();
  private readonly nameTag: Text;
  private readonly pips = new Graphics();
  private shownHp = -1;
  private colour = 0xffffff;

  constructor(tex: ArenaTextures) {
    super();
    this.glow = new Sprite({ texture: tex.glow, alpha: 0.28 });
    this.flame = new Sprite({ texture: tex.flame, x: -SHIP_RADIUS * 0.5 });
    this.hull = new Sprite({ texture: tex.ship });
    this.shield = new Sprite({ texture: tex.shield });
    this.marker = new Sprite({ texture: tex.marker });
    this.nameTag = new Text({
      text: "",
      anchor: { x: 0.5, y: 0 },
      y: SHIP_RADIUS * 1.7,
      resolution: 3,
      style: { fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", fontSize: 14, fontWeight: "600", fill: 0xffffff, dropShadow: { alpha: 0.8, blur: 3, distance: 0, color: 0x000000 } },
    });
    this.upright.addChild(this.nameTag, this.pips);
    this.addChild(this.glow, this.marker, this.flame, this.hull, this.shield, this.upright);
  }

  /** Styles the display for a ship entering the screen. */
  assign(name: string, colour: number, mine: boolean): void {
    this.colour = colour;
    this.glow.tint = this.hull.tint = this.shield.tint = colour;
    this.marker.visible = mine;
    if (this.nameTag.text !== name) this.nameTag.text = name;
    this.nameTag.style.fill = mine ? 0xffffff : 0xc9d4e5;
    this.shownHp = -1;
  }

  /**
   * Per-frame state: `rotation` is the ship's drawn angle (to keep the tag upright),
   * `time` local ms for flicker and blinking.
   */
  animate(rotation: number, thrust: boolean, invulnerableSteps: number, hp: number, time: number): void {
    this.upright.rotation = -rotation;
    this.flame.visible = thrust;
    if (thrust) this.flame.scale.set(0.85 + 0.3 * Math.abs(Math.sin(time * 0.045)), 1);
    // the shield blinks faster as it runs out, so players see it ending
    const shielded = invulnerableSteps > 0 && (invulnerableSteps > 40 || Math.floor(time / 90) % 2 === 0);
    this.shield.visible = shielded;
    if (shielded) this.shield.alpha = 0.6 + 0.25 * Math.sin(time * 0.01);
    this.marker.rotation = time * 0.0015;
    if (hp !== this.shownHp) this.drawPips(hp);
  }

  private drawPips(hp: number): void {
    this.shownHp = hp;
    const w = 8, gap = 3, total = SHIP_HP * w + (SHIP_HP - 1) * gap;
    const y = this.nameTag.y + 18;
    this.pips.clear();
    for (let i = 0; i < SHIP_HP; i++) {
      this.pips.roundRect(-total / 2 + i * (w + gap), y, w, 3, 1.5).fill({ color: i < hp ? this.colour : 0x3a4458, alpha: i < hp ? 1 : 0.8 });
    }
  }
}
