// Sound effects synthesised with WebAudio at run time (no sound files): a laser chirp per
// shot, a thud per hit, a noise burst per explosion, a chime on respawn. Panned by the
// event's x position. Browsers only start audio after a user gesture, so the context is
// created on the first key or pointer press; until then every call is a no-op.
import { WIDTH } from "../model/constants.ts";

export interface ArenaSound {
  shot(x: number, own: boolean): void;
  hit(x: number): void;
  explosion(x: number, own: boolean): void;
  respawn(): void;
  readonly muted: boolean;
  setMuted(muted: boolean): void;
  destroy(): void;
}

export function createSound(): ArenaSound {
  let ctx: AudioContext | null = null;
  let master: GainNode | null = null;
  let noise: AudioBuffer | null = null;
  let shotsThisWindow = 0, windowStart = 0;
  let muted = false;

  const unlock = (): void => {
    if (ctx) { void ctx.resume(); return; }
    const AC = globalThis.AudioContext as typeof AudioContext | undefined;
    if (!AC) return;
    ctx = new AC();
    master = ctx.createGain();
    master.gain.value = muted ? 0 : 0.5;
    master.connect(ctx.destination);
    // one second of white noise, reused by every hit and explosion
    noise = ctx.createBuffer(1, ctx.sampleRate, ctx.sampleRate);
    const d = noise.getChannelData(0);
    for (let i = 0; i < d.length; i++) d[i] = Math.random() * 2 - 1;
  };
  addEventListener("keydown", unlock);
  addEventListener("pointerdown", unlock);

  /** Output chain for one voice: gain envelope → stereo pan → master. */
  const voice = (x: number, peak: number, at: number, length: number): GainNode | null => {
    if (!ctx || !master || ctx.state !== "running") return null;
    const g = ctx.createGain();
    g.gain.setValueAtTime(0.0001, at);
    g.gain.exponentialRampToValueAtTime(peak, at + 0.005);
    g.gain.exponentialRampToValueAtTime(0.0001, at + length);
    const pan = ctx.createStereoPanner();
    pan.pan.value = Math.max(-1, Math.min(1, (x / WIDTH) * 2 - 1)) * 0.7;
    g.connect(pan).connect(master);
    return g;
  };

  const noiseBurst = (x: number, peak: number, length: number, from: number, to: number): void => {
    const t = ctx?.currentTime ?? 0;
    const g = voice(x, peak, t, length);
    if (!g || !ctx || !noise) return;
    const src = ctx.createBufferSource();
    src.buffer = noise;
    const lp = ctx.createBiquadFilter();
    lp.type = "lowpass";
    lp.frequency.setValueAtTime(from, t);
    lp.frequency.exponentialRampToValueAtTime(to, t + length);
    src.connect(lp).connect(g);
    src.start(t, Math.random() * 0.4, length + 0.05);
  };

  const tone = (x: number, type: OscillatorType, peak: number, length: number, from: number, to: number): void => {
    const t = ctx?.currentTime ?? 0;
    const g = voice(x, peak, t, length);
    if (!g || !ctx) return;
    const osc = ctx.createOscillator();
    osc.type = type;
    osc.frequency.setValueAtTime(from, t);
    osc.frequency.exponentialRampToValueAtTime(to, t + length);
    osc.connect(g);
    osc.start(t);
    osc.stop(t + length + 0.02);
  };

  return {
    get muted() {
      return muted;
    },
    setMuted(m) {
      muted = m;
      if (master) master.gain.value = m ? 0 : 0.5;
    },
    shot(x, own) {
      // many ships firing at once would be a wall of noise: a few chirps per 100 ms at most
      const now = ctx?.currentTime ?? 0;
      if (now - windowStart > 0.1) { windowStart = now; shotsThisWindow = 0; }
      if (++shotsThisWindow > (own ? 4 : 2)) return;
      tone(x, "square", own ? 0.07 : 0.03, 0.09, own ? 1400 : 1100, 260);
    },
    hit(x) {
      tone(x, "triangle", 0.25, 0.12, 320, 90);
      noiseBurst(x, 0.15, 0.1, 4000, 600);
    },
    explosion(x, own) {
      noiseBurst(x, own ? 0.7 : 0.45, 0.7, 2400, 60);
      tone(x, "sine", 0.35, 0.5, 140, 35);
    },
    respawn() {
      tone(WIDTH / 2, "sine", 0.12, 0.25, 520, 1040);
    },
    destroy() {
      removeEventListener("keydown", unlock);
      removeEventListener("pointerdown", unlock);
      void ctx?.close();
      ctx = null;
    },
  };
}
