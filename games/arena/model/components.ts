// Arena ECS components. Floats are f32 (positions, velocities, angles, aim points) and
// counters/ids are i32, so every hot loop touches one element type per array.
import { defineComponent } from "tandem";

export const Position = defineComponent("ArenaPosition", { x: "f32", y: "f32" });
export const Velocity = defineComponent("ArenaVelocity", { x: "f32", y: "f32" });
/** Heading in radians, 0 = +x, growing clockwise on screen (y points down); kept in [-π, π]. */
export const Angle = defineComponent("ArenaAngle", { angle: "f32" });

/**
 * A player's ship. The entity lives from view-join to view-exit; while destroyed it keeps its
 * components but loses `Alive` and counts `respawn` down. Timers are whole steps.
 */
export const Ship = defineComponent("ArenaShip", {
  /** Player index (1-based, never reused in a session). */
  owner: "i32",
  /** Steps until the next shot is allowed. */
  cooldown: "i32",
  /** Steps of invulnerability left. */
  invulnerable: "i32",
  hp: "i32",
  /** Steps until respawn while destroyed. */
  respawn: "i32",
});

/**
 * The player's current control STATE, as last sent by their view: holding a key needs no
 * event per step, the ship keeps doing what the last state said.
 */
export const Control = defineComponent("ArenaControl", {
  thrust: "i8",
  /** -1 left (counter-clockwise), 0, +1 right. */
  turn: "i8",
  fire: "i8",
  /** 1: steer toward (aimX, aimY) when no turn key is held. */
  aiming: "i8",
  aimX: "f32",
  aimY: "f32",
});

export const Bullet = defineComponent("ArenaBullet", {
  /** Steps left before it fizzles. */
  ttl: "i32",
  /** Player index of the shooter. */
  owner: "i32",
});

/** Tag: the ship is in play (drawn, steerable, collidable). */
export const Alive = defineComponent("ArenaAlive", {});
