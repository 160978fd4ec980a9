//! Prints the threaded code of every function of a module.
//! `cargo run -p wint --example disasm -- FILE.wat|FILE.wasm [FUNC]` (FUNC: one function index)
fn main() {
    let only: Option<u32> = std::env::args().nth(2).map(|s| s.parse().unwrap());
    let path = std::env::args().nth(1).expect("usage: disasm FILE");
    let bytes = std::fs::read(&path).expect("read");
    let engine = wint::Engine::default();
    let module = wint::Module::new(&engine, bytes).unwrap_or_else(|e| panic!("{e}"));
    let imported = module
        .imports()
        .filter(|(_, _, t)| matches!(t, wint::ExternType::Func(_)))
        .count() as u32;
    for i in 0..module.num_defined_funcs() as u32 {
        if only.is_some_and(|f| f != imported + i) {
            continue;
        }
        println!("func {}:", imported + i);
        print!("{}", module.disassemble(imported + i).unwrap());
    }
}
