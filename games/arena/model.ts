// Arena: a real-time multiplayer space shooter on the ECS, stepped at 60 steps/s. Players
// join mid-game (view-join spawns a ship), steer by keyboard or pointer, shoot, bounce off
// each other and the walls, score hits and kills, respawn after a delay with a brief shield.
// This class holds only what is not per-entity: the players and their scores. Everything
// that moves lives in the world (model/*.ts), driven by systems in one explicit order.
import { defineWorld, Model, type World } from "tandem";
import { Alive, Angle, Bullet, Control, Position, Ship, Velocity } from "./model/components.ts";
import { HEIGHT, HIT_EVENT, INPUT_EVENT, MAX_PLAYERS, SCORES_EVENT, STEPS_PER_SECOND, WIDTH } from "./model/constants.ts";
import { applyInputs, steer, type ArenaInput } from "./model/control.ts";
import { bullets, respawn } from "./model/life.ts";
import { collide, move, type HitEvent } from "./model/physics.ts";

export * from "./model/components.ts";
export * from "./model/constants.ts";
export { shipOf, wrapAngle, type ArenaInput } from "./model/control.ts";
export type { HitEvent } from "./model/physics.ts";

export const ArenaWorld = defineWorld({
  name: "arena",
  components: [Position, Velocity, Angle, Ship, Control, Bullet, Alive],
  systems: [applyInputs, steer, move, collide, bullets, respawn],
  stepsPerSecond: STEPS_PER_SECOND,
});

/** Ship colours (0xRRGGBB), bright enough on the dark background and far apart in hue. */
export const PALETTE = [0xff5d73, 0x4dd0ff, 0xffd23f, 0x7cf29c, 0xc38bff, 0xff9a3c, 0x3cf2d6, 0xff7ce0, 0xb8f25a, 0x8aa2ff, 0xffb3a1, 0xe8e8e8] as const;
const CALL_SIGNS = ["Ace", "Blaze", "Comet", "Dart", "Echo", "Flare", "Ghost", "Hawk", "Ion", "Jinx", "Kite", "Lynx",
  "Maverick", "Nova", "Orbit", "Pulsar", "Quasar", "Raptor", "Sable", "Talon", "Umbra", "Viper", "Wraith", "Zephyr"] as const;

export interface Player {
  /** Ship owner index (1-based, never reused in a session). */
  index: number;
  name: string;
  colour: number;
  score: number;
  kills: number;
  deaths: number;
}

/** One scoreboard row, as published to views (a copy: views never hold model objects). */
export interface ScoreRow extends Player {
  viewId: string;
}

/** What a view sends as its control state (only when it changes). */
export interface ControlState {
  viewId: string;
  thrust?: unknown;
  turn?: unknown;
  fire?: unknown;
  /** Present (finite numbers): steer toward this world point when no turn key is held. */
  aimX?: unknown;
  aimY?: unknown;
}

/** Longest player name kept (longer ones are cut). */
export const MAX_NAME = 24;

/** The name a view asked for in its viewData (`{ name }`), cleaned, or "" for none. */
function requestedName(payload: unknown): string {
  const name = (payload as { viewData?: { name?: unknown } } | null)?.viewData?.name;
  return typeof name === "string" ? name.replace(/\s+/g, " ").trim().slice(0, MAX_NAME) : "";
}

function viewIdOf(payload: unknown): string | undefined {
  if (typeof payload === "string") return payload;
  const id = (payload as { viewId?: unknown } | null)?.viewId;
  return typeof id === "string" ? id : undefined;
}

const bit = (v: unknown): number => (v === true || (typeof v === "number" && v > 0) ? 1 : 0);
const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

export class Arena extends Model {
  declare world: World;
  /** Keyed by viewId, in join order. Only players with a ship are here. */
  players = new Map<string, Player>();
  nextIndex = 1;

  override init() {
    this.world = this.createWorld(ArenaWorld);
    this.subscribe(this.sessionId, "view-join", this.viewJoin);
    this.subscribe(this.sessionId, "view-exit", this.viewExit);
    this.subscribe(this.sessionId, INPUT_EVENT, this.input);
    this.subscribe(this.sessionId, HIT_EVENT, this.hit);
  }

  viewJoin(payload: unknown) {
    const viewId = viewIdOf(payload);
    if (viewId === undefined || this.players.has(viewId) || this.players.size >= MAX_PLAYERS) return;
    const index = this.nextIndex++;
    // no name given (bots, tests): a call sign nobody here has yet
    const name = requestedName(payload) || this.pick(CALL_SIGNS, (p) => p.name);
    const player: Player = { index, name, colour: this.pick(PALETTE, (p) => p.colour), score: 0, kills: 0, deaths: 0 };
    this.players.set(viewId, player);
    this.queue({ kind: "spawn", owner: index });
    this.publishScores();
  }

  viewExit(payload: unknown) {
    const viewId = viewIdOf(payload);
    const player = viewId === undefined ? undefined : this.players.get(viewId);
    if (!player) return;
    this.players.delete(viewId!);
    this.queue({ kind: "remove", owner: player.index });
    this.publishScores();
  }

  /** A view's new control state; the ship keeps acting on it every step until the next one. */
  input(state: ControlState) {
    const player = this.players.get(viewIdOf(state) ?? "");
    if (!player) return; // unknown or departed views are ignored, identically everywhere
    const t = typeof state.turn === "number" ? state.turn : 0;
    const aiming = typeof state.aimX === "number" && typeof state.aimY === "number" && Number.isFinite(state.aimX) && Number.isFinite(state.aimY);
    this.queue({
      kind: "control", owner: player.index,
      thrust: bit(state.thrust), turn: t > 0 ? 1 : t < 0 ? -1 : 0, fire: bit(state.fire),
      aiming: aiming ? 1 : 0,
      aimX: aiming ? clamp(state.aimX as number, 0, WIDTH) : 0,
      aimY: aiming ? clamp(state.aimY as number, 0, HEIGHT) : 0,
    });
  }

  /** Scores a hit reported by the collide system (synchronously, during the step). */
  hit(h: HitEvent) {
    if (typeof h?.shooter !== "number" || typeof h.target !== "number" || typeof h.points !== "number") return;
    let changed = false;
    for (const p of this.players.values()) {
      if (p.index === h.shooter) { p.score += h.points; if (h.killed) p.kills += 1; changed = true; }
      else if (p.index === h.target && h.killed) { p.deaths += 1; changed = true; }
    }
    if (changed) this.publishScores();
  }

  /** Players best first (score, then kills, then who joined first). */
  scoreboard(): ScoreRow[] {
    const rows: ScoreRow[] = [];
    for (const [viewId, p] of this.players) rows.push({ viewId, ...p });
    return rows.sort((a, b) => b.score - a.score || b.kills - a.kills || a.index - b.index);
  }

  /** The player owning ship index `owner`, if still here. */
  playerByIndex(owner: number): Player | undefined {
    for (const p of this.players.values()) if (p.index === owner) return p;
    return undefined;
  }

  private queue(input: ArenaInput) {
    this.world.inputs.push(input);
  }

  private publishScores() {
    this.publish(this.sessionId, SCORES_EVENT, this.scoreboard());
  }

  /** A random choice among the options no player has yet (any option once all are taken). */
  private pick<T>(options: readonly T[], of: (p: Player) => T): T {
    const used = new Set<T>();
    for (const p of this.players.values()) used.add(of(p));
    const free = options.filter((o) => !used.has(o));
    const from = free.length > 0 ? free : options;
    return from[Math.floor(this.random() * from.length)]!;
  }
}
Arena.register("Arena");
