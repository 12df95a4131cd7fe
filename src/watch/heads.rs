//! The cheap test the scan of an article runs on every token before any dearer work: a
//! bitmap of the three-byte heads of the dictionary's words, which turns most tokens away
//! without stemming or hashing them.

/// A set of three-byte heads as a bitmap over their hash: one load to answer, and a false
/// "maybe" (two heads sharing a bit) costs only the exact check it fails to save.
#[derive(Debug, Clone, Default)]
pub struct Heads(Vec<u64>);

const HEAD_BITS: u32 = 14;

impl Heads {
    fn bit(h: u32) -> usize {
        (h.wrapping_mul(0x9E37_79B1) >> (32 - HEAD_BITS)) as usize
    }

    pub fn insert(&mut self, h: u32) {
        if self.0.is_empty() {
            self.0 = vec![0; (1 << HEAD_BITS) / 64];
        }
        let b = Self::bit(h);
        self.0[b / 64] |= 1 << (b % 64);
    }

    pub fn may_contain(&self, h: u32) -> bool {
        let b = Self::bit(h);
        self.0.get(b / 64).is_some_and(|w| w & (1 << (b % 64)) != 0)
    }
}

pub const HEAD: usize = 3;

/// The first [`HEAD`] bytes of a word, zero-padded, as one number.
pub fn head(w: &str) -> u32 {
    match *w.as_bytes() {
        [a, b, c, ..] => u32::from_le_bytes([a, b, c, 0]),
        [a, b] => u32::from_le_bytes([a, b, 0, 0]),
        [a] => u32::from(a),
        [] => 0,
    }
}

#[cfg(test)]
#[path = "heads_tests.rs"]
mod tests;
