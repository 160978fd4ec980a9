//! One 64 KiB page of linear memory that never grows (the smallest a module without the
//! custom-page-sizes proposal can have), with a 1 KiB shadow stack.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        for arg in [
            "-zstack-size=1024",
            "--initial-memory=65536",
            "--max-memory=65536",
        ] {
            println!("cargo::rustc-link-arg-bins={arg}");
        }
    }
}
