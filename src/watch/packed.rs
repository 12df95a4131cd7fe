//! Short words as machine words. Nearly every word of a watch set and of an article is at
//! most 16 bytes long; held as two `u64`s and a length, such a word is hashed with two
//! multiplications and compared with three integer compares, where a string key costs a
//! hashing loop and a call to `memcmp` for every lookup of every token.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A word of at most [`Packed::MAX`] bytes. Two words are equal exactly when their packed
/// forms are: with the length known, the loads below cover every byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Packed {
    a: u64,
    b: u64,
    len: u64,
}

fn u64_at(w: &[u8], at: usize) -> u64 {
    w.get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

fn u32_at(w: &[u8], at: usize) -> u64 {
    w.get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
}

impl Packed {
    pub const MAX: usize = 16;

    /// The packed form of `w`, if it is short enough.
    pub fn new(w: &str) -> Option<Packed> {
        let w = w.as_bytes();
        let n = w.len();
        // Overlapping loads: the first and the last 8 (or 4) bytes between them hold all.
        let (a, b) = match n {
            0 => (0, 0),
            1..=3 => (
                u64::from(w[0]) | u64::from(w[n / 2]) << 8 | u64::from(w[n - 1]) << 16,
                0,
            ),
            4..=7 => (u32_at(w, 0), u32_at(w, n - 4)),
            8..=Self::MAX => (u64_at(w, 0), u64_at(w, n - 8)),
            _ => return None,
        };
        Some(Packed {
            a,
            b,
            len: n as u64,
        })
    }

    /// A well-mixed hash: its high bits, and after the final rotation its low ones too, depend
    /// on every byte.
    pub fn hash(&self) -> u64 {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let x = (self.a ^ self.len.rotate_left(56)).wrapping_mul(K);
        let y = (self.b ^ x.rotate_left(29)).wrapping_mul(K);
        y.rotate_left(26)
    }
}

impl std::hash::Hash for Packed {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(Packed::hash(self));
    }
}

/// Hands on the hash a [`Packed`] has already mixed.
#[derive(Debug, Default, Clone, Copy)]
pub struct Premixed(u64);

impl std::hash::Hasher for Premixed {
    fn write(&mut self, bytes: &[u8]) {
        // Only ever given a Packed's hash; anything else is folded in rather than lost.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map keyed by short words.
pub type PackedMap<V> = HashMap<Packed, V, BuildHasherDefault<Premixed>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_exactly_when_the_words_are() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "aa",
            "aab",
            "aba",
            "abc",
            "swap",
            "swaps",
            "exchange",
            "exchanges",
            "полон",
            "полонені",
            "0123456789abcdef",
            "0123456789abcdeF",
        ];
        for x in words {
            for y in words {
                assert_eq!(Packed::new(x) == Packed::new(y), x == y, "{x:?} {y:?}");
            }
        }
        assert!(Packed::new("0123456789abcdefg").is_none());
    }

    proptest::proptest! {
        #[test]
        fn packing_is_faithful(x in "[ab\u{e9}]{0,8}", y in "[ab\u{e9}]{0,8}") {
            let (px, py) = (Packed::new(&x), Packed::new(&y));
            proptest::prop_assert!(px.is_some() && py.is_some());
            proptest::prop_assert_eq!(px == py, x == y);
        }
    }
}
