(module
  (import "env" "log" (func (param i32)))
  (func (export "run") (call 0 (i32.const 1))))
