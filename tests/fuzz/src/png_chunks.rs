//! Keeping mutated PNG files readable: every PNG chunk ends with a CRC of its type and data, and
//! readers refuse a chunk whose CRC is wrong, so almost every random change to a chunk would be
//! refused there and then. After each mutation the targets that read PNG files recompute the CRCs,
//! so the fuzzer explores what lies behind them (the project text, the photo copies, the image
//! data). The input kept is the corrected one: it reproduces as it is.

/// The PNG file signature.
const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Recomputes the CRC of every whole chunk of the PNG in `data`, in place. Anything that is not a
/// PNG is left alone, and so is a chunk cut off by the end of the data.
pub fn fix_crcs(data: &mut [u8]) {
    if !data.starts_with(SIGNATURE) {
        return;
    }
    let mut at = SIGNATURE.len();
    while let Some(head) = data.get(at..at + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let Some(end) = (at + 8).checked_add(len) else {
            return;
        };
        if end + 4 > data.len() {
            return;
        }
        let crc = crc32fast::hash(&data[at + 4..end]);
        data[end..end + 4].copy_from_slice(&crc.to_be_bytes());
        at = end + 4;
    }
}

/// libFuzzer's own mutation of `data` (its first `size` bytes, growing to at most `max_size`),
/// then the CRCs made right; returns the new size.
pub fn mutate(data: &mut [u8], size: usize, max_size: usize) -> usize {
    let size = libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    fix_crcs(&mut data[..size]);
    size
}
