// Shared helper for the value codec tests (engine/src/model/values.ts).
import { decodeValue, encodeValue } from "../../src/model/values.ts";

/** Encodes and decodes one value. */
export function roundTrip<T>(value: T): T {
  return decodeValue(encodeValue(value)) as T;
}
