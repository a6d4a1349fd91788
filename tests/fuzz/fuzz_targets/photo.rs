//! The photo loader, `photo::decode`, on any bytes (see `follicle_fuzz::photo`). Mutations keep
//! a PNG's chunk CRCs right.
#![no_main]

libfuzzer_sys::fuzz_target!(init: follicle_fuzz::contain_decoder_panics(), |data: &[u8]| {
    follicle_fuzz::photo(data);
});

libfuzzer_sys::fuzz_mutator!(
    |data: &mut [u8], size: usize, max_size: usize, _seed: u32| {
        follicle_fuzz::png_chunks::mutate(data, size, max_size)
    }
);
