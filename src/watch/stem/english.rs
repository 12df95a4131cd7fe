//! A light inflectional stemmer for English, in the spirit of Porter's steps 1a-1c but
//! stopping there: plural -s/-es/-ies, -men, past -ed, -ing and a final -e or -y, plus the
//! irregular verbs news reports use most. Derivational suffixes (-er, -ity, -ation) stay, so
//! words of different meaning keep different keys.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Irregular forms and the regular form that shares their key, sorted by form.
const IRREGULAR: &[(&str, &str)] = &[
    ("became", "become"),
    ("began", "begin"),
    ("begun", "begin"),
    ("bought", "buy"),
    ("broke", "break"),
    ("broken", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("came", "come"),
    ("caught", "catch"),
    ("children", "child"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("dealt", "deal"),
    ("driven", "drive"),
    ("drove", "drive"),
    ("felt", "feel"),
    ("fled", "flee"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("fought", "fight"),
    ("found", "find"),
    ("gave", "give"),
    ("given", "give"),
    ("got", "get"),
    ("gotten", "get"),
    ("held", "hold"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("kept", "keep"),
    ("knew", "know"),
    ("known", "know"),
    ("led", "lead"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("met", "meet"),
    ("overran", "overrun"),
    ("overtaken", "overtake"),
    ("overtook", "overtake"),
    ("paid", "pay"),
    ("ran", "run"),
    ("said", "say"),
    ("seen", "see"),
    ("sent", "send"),
    ("slain", "slay"),
    ("sold", "sell"),
    ("sought", "seek"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("stood", "stand"),
    ("struck", "strike"),
    ("swept", "sweep"),
    ("taken", "take"),
    ("taught", "teach"),
    ("thought", "think"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("told", "tell"),
    ("took", "take"),
    ("undertook", "undertake"),
    ("withdrawn", "withdraw"),
    ("withdrew", "withdraw"),
    ("written", "write"),
    ("wrote", "write"),
];

/// The regular form that shares an irregular form's key ("took" -> "take"). Asked of every
/// English word stemmed, hence a hash table (fixed, so a fast hash is safe).
pub(super) fn irregular(word: &str) -> Option<&'static str> {
    static TABLE: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    let table = TABLE.get_or_init(|| IRREGULAR.iter().copied().collect());
    table.get(word).copied()
}

/// Every irregular form.
pub(super) fn irregular_forms() -> impl Iterator<Item = &'static str> {
    IRREGULAR.iter().map(|(form, _)| *form)
}

fn has_vowel(s: &str) -> bool {
    s.bytes()
        .any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
}

/// Whether byte `i` of `b` is a consonant; y is one unless it follows a consonant.
fn consonant(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !consonant(b, i - 1),
        _ => true,
    }
}

/// Porter's measure: how many vowel-consonant runs the stem has ("trad" 1, "exchang" 2).
fn measure(s: &str) -> usize {
    let b = s.as_bytes();
    let mut m = 0;
    let mut vowel = false;
    for i in 0..b.len() {
        let c = consonant(b, i);
        if c && vowel {
            m += 1;
        }
        vowel = !c;
    }
    m
}

/// Porter's *o: the stem ends consonant-vowel-consonant, the last not w, x or y ("trad",
/// "hop"): such a short stem keeps or regains its final e ("trade", "hope").
fn cvc(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    n >= 3
        && consonant(b, n - 3)
        && !consonant(b, n - 2)
        && consonant(b, n - 1)
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
}

/// "swapp" -> "swap", "plann" -> "plan"; but "call", "pass", "buzz" keep their pair.
fn undouble(s: &str) -> Option<&str> {
    match s.as_bytes() {
        [.., x, y]
            if x == y
                && !matches!(x, b'l' | b's' | b'z')
                && consonant(s.as_bytes(), s.len() - 1) =>
        {
            Some(&s[..s.len() - 1])
        }
        _ => None,
    }
}

/// Plural endings: the stem, and a tail to append to it.
fn plural(w: &str) -> (&str, &'static str) {
    let n = w.len();
    if w.ends_with("sses") {
        (&w[..n - 2], "")
    } else if w.ends_with("ies") && n > 4 {
        (&w[..n - 3], "i")
    } else if w.ends_with("men") && n > 4 {
        (&w[..n - 3], "man")
    } else if w.ends_with('s')
        && n > 3
        && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is"))
    {
        let stem = &w[..n - 2];
        let sibilant = w.ends_with("es")
            && (stem.ends_with(['s', 'x', 'z']) || stem.ends_with("ch") || stem.ends_with("sh"));
        (if sibilant { stem } else { &w[..n - 1] }, "")
    } else {
        (w, "")
    }
}

/// Past and progressive endings, with Porter's repairs of the stem left behind.
fn verb(w: &str) -> (&str, &'static str) {
    let n = w.len();
    if w.ends_with("eed") {
        return (if n > 4 { &w[..n - 1] } else { w }, "");
    }
    if w.ends_with("ied") && n > 4 {
        return (&w[..n - 3], "i");
    }
    for suffix in ["ed", "ing"] {
        if let Some(stem) = w.strip_suffix(suffix)
            && stem.len() >= 3
            && has_vowel(stem)
        {
            if let Some(single) = undouble(stem) {
                return (single, "");
            }
            // "traded" -> "trad" -> "trade", to meet "trade" and "trades".
            let tail = if measure(stem) == 1 && cvc(stem) {
                "e"
            } else {
                ""
            };
            return (stem, tail);
        }
    }
    (w, "")
}

/// Final -e goes unless the stem is short and ends like "trad" ("exchange" meets
/// "exchanged" at "exchang", "trade" stays "trade"); final -y after a consonant becomes -i
/// ("army" meets "armies" at "armi").
fn ending(w: &str) -> (&str, &'static str) {
    let b = w.as_bytes();
    match b {
        [.., b'e'] if b.len() > 3 => {
            let stem = &w[..w.len() - 1];
            let m = measure(stem);
            if m > 1 || (m == 1 && !cvc(stem)) {
                (stem, "")
            } else {
                (w, "")
            }
        }
        [.., _, b'y'] if b.len() > 3 && consonant(b, b.len() - 2) => (&w[..w.len() - 1], "i"),
        _ => (w, ""),
    }
}

pub fn stem(word: &str) -> Cow<'_, str> {
    let base = irregular(word);
    // Every ending stripped below ends in one of these letters.
    let inflected = word
        .as_bytes()
        .last()
        .is_some_and(|b| matches!(b, b's' | b'd' | b'g' | b'e' | b'y' | b'n'));
    if base.is_none() && (word.len() <= 3 || !inflected) {
        return word.into();
    }
    let w = base.unwrap_or(word);
    let (mut s, mut tail) = plural(w);
    if tail.is_empty() {
        (s, tail) = verb(s);
    }
    if tail.is_empty() {
        (s, tail) = ending(s);
    }
    if tail.is_empty() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + tail.len());
    out.push_str(s);
    out.push_str(tail);
    Cow::Owned(out)
}
