//! One 64 KiB page of linear memory that never grows, with a 4 KiB shadow stack.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        for arg in [
            "-zstack-size=4096",
            "--initial-memory=65536",
            "--max-memory=65536",
        ] {
            println!("cargo::rustc-link-arg-cdylib={arg}");
        }
    }
}
