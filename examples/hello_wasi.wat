;; A WASI command in the text format: prints its arguments, one per line after
;; "hello, world", then exits with status 0 through proc_exit.
(module $hello
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, world\n")
  (data (i32.const 32) "\n")

  ;; Writes `len` bytes at `ptr` to stdout.
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $strlen (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))

  ;; Returns 42 after printing "hello, world" (for `--invoke greet`).
  (func (export "greet") (result i32)
    (call $print (i32.const 16) (i32.const 13))
    (i32.const 42))

  (func (export "_start")
    (local $argc i32) (local $i i32) (local $arg i32)
    (call $print (i32.const 16) (i32.const 13))
    ;; argc at 64, buffer size at 68; argv pointers at 1024, strings at 2048.
    (drop (call $args_sizes_get (i32.const 64) (i32.const 68)))
    (local.set $argc (i32.load (i32.const 64)))
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $argc)))
        (local.set $arg (i32.load (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))))
        (call $print (local.get $arg) (call $strlen (local.get $arg)))
        (call $print (i32.const 32) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $proc_exit (i32.const 0))))
