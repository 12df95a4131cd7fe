//! Large feeds read a slice of items at a time. feed-rs builds its whole model of a document
//! at once, near a kilobyte per item: a 10 MiB feed of 330,000 items cost 330 MiB. Cut into
//! documents of `ITEMS_PER_CHUNK` items — each the original's head (prolog, root and channel
//! start tags, channel metadata), its items, and the original's tail — the same entries come
//! out for a few MiB. Only for documents that are already well formed; anything unusual (an
//! error in any chunk, items at different depths) is left to the whole-document reading.

use super::scan::{self, Tag};
use std::ops::Range;

/// Documents smaller than this are read whole: the saving is not worth a second pass.
pub(super) const MIN_BYTES: usize = 1 << 20;
const ITEMS_PER_CHUNK: usize = 5_000;
/// Head and tail are repeated in every chunk: past this, cutting would cost more than it saves.
const MAX_FRAME_BYTES: usize = 64 << 10;

/// A document cut into smaller ones: the head and tail every one repeats, and the byte range
/// of each one's items.
pub(super) struct Chunks<'a> {
    doc: &'a str,
    head: Range<usize>,
    tail: Range<usize>,
    bodies: Vec<Range<usize>>,
    items: usize,
}

impl Chunks<'_> {
    /// How many items the chunks hold together.
    pub(super) fn items(&self) -> usize {
        self.items
    }

    /// The smaller documents, built one at a time as they are read (never all at once).
    pub(super) fn parts(&self) -> impl Iterator<Item = String> + '_ {
        self.bodies.iter().map(|body| {
            let (head, tail) = (&self.doc[self.head.clone()], &self.doc[self.tail.clone()]);
            let mut part = String::with_capacity(head.len() + body.len() + tail.len());
            part.push_str(head);
            part.push_str(&self.doc[body.clone()]);
            part.push_str(tail);
            part
        })
    }
}

/// The document cut into smaller documents with the same items, in order; `None` when it
/// does not cut cleanly or is not worth cutting.
pub(super) fn split(doc: &str) -> Option<Chunks<'_>> {
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut item_depth: Option<usize> = None;
    let mut open_item: Option<usize> = None;
    let mut clean = true;
    let walked = scan::walk(doc, |t| match t {
        Tag::Open {
            depth,
            name,
            range,
            empty,
            ..
        } if depth <= 2 && is_item(name) => {
            if *item_depth.get_or_insert(depth) != depth || open_item.is_some() {
                clean = false;
            }
            if empty {
                items.push(range);
            } else {
                open_item = Some(range.start);
            }
        }
        Tag::Close {
            depth,
            name,
            name_range,
        } if Some(depth) == item_depth && is_item(name) => {
            if let Some(start) = open_item.take() {
                let end = doc[name_range.end..]
                    .find('>')
                    .map_or(doc.len(), |i| name_range.end + i + 1);
                items.push(start..end);
            }
        }
        _ => {}
    });
    if walked.is_err() || !clean || open_item.is_some() || items.len() <= ITEMS_PER_CHUNK {
        return None;
    }
    let head = 0..items[0].start;
    let tail = items[items.len() - 1].end..doc.len();
    if head.len() + tail.len() > MAX_FRAME_BYTES {
        return None;
    }
    let bodies = items
        .chunks(ITEMS_PER_CHUNK)
        .map(|chunk| chunk[0].start..chunk[chunk.len() - 1].end)
        .collect();
    Some(Chunks {
        doc,
        head,
        tail,
        bodies,
        items: items.len(),
    })
}

fn is_item(name: &str) -> bool {
    matches!(name.rsplit(':').next(), Some("item" | "entry"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rss(items: usize, channel_extra: &str) -> String {
        let items: String = (0..items)
            .map(|i| format!("<item><guid>{i}</guid></item>"))
            .collect();
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>{channel_extra}{items}</channel></rss>"
        )
    }

    #[test]
    fn a_large_feed_is_cut_into_documents_with_its_head_and_tail() {
        let doc = rss(12_001, "");
        let parts: Vec<String> = split(&doc).expect("cut").parts().collect();
        assert_eq!(parts.len(), 3);
        for p in &parts {
            assert!(p.starts_with(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item>"
            ));
            assert!(p.ends_with("</item></channel></rss>"));
        }
        assert!(parts[2].contains("<guid>12000</guid>") && !parts[2].contains("<guid>9999</guid>"));
        assert!(
            split("<rss><channel><item/></channel></rss>").is_none(),
            "small: read whole"
        );
    }

    #[test]
    fn a_head_too_large_to_repeat_or_items_at_two_depths_are_read_whole() {
        let big_head = format!("<description>{}</description>", "d".repeat(MAX_FRAME_BYTES));
        assert!(split(&rss(12_001, &big_head)).is_none());
        let doc = rss(12_001, "").replace("</channel>", "</channel><item/>");
        assert!(split(&doc).is_none());
        let cut = rss(12_001, "");
        assert!(split(&cut[..cut.len() - 30]).is_none(), "an unclosed item");
    }
}
