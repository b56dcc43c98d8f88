// ECS component descriptors. A descriptor is only a schema; each world makes its own
// typed-array stores for it (bitECS stores would otherwise be shared between worlds).

export const fieldArrays = {
  f32: Float32Array,
  f64: Float64Array,
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
} as const;

export type FieldType = keyof typeof fieldArrays;
export type Schema = Record<string, FieldType>;
type ArrayFor<T extends FieldType> = InstanceType<(typeof fieldArrays)[T]>;
export type Store<S extends Schema> = { [K in keyof S]: ArrayFor<S[K]> };

export interface Component<S extends Schema = Schema> {
  readonly name: string;
  readonly schema: S;
  readonly fields: readonly string[];
}

/** Defines a component: `defineComponent("Position", { x: "f32", y: "f32" })`. An empty schema is a tag. */
export function defineComponent<S extends Schema>(name: string, schema: S): Component<S> {
  for (const [field, type] of Object.entries(schema)) {
    if (!(type in fieldArrays)) throw new Error(`Component ${name}.${field}: unknown field type "${type}" (use one of ${Object.keys(fieldArrays).join(", ")})`);
  }
  return Object.freeze({ name, schema, fields: Object.freeze(Object.keys(schema)) });
}

/** Makes a zeroed column: a plain typed array, or one in a world's arena (arena.ts). */
export type ColumnAlloc = (type: FieldType, length: number) => ArrayLike<number>;

const plainColumn: ColumnAlloc = (type, length) => new fieldArrays[type](length);

export function makeStore<S extends Schema>(component: Component<S>, capacity: number, alloc: ColumnAlloc = plainColumn): Store<S> {
  const store = {} as Record<string, ArrayLike<number>>;
  for (const f of component.fields) store[f] = alloc(component.schema[f]!, capacity);
  return store as Store<S>;
}

/** Grows every field array in place, so a store object fetched earlier stays valid
 * (its field arrays do not: re-read `store.x` after adding entities). */
export function growStore<S extends Schema>(component: Component<S>, store: Store<S>, capacity: number, alloc: ColumnAlloc = plainColumn): void {
  const s = store as unknown as Record<string, Float64Array>;
  for (const f of component.fields) {
    const next = alloc(component.schema[f]!, capacity) as unknown as Float64Array;
    next.set(s[f]!);
    s[f] = next;
  }
}
