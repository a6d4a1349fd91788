//! An exported mock-up PNG opened as a consultation: its project and reduced photo copies (see
//! `follicle_fuzz::mock_up`). Mutations keep the PNG chunks' CRCs right.
#![no_main]

libfuzzer_sys::fuzz_target!(init: follicle_fuzz::contain_decoder_panics(), |data: &[u8]| {
    follicle_fuzz::mock_up(data);
});

libfuzzer_sys::fuzz_mutator!(
    |data: &mut [u8], size: usize, max_size: usize, _seed: u32| {
        follicle_fuzz::png_chunks::mutate(data, size, max_size)
    }
);
