//! Linear memory of one 64 KiB page that never grows (std's allocator gets what the
//! data and the 8 KiB shadow stack leave of it): the smallest a std program can have.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        for arg in [
            "-zstack-size=8192",
            "--initial-memory=65536",
            "--max-memory=65536",
        ] {
            println!("cargo::rustc-link-arg-bins={arg}");
        }
    }
}
