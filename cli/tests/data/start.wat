(module
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 42)))
  (func (export "get") (result i32)
    (i32.load (i32.const 0))))
