;; Tight loop over locals and a global: arithmetic and branches, no calls.
(module
  (global $g (mut i32) (i32.const 0))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $a i32) (local $b i32)
    (local.set $b (i32.const 1))
    (loop $l
      (local.set $a (i32.add (local.get $a) (i32.xor (local.get $b) (local.get $i))))
      (local.set $b (i32.add (i32.shl (local.get $b) (i32.const 1)) (i32.shr_u (local.get $a) (i32.const 3))))
      (global.set $g (i32.add (global.get $g) (local.get $a)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i32.add (local.get $a) (global.get $g))))
