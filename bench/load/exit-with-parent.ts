// Preloaded into the reflector process by the network benches (`--import`): the reflector
// exits when its stdin pipe closes, i.e. when the bench driver that started it is gone, even if
// the driver was killed without a chance to clean up. Reads nothing, keeps nothing alive.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => undefined);
process.stdin.resume();
(process.stdin as { unref?: () => void }).unref?.();
