//! Article extraction (stub: to be written).
use crate::model::Article;

pub fn extract(_html: &str, _url: Option<&url::Url>) -> Article {
    Article::default()
}

pub fn decode_html(bytes: &[u8], _content_type: Option<&str>) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn html_to_text(html: &str) -> String {
    html.to_string()
}
