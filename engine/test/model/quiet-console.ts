// Keeps console.error quiet in tests whose models fail on purpose: the runtime logs every error
// in model code, and the tests check runtime.errors (or this spy) instead of the console.
import { afterEach, beforeEach, vi } from "vitest";

/** The running test's console.error spy; a live binding, replaced before each test. */
export let errorSpy: ReturnType<typeof vi.spyOn>;

/** Replaces console.error with a silent spy around every test of the calling file. */
export function quietConsoleErrors(): void {
  beforeEach(() => {
    errorSpy = vi.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(() => {
    errorSpy.mockRestore();
  });
}
