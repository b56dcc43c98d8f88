// Arena tunables, shared by the model systems, the view and the tests. Durations are counted
// in whole world steps (60 per second) so timers are exact integers, never drifting floats.

/** World steps per second of model time. */
export const STEPS_PER_SECOND = 60;

/** Arena size in world units (16:9, so it fills a landscape screen). */
export const WIDTH = 1280;
export const HEIGHT = 720;

export const SHIP_RADIUS = 18;
export const BULLET_RADIUS = 4;

/** Turn rate in radians per second (keyboard and pointer steering alike). */
export const TURN_RATE = 4.2;
/** Thrust acceleration in units per second². */
export const THRUST = 540;
/** Velocity kept per step: a little drag so ships coast to a stop instead of drifting forever. */
export const DRAG = 0.985;
export const MAX_SPEED = 480;
/** Fraction of speed kept when a ship bounces off a wall. */
export const WALL_BOUNCE = 0.6;
/** Restitution of ship–ship bounces (1 = perfectly elastic). */
export const SHIP_RESTITUTION = 0.9;

export const BULLET_SPEED = 780;
/** Bullet lifetime in steps (0.8 s → range ≈ 620 units). */
export const BULLET_TTL = 48;
/** Steps between two shots of one ship (6 shots/s). */
export const FIRE_COOLDOWN = 10;

export const SHIP_HP = 3;
/** Steps a destroyed ship waits before it respawns. */
export const RESPAWN_STEPS = 120;
/** Steps a (re)spawned ship cannot be hit. */
export const INVULNERABLE_STEPS = 120;

/** Points for a hit, and the bonus on top for the hit that destroys the ship. */
export const HIT_POINTS = 1;
export const KILL_BONUS = 2;

/** Most players (ships) in one session; joins beyond it watch without a ship. */
export const MAX_PLAYERS = 32;

/** Published by the collide system for every hit (the model scores it, views draw and play it). */
export const HIT_EVENT = "arena-hit";
/** Published by the model to views whenever a score, name or the player list changes. */
export const SCORES_EVENT = "scores";
/** Published by views: a player's current control state. */
export const INPUT_EVENT = "input";
