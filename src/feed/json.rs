//! JSON Feed (https://jsonfeed.org/version/1.1), read field by field: a field of the wrong
//! type (an integer `date_published`, an object for a title) loses that field, said in a
//! note, never the item or the feed; an item that is not an object loses that item, said too.
//! (feed-rs reads the whole document into fixed types, so one such field refused the feed.)

use chrono::{DateTime, Utc};
use serde_json::Value;

/// One item's fields as the feed stage uses them, before links are made absolute.
#[derive(Debug, Default)]
pub(super) struct Item {
    pub id: String,
    pub url: Option<String>,
    pub title: String,
    /// `(text, is_html)`: `content_html`, else `content_text`, else `summary`.
    pub content: Option<(String, bool)>,
    pub published: Option<DateTime<Utc>>,
}

#[derive(Debug, Default)]
pub(super) struct Document {
    pub title: Option<String>,
    pub items: Vec<Item>,
    pub notes: Vec<String>,
}

/// `Err` says why this is not a JSON feed at all.
pub(super) fn read(bytes: &[u8]) -> Result<Document, String> {
    let root: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(root) = root else {
        return Err("JSON, but not an object: not a JSON Feed".into());
    };
    let Some(items) = root.get("items") else {
        return Err("JSON without an \"items\" list: not a JSON Feed".into());
    };
    let Value::Array(items) = items else {
        return Err(format!(
            "\"items\" is {}, not a list: not a JSON Feed",
            kind(items)
        ));
    };
    let mut doc = Document {
        title: string(&root, "title", "the feed", &mut Vec::new()),
        ..Default::default()
    };
    for (i, v) in items.iter().enumerate() {
        let Value::Object(o) = v else {
            doc.notes.push(format!(
                "item {}: {} instead of an object; dropped",
                i + 1,
                kind(v)
            ));
            continue;
        };
        let at = format!("item {}", i + 1);
        let notes = &mut doc.notes;
        let id = match o.get("id") {
            Some(Value::String(s)) => s.clone(),
            // The spec says string; many producers write numbers, which say the same.
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Null) | None => String::new(),
            Some(other) => {
                notes.push(format!(
                    "{at}: id is {}, not a string; dropped",
                    kind(other)
                ));
                String::new()
            }
        };
        let content = string(o, "content_html", &at, notes)
            .map(|h| (h, true))
            .or_else(|| string(o, "content_text", &at, notes).map(|t| (t, false)))
            .or_else(|| string(o, "summary", &at, notes).map(|t| (t, false)));
        let published =
            date(o, "date_published", &at, notes).or_else(|| date(o, "date_modified", &at, notes));
        doc.items.push(Item {
            id,
            url: string(o, "url", &at, notes).or_else(|| string(o, "external_url", &at, notes)),
            title: string(o, "title", &at, notes).unwrap_or_default(),
            content,
            published,
        });
    }
    Ok(doc)
}

type Object = serde_json::Map<String, Value>;

/// A string field; any other type is noted and dropped.
fn string(o: &Object, key: &str, at: &str, notes: &mut Vec<String>) -> Option<String> {
    match o.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => {
            notes.push(format!(
                "{at}: {key} is {}, not a string; dropped",
                kind(other)
            ));
            None
        }
    }
}

/// A date field (RFC 3339, as the spec says, or RFC 2822, as some write); anything else is
/// noted and dropped.
fn date(o: &Object, key: &str, at: &str, notes: &mut Vec<String>) -> Option<DateTime<Utc>> {
    let s = string(o, key, at, notes)?;
    let parsed = DateTime::parse_from_rfc3339(s.trim())
        .or_else(|_| DateTime::parse_from_rfc2822(s.trim()))
        .map(|d| d.with_timezone(&Utc));
    match parsed {
        Ok(d) => Some(d),
        Err(_) => {
            notes.push(format!("{at}: {key} {s:?} is not a date; dropped"));
            None
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_of_the_wrong_type_loses_that_field_not_the_feed() {
        let doc = read(
            br#"{"version":"https://jsonfeed.org/version/1.1","title":"JF","items":[
                {"id":1,"url":"https://example.org/1","title":"One","date_published":1700000000,"content_text":"Body one."},
                {"id":"2","title":{"nested":true},"content_html":"<p>Two</p>","date_published":"2024-02-03T04:05:06Z"},
                "not an item",
                {"id":"4","url":"https://example.org/4","date_published":"yesterday"}
            ]}"#,
        )
        .expect("a JSON feed");
        assert_eq!(doc.items.len(), 3);
        assert_eq!(doc.items[0].id, "1");
        assert_eq!(doc.items[0].published, None);
        assert_eq!(doc.items[0].content, Some(("Body one.".into(), false)));
        assert_eq!(doc.items[1].title, "");
        assert!(doc.items[1].published.is_some());
        assert_eq!(
            doc.notes,
            [
                "item 1: date_published is a number, not a string; dropped",
                "item 2: title is an object, not a string; dropped",
                "item 3: a string instead of an object; dropped",
                "item 4: date_published \"yesterday\" is not a date; dropped",
            ]
        );
    }

    #[test]
    fn json_that_is_no_feed_says_why() {
        assert!(read(b"[1,2]").unwrap_err().contains("not an object"));
        assert!(read(b"{\"a\":1}").unwrap_err().contains("\"items\""));
        assert!(
            read(b"{\"items\":3}")
                .unwrap_err()
                .contains("a number, not a list")
        );
        assert!(read(b"{\"items\":").unwrap_err().starts_with("not JSON"));
    }
}
