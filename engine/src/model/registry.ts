// Registries of model classes and world schemas by stable name, so snapshots can name them,
// and the code hash that keeps clients with different model code out of one session.
import { hashBytes } from "./hash.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelClass = { prototype: object; name: string; new (...args: any[]): object };

const classesByName = new Map<string, ModelClass>();
const namesByClass = new Map<ModelClass, string>();
const extraSources = new Map<string, string>();

export function registerModelClass(name: string, cls: ModelClass): void {
  const existing = classesByName.get(name);
  if (existing && existing !== cls) {
    throw new Error(`Model class name "${name}" is already registered by another class; names must be unique`);
  }
  const oldName = namesByClass.get(cls);
  if (oldName !== undefined && oldName !== name) {
    throw new Error(`Class ${cls.name} is already registered as "${oldName}"`);
  }
  classesByName.set(name, cls);
  namesByClass.set(cls, name);
}

export function classByName(name: string): ModelClass {
  const cls = classesByName.get(name);
  if (!cls) throw new Error(`Snapshot names model class "${name}", which is not registered in this client (call ${name}.register("${name}"))`);
  return cls;
}

export function nameOfClass(cls: unknown): string | undefined {
  return namesByClass.get(cls as ModelClass);
}

/** Other deterministic code (world schemas, systems) that belongs in the code hash. */
export function registerCodeSource(key: string, source: string): void {
  extraSources.set(key, source);
}

/** Hash over the sorted (name, source) of every registered class and world schema. */
export function codeHash(): string {
  const parts: string[] = [];
  for (const [name, cls] of classesByName) parts.push(`class ${name}\n${cls.toString()}`);
  for (const [key, src] of extraSources) parts.push(`${key}\n${src}`);
  parts.sort();
  return hashBytes(new TextEncoder().encode(parts.join("\n\u0000\n")));
}
