// Tandem's public API. Games, tests and benches import only from here ("tandem").
export { Model, type Handler } from "./model/model.ts";
export { defineComponent, type Component, type FieldType, type Schema, type Store } from "./model/component.ts";
export { World, defineWorld, type System, type WorldSchema } from "./model/world.ts";
export { Runtime, type ModelError, type ViewEvent } from "./model/runtime.ts";
export { encodeSnapshot, decodeSnapshot, hashRuntime } from "./model/snapshot.ts";
export { codeHash } from "./model/registry.ts";
export { DeterminismError } from "./model/guard.ts";
export * as dmath from "./model/dmath.ts";
export { Controller } from "./session/controller.ts";
export { createTestSession, type TestClient, type TestSession, type TestSessionOptions } from "./testing/test-session.ts";
export { runSyncTest, SyncTestError, type SyncInput, type SyncPublish, type SyncScript, type SyncTestOptions } from "./testing/sync-test.ts";
export { Session, type JoinOptions, type SessionStatus } from "./session/session.ts";
export { View } from "./view/view.ts";
export { PROTOCOL_VERSION } from "./protocol/messages.ts";
