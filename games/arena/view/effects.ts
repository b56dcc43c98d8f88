// View-local eye candy: spark bursts for hits, bigger bursts with a shock ring for kills.
// Purely local (Math.random is fine here: nothing of it reaches the model); sprites pooled.
import { Container, Sprite, type Texture } from "pixi.js";

interface Spark {
  sprite: Sprite;
  vx: number;
  vy: number;
  life: number;
  age: number;
  grow: number;
}

const MAX_SPARKS = 600;

export class Effects {
  readonly container = new Container({ label: "effects" });
  private readonly live: Spark[] = [];
  private readonly pool: Sprite[] = [];

  constructor(private readonly spark: Texture, private readonly ring: Texture) {}

  /** A burst of `n` sparks at (x, y) in `colour`. */
  burst(x: number, y: number, colour: number, n: number, speed: number): void {
    for (let i = 0; i < n && this.live.length < MAX_SPARKS; i++) {
      const a = Math.random() * Math.PI * 2, v = speed * (0.25 + Math.random() * 0.75);
      const s = this.take(this.spark);
      s.tint = Math.random() < 0.3 ? 0xffffff : colour;
      s.position.set(x, y);
      s.scale.set(0.6 + Math.random() * 0.9);
      this.live.push({ sprite: s, vx: Math.cos(a) * v, vy: Math.sin(a) * v, life: 0.35 + Math.random() * 0.5, age: 0, grow: 0 });
    }
  }

  /** An expanding, fading ring (shock wave of an explosion). */
  shock(x: number, y: number, colour: number): void {
    const s = this.take(this.ring);
    s.tint = colour;
    s.position.set(x, y);
    s.scale.set(0.4);
    this.live.push({ sprite: s, vx: 0, vy: 0, life: 0.45, age: 0, grow: 5 });
  }

  explosion(x: number, y: number, colour: number): void {
    this.burst(x, y, colour, 46, 420);
    this.burst(x, y, 0xffd27a, 18, 200);
    this.shock(x, y, colour);
  }

  /** Advances every effect by `dt` seconds. */
  update(dt: number): void {
    const live = this.live;
    for (let i = live.length - 1; i >= 0; i--) {
      const p = live[i]!;
      p.age += dt;
      if (p.age >= p.life) {
        p.sprite.visible = false;
        this.pool.push(p.sprite);
        live[i] = live[live.length - 1]!;
        live.pop();
        continue;
      }
      const k = 1 - p.age / p.life;
      p.sprite.x += p.vx * dt;
      p.sprite.y += p.vy * dt;
      p.vx *= 0.94;
      p.vy *= 0.94;
      p.sprite.alpha = k;
      if (p.grow) p.sprite.scale.set(0.4 + p.grow * (1 - k));
    }
  }

  destroy(): void {
    this.container.destroy({ children: true });
    this.live.length = this.pool.length = 0;
  }

  private take(texture: Texture): Sprite {
    const s = this.pool.pop() ?? this.container.addChild(new Sprite());
    s.texture = texture;
    s.anchor.set(0.5);
    s.visible = true;
    s.alpha = 1;
    return s;
  }
}
