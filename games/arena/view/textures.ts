// Procedurally drawn art: every texture is a PixiJS Graphics rendered once into a texture at
// start-up, so the game ships no image files. Shapes are drawn white where they should take
// the owner's colour (sprite tint multiplies), and in their own colours where they should not.
import { Graphics, type Renderer, type Texture } from "pixi.js";
import { SHIP_RADIUS } from "../model/constants.ts";

export interface ArenaTextures {
  /** Ship hull pointing along +x, white (tinted per player). */
  ship: Texture;
  /** Soft glow behind a ship (tinted). */
  glow: Texture;
  /** Engine flame behind the hull (own colours). */
  flame: Texture;
  /** Bubble shown while invulnerable (tinted). */
  shield: Texture;
  /** Ring under the local player's ship. */
  marker: Texture;
  /** Bullet: bright core with a halo (tinted). */
  bullet: Texture;
  /** A spark for explosions (tinted). */
  spark: Texture;
  destroy(): void;
}

const RES = 3; // drawn at 3× so they stay crisp when the arena is scaled up

/** Renders `g` into a texture whose default anchor is g's origin (so sprites pivot where the shape was drawn around). */
function bake(renderer: Renderer, g: Graphics): Texture {
  const b = g.getLocalBounds();
  const t = renderer.generateTexture({
    target: g, resolution: RES, antialias: true, textureSourceOptions: { scaleMode: "linear" },
    defaultAnchor: { x: -b.minX / (b.maxX - b.minX), y: -b.minY / (b.maxY - b.minY) },
  });
  g.destroy();
  return t;
}

/** Concentric discs fading out: a cheap radial gradient. */
function halo(g: Graphics, r: number, steps: number, alpha: number): Graphics {
  for (let i = steps; i >= 1; i--) g.circle(0, 0, (r * i) / steps).fill({ color: 0xffffff, alpha: alpha / steps });
  return g;
}

export function makeTextures(renderer: Renderer): ArenaTextures {
  const R = SHIP_RADIUS;
  const hull = new Graphics()
    // swept wings, notched tail, a nose that clearly says "this way"
    .poly([R * 1.25, 0, -R * 0.75, -R * 0.85, -R * 0.4, -R * 0.2, -R * 0.55, 0, -R * 0.4, R * 0.2, -R * 0.75, R * 0.85])
    .fill({ color: 0xffffff })
    .stroke({ color: 0x000000, alpha: 0.35, width: 1.5, join: "round" })
    // cockpit: darker, so it reads on every tint
    .ellipse(R * 0.25, 0, R * 0.32, R * 0.16)
    .fill({ color: 0x1b2230, alpha: 0.85 });
  const flame = new Graphics()
    .poly([0, -R * 0.28, -R * 1.25, 0, 0, R * 0.28]).fill({ color: 0xff7a1a, alpha: 0.9 })
    .poly([0, -R * 0.15, -R * 0.75, 0, 0, R * 0.15]).fill({ color: 0xfff1a8 });
  const shield = new Graphics()
    .circle(0, 0, R * 1.55).fill({ color: 0xffffff, alpha: 0.08 })
    .circle(0, 0, R * 1.55).stroke({ color: 0xffffff, alpha: 0.75, width: 2 });
  const marker = new Graphics();
  // four arcs around the ship: a "this is you" reticle
  for (let k = 0; k < 4; k++) {
    const a = (k * Math.PI) / 2 + Math.PI / 4;
    marker.arc(0, 0, R * 1.9, a - 0.45, a + 0.45).stroke({ color: 0xffffff, width: 2.5, alpha: 0.95, cap: "round" });
  }
  const bullet = halo(new Graphics(), 12, 8, 1).circle(0, 0, 3.5).fill({ color: 0xffffff });
  const spark = halo(new Graphics(), 6, 4, 1).circle(0, 0, 1.6).fill({ color: 0xffffff });
  const textures = {
    ship: bake(renderer, hull),
    glow: bake(renderer, halo(new Graphics(), R * 2.2, 10, 0.5)),
    flame: bake(renderer, flame),
    shield: bake(renderer, shield),
    marker: bake(renderer, marker),
    bullet: bake(renderer, bullet),
    spark: bake(renderer, spark),
  };
  return {
    ...textures,
    destroy() {
      for (const t of Object.values(textures)) t.destroy(true);
    },
  };
}
