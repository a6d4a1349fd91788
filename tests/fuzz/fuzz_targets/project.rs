//! The project parser, `Project::from_ron`, on any text (see `follicle_fuzz::project`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| follicle_fuzz::project(data));
