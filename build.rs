//! On Windows, puts the Follicle icon into the executables; elsewhere there is nothing to do.

fn main() {
    println!("cargo:rerun-if-changed=assets/windows/follicle.rc");
    println!("cargo:rerun-if-changed=assets/windows/follicle.ico");
    #[cfg(windows)]
    {
        let _ = embed_resource::compile("assets/windows/follicle.rc", embed_resource::NONE);
    }
}
