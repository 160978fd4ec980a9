(module
  (func (export "bad") (result i32)
    (i64.const 1)))
