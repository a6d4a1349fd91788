//! Writes the seed inputs of every target: `seeds OUT_DIR`, run from the repository's top folder.
//!
//! It is built with the targets, so it is linked with libFuzzer like them (their coverage
//! instrumentation needs it); it does its work while libFuzzer starts up and exits before any
//! fuzzing.
#![no_main]

libfuzzer_sys::fuzz_target!(init: follicle_fuzz::seeds::run_and_exit(), |_data: &[u8]| {});
