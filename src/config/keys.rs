//! Unknown keys: every key of a file is compared with the keys its table takes, before serde
//! reads it, so that every misspelt key is reported at once, at its line and column, with the
//! key it was probably meant to be. The keys each table takes come from the serde structures
//! themselves (see [`fields_of`]), so this list cannot drift from what is actually read.
//!
//! Each unknown key is then blanked out of the text (replaced by spaces, newlines kept, so every
//! other offset stays where it was) and the rest is read as usual, so a misspelling does not
//! hide the problems after it. `deny_unknown_fields` stays on the structures as a backstop.

use super::error::Located;
use super::raw::{
    RawAliases, RawConfig, RawDigest, RawFeed, RawFetch, RawMail, RawSchedule, RawSmtp, RawStorage,
    RawWatch, RawWatchlist, RawWatchlists,
};
use super::sites::RawSite;
use serde::Deserialize;
use std::borrow::Cow;
use std::ops::Range;
use toml_edit::{Item, TableLike, Value};

/// The keys one kind of table takes, and the shapes of the tables nested in it.
pub(super) struct Shape {
    /// Where a key of this table is, in messages: "in [fetch]", "at the top level".
    name: &'static str,
    fields: &'static [&'static str],
    children: Vec<(&'static str, Shape)>,
}

impl Shape {
    fn leaf<'de, T: Deserialize<'de>>(name: &'static str) -> Shape {
        Shape {
            name,
            fields: fields_of::<T>(),
            children: Vec::new(),
        }
    }

    fn child(&self, key: &str) -> Option<&Shape> {
        self.children
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| s)
    }
}

/// `newshound.toml`.
pub(super) fn config_shape() -> Shape {
    let mut mail = Shape::leaf::<RawMail>("in [mail]");
    mail.children = vec![("smtp", Shape::leaf::<RawSmtp>("in [mail.smtp]"))];
    Shape {
        name: "at the top level",
        fields: fields_of::<RawConfig>(),
        children: vec![
            ("storage", Shape::leaf::<RawStorage>("in [storage]")),
            ("schedule", Shape::leaf::<RawSchedule>("in [schedule]")),
            ("fetch", Shape::leaf::<RawFetch>("in [fetch]")),
            ("watch", Shape::leaf::<RawWatch>("in [watch]")),
            ("feed", Shape::leaf::<RawFeed>("in [[feed]]")),
            ("digest", Shape::leaf::<RawDigest>("in [[digest]]")),
            (
                "channel",
                Shape::leaf::<super::channels::RawChannel>("in [[channel]]"),
            ),
            ("mail", mail),
            ("site", Shape::leaf::<RawSite>("in [[site]]")),
            ("http", Shape::leaf::<super::http::RawHttp>("in [http]")),
        ],
    }
}

/// The watchlists file.
pub(super) fn watchlists_shape() -> Shape {
    let mut top = Shape::leaf::<RawWatchlists>("at the top level");
    top.children = vec![("watchlist", Shape::leaf::<RawWatchlist>("in [[watchlist]]"))];
    top
}

/// The shared alias file.
pub(super) fn aliases_shape() -> Shape {
    Shape::leaf::<RawAliases>("at the top level")
}

/// Reports every unknown key of `text` to `at` and returns the text without them, offsets
/// unchanged. A file that does not parse is returned as it is, for serde to report.
pub(super) fn check<'t>(shape: &Shape, text: &'t str, at: &mut Located) -> Cow<'t, str> {
    let Ok(doc) = toml_edit::Document::parse(text) else {
        return Cow::Borrowed(text);
    };
    let mut blank = Vec::new();
    walk(shape, doc.as_table(), false, text, at, &mut blank);
    if blank.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for r in blank {
        for b in bytes.get_mut(r).into_iter().flatten() {
            if !matches!(*b, b'\n' | b'\r') {
                *b = b' ';
            }
        }
    }
    // Whole characters were blanked (every range starts and ends at ASCII syntax), so this
    // only fails on a bug; the original text is then the safe answer.
    String::from_utf8(bytes).map_or(Cow::Borrowed(text), Cow::Owned)
}

fn walk(
    shape: &Shape,
    table: &dyn TableLike,
    inline: bool,
    text: &str,
    at: &mut Located,
    blank: &mut Vec<Range<usize>>,
) {
    for (key, item) in table.iter() {
        let key_span = table
            .get_key_value(key)
            .and_then(|(k, _)| k.span())
            .unwrap_or(0..0);
        if !shape.fields.contains(&key) {
            at.at(key_span.start, message(shape, key));
            erase(item, key_span.start, inline, text, blank);
            continue;
        }
        let Some(child) = shape.child(key) else {
            continue;
        };
        match item {
            Item::Table(t) => walk(child, t, false, text, at, blank),
            Item::ArrayOfTables(a) => {
                for t in a.iter() {
                    walk(child, t, false, text, at, blank);
                }
            }
            Item::Value(Value::InlineTable(t)) => walk(child, t, true, text, at, blank),
            Item::Value(Value::Array(a)) => {
                for t in a.iter().filter_map(Value::as_inline_table) {
                    walk(child, t, true, text, at, blank);
                }
            }
            // A wrong type: serde says so.
            _ => {}
        }
    }
}

fn message(shape: &Shape, key: &str) -> String {
    match suggest(key, shape.fields) {
        Some(s) => format!("unknown key `{key}` {}; did you mean `{s}`?", shape.name),
        None => {
            let known: Vec<String> = shape.fields.iter().map(|f| format!("`{f}`")).collect();
            format!(
                "unknown key `{key}` {}; the keys are {}",
                shape.name,
                known.join(", ")
            )
        }
    }
}

/// The known key `key` was most likely meant to be, when one is close enough to say so: a few
/// letters off (fewer the shorter the key), or the same name cut short (`timeout` for
/// `timeout_secs`). Case and `-` for `_` are forgiven.
pub(super) fn suggest(key: &str, known: &[&'static str]) -> Option<&'static str> {
    let norm = key.to_lowercase().replace('-', "_");
    let close = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&norm, k), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 4).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k);
    close.or_else(|| {
        known.iter().copied().find(|k| {
            let (short, long) = if k.len() < norm.len() {
                (*k, norm.as_str())
            } else {
                (norm.as_str(), *k)
            };
            short.len() >= 4 && long.starts_with(short)
        })
    })
}

/// Adds the ranges to blank so that `item` (under a key starting at `key_start`) is gone:
/// the whole `key = value` line, or the header and every line of a table.
fn erase(item: &Item, key_start: usize, inline: bool, text: &str, blank: &mut Vec<Range<usize>>) {
    match item {
        Item::Value(v) => {
            let end = v.span().map_or(key_start, |s| s.end);
            if inline {
                blank.push(inline_entry(text, key_start, end));
            } else {
                // A key/value pair owns its line, dotted keys (`fetch.x = 1`) included.
                blank.push(line_start(text, key_start)..end);
            }
        }
        Item::Table(t) => erase_table(t, text, blank),
        Item::ArrayOfTables(a) => {
            for t in a.iter() {
                erase_table(t, text, blank);
            }
        }
        Item::None => {}
    }
}

fn erase_table(t: &toml_edit::Table, text: &str, blank: &mut Vec<Range<usize>>) {
    // An implicit table (`a` of `[a.b]`) or a dotted one has no header of its own.
    if let Some(header) = t.span().filter(|_| !t.is_implicit() && !t.is_dotted()) {
        blank.push(line_start(text, header.start)..header.end);
    }
    for (key, item) in t.iter() {
        let start = t
            .get_key_value(key)
            .and_then(|(k, _)| k.span())
            .map_or(0, |s| s.start);
        erase(item, start, false, text, blank);
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// `key = value` inside `{ ... }`, with the comma that separates it from a neighbour, so the
/// inline table stays well formed.
fn inline_entry(text: &str, start: usize, end: usize) -> Range<usize> {
    let after = &text[end.min(text.len())..];
    let ws = after.len() - after.trim_start().len();
    if after[ws..].starts_with(',') {
        return start..end + ws + 1;
    }
    let before = &text[..start.min(text.len())];
    let trimmed = before.trim_end();
    match trimmed.strip_suffix(',') {
        Some(rest) => rest.len()..end,
        None => start..end,
    }
}

/// The field names serde's derive gives `deserialize_struct`, caught by a deserializer that
/// answers nothing else.
fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    match T::deserialize(Probe) {
        Err(Fields(f)) => f,
        Ok(_) => &[],
    }
}

struct Probe;

#[derive(Debug)]
struct Fields(&'static [&'static str]);

impl std::fmt::Display for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "fields {:?}", self.0)
    }
}

impl std::error::Error for Fields {}

impl serde::de::Error for Fields {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Fields(&[])
    }
}

impl<'de> serde::Deserializer<'de> for Probe {
    type Error = Fields;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
        Err(Fields(&[]))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Fields> {
        Err(Fields(fields))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
