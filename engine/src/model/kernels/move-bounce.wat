;; moveBounce: moves n entities by velocity × dt and reflects them off the walls of
;; [0, w] × [0, h], on f32 component columns that live in the world's arena (see arena.ts).
;; Source of move-bounce.wasm.ts (compiled by scripts/build-kernels.ts; a test checks they match).
;;
;; Per entity e (ids[i], sorted ascending, unique), all in f32 arithmetic:
;;   x = px[e] + vx[e] * dt                      (two f32 roundings)
;;   if x < 0 { x = -x; vx[e] = -vx[e] } else if x > w { x = (w + w) - x; vx[e] = -vx[e] }
;;   the same for y with h; px[e] = x, py[e] = y
;; kernels/move-bounce.ts has the same arithmetic in JS (Math.fround after each operation),
;; bit for bit, for engines without WebAssembly SIMD.
;;
;; Four ids that are consecutive (ids[i+3] - ids[i] == 3, which for sorted unique ids means
;; all four are) go through one f32x4 pass per axis, written out inline (a call per axis cost
;; more than the arithmetic); other groups and the tail go one by one.
(module
  (import "env" "memory" (memory 1))

  (func $one (param $px i32) (param $py i32) (param $vx i32) (param $vy i32) (param $e i32)
             (param $dt f32) (param $w f32) (param $h f32)
    (local $o i32) (local $x f32) (local $y f32)
    (local.set $o (i32.shl (local.get $e) (i32.const 2)))
    (local.set $x (f32.add (f32.load (i32.add (local.get $px) (local.get $o)))
                           (f32.mul (f32.load (i32.add (local.get $vx) (local.get $o))) (local.get $dt))))
    (local.set $y (f32.add (f32.load (i32.add (local.get $py) (local.get $o)))
                           (f32.mul (f32.load (i32.add (local.get $vy) (local.get $o))) (local.get $dt))))
    (if (f32.lt (local.get $x) (f32.const 0))
      (then
        (local.set $x (f32.neg (local.get $x)))
        (f32.store (i32.add (local.get $vx) (local.get $o)) (f32.neg (f32.load (i32.add (local.get $vx) (local.get $o))))))
      (else
        (if (f32.gt (local.get $x) (local.get $w))
          (then
            (local.set $x (f32.sub (f32.add (local.get $w) (local.get $w)) (local.get $x)))
            (f32.store (i32.add (local.get $vx) (local.get $o)) (f32.neg (f32.load (i32.add (local.get $vx) (local.get $o)))))))))
    (if (f32.lt (local.get $y) (f32.const 0))
      (then
        (local.set $y (f32.neg (local.get $y)))
        (f32.store (i32.add (local.get $vy) (local.get $o)) (f32.neg (f32.load (i32.add (local.get $vy) (local.get $o))))))
      (else
        (if (f32.gt (local.get $y) (local.get $h))
          (then
            (local.set $y (f32.sub (f32.add (local.get $h) (local.get $h)) (local.get $y)))
            (f32.store (i32.add (local.get $vy) (local.get $o)) (f32.neg (f32.load (i32.add (local.get $vy) (local.get $o)))))))))
    (f32.store (i32.add (local.get $px) (local.get $o)) (local.get $x))
    (f32.store (i32.add (local.get $py) (local.get $o)) (local.get $y)))

  (func (export "moveBounce")
        (param $px i32) (param $py i32) (param $vx i32) (param $vy i32) (param $ids i32) (param $n i32)
        (param $dt f32) (param $w f32) (param $h f32)
    (local $i i32) (local $a i32) (local $e i32) (local $o i32) (local $end4 i32)
    (local $dt4 v128) (local $w4 v128) (local $h4 v128) (local $w24 v128) (local $h24 v128)
    (local $x v128) (local $vel v128) (local $lo v128) (local $hi v128)
    (local.set $dt4 (f32x4.splat (local.get $dt)))
    (local.set $w4 (f32x4.splat (local.get $w)))
    (local.set $h4 (f32x4.splat (local.get $h)))
    (local.set $w24 (f32x4.splat (f32.add (local.get $w) (local.get $w))))
    (local.set $h24 (f32x4.splat (f32.add (local.get $h) (local.get $h))))
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $done4
      (loop $groups
        (br_if $done4 (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $a (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $e (i32.load (local.get $a)))
        (if (i32.eq (i32.sub (i32.load offset=12 (local.get $a)) (local.get $e)) (i32.const 3))
          (then
            (local.set $o (i32.shl (local.get $e) (i32.const 2)))
            ;; px / vx: four entities at once
            (local.set $vel (v128.load (i32.add (local.get $vx) (local.get $o))))
            (local.set $x (f32x4.add (v128.load (i32.add (local.get $px) (local.get $o)))
                                     (f32x4.mul (local.get $vel) (local.get $dt4))))
            (local.set $lo (f32x4.lt (local.get $x) (v128.const f32x4 0 0 0 0)))
            (local.set $hi (f32x4.gt (local.get $x) (local.get $w4)))
            (v128.store (i32.add (local.get $px) (local.get $o))
              (v128.bitselect (f32x4.neg (local.get $x))
                              (v128.bitselect (f32x4.sub (local.get $w24) (local.get $x)) (local.get $x) (local.get $hi))
                              (local.get $lo)))
            (v128.store (i32.add (local.get $vx) (local.get $o))
              (v128.bitselect (f32x4.neg (local.get $vel)) (local.get $vel) (v128.or (local.get $lo) (local.get $hi))))
            ;; py / vy: four entities at once
            (local.set $vel (v128.load (i32.add (local.get $vy) (local.get $o))))
            (local.set $x (f32x4.add (v128.load (i32.add (local.get $py) (local.get $o)))
                                     (f32x4.mul (local.get $vel) (local.get $dt4))))
            (local.set $lo (f32x4.lt (local.get $x) (v128.const f32x4 0 0 0 0)))
            (local.set $hi (f32x4.gt (local.get $x) (local.get $h4)))
            (v128.store (i32.add (local.get $py) (local.get $o))
              (v128.bitselect (f32x4.neg (local.get $x))
                              (v128.bitselect (f32x4.sub (local.get $h24) (local.get $x)) (local.get $x) (local.get $hi))
                              (local.get $lo)))
            (v128.store (i32.add (local.get $vy) (local.get $o))
              (v128.bitselect (f32x4.neg (local.get $vel)) (local.get $vel) (v128.or (local.get $lo) (local.get $hi))))
          )
          (else
            (call $one (local.get $px) (local.get $py) (local.get $vx) (local.get $vy) (local.get $e)
                       (local.get $dt) (local.get $w) (local.get $h))
            (call $one (local.get $px) (local.get $py) (local.get $vx) (local.get $vy) (i32.load offset=4 (local.get $a))
                       (local.get $dt) (local.get $w) (local.get $h))
            (call $one (local.get $px) (local.get $py) (local.get $vx) (local.get $vy) (i32.load offset=8 (local.get $a))
                       (local.get $dt) (local.get $w) (local.get $h))
            (call $one (local.get $px) (local.get $py) (local.get $vx) (local.get $vy) (i32.load offset=12 (local.get $a))
                       (local.get $dt) (local.get $w) (local.get $h))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $groups)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (call $one (local.get $px) (local.get $py) (local.get $vx) (local.get $vy)
                   (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2))))
                   (local.get $dt) (local.get $w) (local.get $h))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))

  ;; The same for the dense id range first .. first + n - 1 (no id list: a world whose
  ;; entities were never removed, or removed only from the ends, has its query ids in one run).
  ;; The four column pointers walk 16 bytes per group rather than being recomputed.
  (func (export "moveBounceRange")
        (param $px i32) (param $py i32) (param $vx i32) (param $vy i32) (param $first i32) (param $n i32)
        (param $dt f32) (param $w f32) (param $h f32)
    (local $e i32) (local $end i32) (local $end4 i32)
    (local $ax i32) (local $ay i32) (local $bx i32) (local $by i32)
    (local $dt4 v128) (local $w4 v128) (local $h4 v128) (local $w24 v128) (local $h24 v128)
    (local $x v128) (local $vel v128) (local $lo v128) (local $hi v128)
    (local.set $dt4 (f32x4.splat (local.get $dt)))
    (local.set $w4 (f32x4.splat (local.get $w)))
    (local.set $h4 (f32x4.splat (local.get $h)))
    (local.set $w24 (f32x4.splat (f32.add (local.get $w) (local.get $w))))
    (local.set $h24 (f32x4.splat (f32.add (local.get $h) (local.get $h))))
    (local.set $e (local.get $first))
    (local.set $end (i32.add (local.get $first) (local.get $n)))
    (local.set $end4 (i32.add (local.get $first) (i32.and (local.get $n) (i32.const -4))))
    (local.set $ax (i32.add (local.get $px) (i32.shl (local.get $first) (i32.const 2))))
    (local.set $ay (i32.add (local.get $py) (i32.shl (local.get $first) (i32.const 2))))
    (local.set $bx (i32.add (local.get $vx) (i32.shl (local.get $first) (i32.const 2))))
    (local.set $by (i32.add (local.get $vy) (i32.shl (local.get $first) (i32.const 2))))
    (block $done4
      (loop $groups
        (br_if $done4 (i32.ge_u (local.get $e) (local.get $end4)))
        ;; ax / bx: four entities at once
        (local.set $vel (v128.load (local.get $bx)))
        (local.set $x (f32x4.add (v128.load (local.get $ax)) (f32x4.mul (local.get $vel) (local.get $dt4))))
        (local.set $lo (f32x4.lt (local.get $x) (v128.const f32x4 0 0 0 0)))
        (local.set $hi (f32x4.gt (local.get $x) (local.get $w4)))
        (v128.store (local.get $ax)
          (v128.bitselect (f32x4.neg (local.get $x))
                          (v128.bitselect (f32x4.sub (local.get $w24) (local.get $x)) (local.get $x) (local.get $hi))
                          (local.get $lo)))
        (v128.store (local.get $bx)
          (v128.bitselect (f32x4.neg (local.get $vel)) (local.get $vel) (v128.or (local.get $lo) (local.get $hi))))
        ;; ay / by: four entities at once
        (local.set $vel (v128.load (local.get $by)))
        (local.set $x (f32x4.add (v128.load (local.get $ay)) (f32x4.mul (local.get $vel) (local.get $dt4))))
        (local.set $lo (f32x4.lt (local.get $x) (v128.const f32x4 0 0 0 0)))
        (local.set $hi (f32x4.gt (local.get $x) (local.get $h4)))
        (v128.store (local.get $ay)
          (v128.bitselect (f32x4.neg (local.get $x))
                          (v128.bitselect (f32x4.sub (local.get $h24) (local.get $x)) (local.get $x) (local.get $hi))
                          (local.get $lo)))
        (v128.store (local.get $by)
          (v128.bitselect (f32x4.neg (local.get $vel)) (local.get $vel) (v128.or (local.get $lo) (local.get $hi))))
        (local.set $ax (i32.add (local.get $ax) (i32.const 16)))
        (local.set $ay (i32.add (local.get $ay) (i32.const 16)))
        (local.set $bx (i32.add (local.get $bx) (i32.const 16)))
        (local.set $by (i32.add (local.get $by) (i32.const 16)))
        (local.set $e (i32.add (local.get $e) (i32.const 4)))
        (br $groups)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
        (call $one (local.get $px) (local.get $py) (local.get $vx) (local.get $vy) (local.get $e)
                   (local.get $dt) (local.get $w) (local.get $h))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $tail))))
)
