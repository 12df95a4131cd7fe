//! Eight bytes classified at once in one `u64` ("SIMD within a register"): the tokenizer
//! finds where a run of word bytes ends without a branch per byte.

pub const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
pub const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// The eight bytes at `at` as one little-endian number: byte `k` of the text is byte `k`
/// of the number. `None` past the end.
pub fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The bytes of `x` (each below 0x80) that are at least `lo`, as their high bits: adding
/// `0x80 - lo` carries into the high bit exactly then, and never into the next byte.
pub const fn at_least(x: u64, lo: u8) -> u64 {
    x.wrapping_add(ONES * (0x80 - lo as u64)) & HIGHS
}

/// The bytes of `x` (each below 0x80) in `lo..=hi`, as their high bits.
pub const fn within(x: u64, lo: u8, hi: u8) -> u64 {
    at_least(x, lo) & !at_least(x, hi + 1)
}

/// The index of the first byte flagged in `mask` (high bits only), if any.
pub fn first(mask: u64) -> Option<usize> {
    (mask != 0).then(|| (mask.trailing_zeros() / 8) as usize)
}
