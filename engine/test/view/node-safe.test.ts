// The non-PixiJS view modules must import cleanly in plain Node (the main index re-exports
// them and Node tests and bots import the main index), and the session/view types must fit
// what input and widgets ask for.
import { describe, expect, it } from "vitest";
import type { Session } from "../../src/session/session.ts";
import type { View } from "../../src/view/view.ts";
import type { InputPublisher } from "../../src/view/input.ts";
import type { WidgetSession } from "../../src/view/widgets/session-like.ts";

// compile-time: a View can publish input, a Session can drive the widgets
const viewIsPublisher = (v: View): InputPublisher => v;
const sessionIsWidgetSession = (s: Session): WidgetSession => s;

describe("view modules in Node", () => {
  it("import without touching DOM globals", async () => {
    const input = await import("../../src/view/input.ts");
    const widgets = await import("../../src/view/widgets/index.ts");
    const interp = await import("../../src/view/world-interpolator.ts");
    const share = await import("../../src/view/share-url.ts");
    expect(typeof input.createInput).toBe("function");
    expect(typeof widgets.mountWidgets).toBe("function");
    expect(typeof widgets.createDock).toBe("function");
    expect(typeof interp.createWorldInterpolator).toBe("function");
    expect(typeof share.buildShareUrl).toBe("function");
    expect(typeof viewIsPublisher).toBe("function");
    expect(typeof sessionIsWidgetSession).toBe("function");
  });
});
