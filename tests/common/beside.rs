//! A bad feed beside a good one: the rig, the feeds and the `poll --once --json` that asserts
//! the good feed was polled whatever happened to the bad one.

use super::web::Web;
use super::{Rig, ok, xml_escape};
use serde_json::Value;
use wiremock::ResponseTemplate;

/// An RSS feed of `n` items without links: their text is the feed's own.
pub fn plain_feed(tag: &str, n: usize) -> String {
    let items: String = (0..n)
        .map(|i| {
            format!(
                "<item><title>{tag} item {i}</title><guid>{tag}-{i}</guid>\
                 <description>{}</description></item>",
                xml_escape("Nothing to see here.")
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{tag}</title>{items}</channel></rss>"
    )
}

pub fn rss(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "application/rss+xml")
        .set_body_string(body)
}

/// A rig polling `bad` next to a good feed served by the same site.
pub fn rig_with(site: &Web, bad: String) -> Rig {
    site.get("/good.xml", rss(plain_feed("good", 3)));
    Rig::polling(&[("Bad", bad), ("Good", site.url("/good.xml"))], 9, "")
}

/// `poll --once --json`, returning the report of feed `name` and asserting the good feed's.
pub fn poll(rig: &Rig, args: &[&str]) -> Value {
    let mut all = vec!["poll", "--once", "--json"];
    all.extend_from_slice(args);
    let out = ok(&rig.run(&all));
    let reports: Vec<Value> = serde_json::from_str(&out).expect("poll JSON");
    let good = reports.iter().find(|r| r["feed"] == "Good").expect("good");
    assert!(
        ["fetched", "not_modified", "unchanged"]
            .contains(&good["outcome"].as_str().unwrap_or_default()),
        "the good feed was polled: {good}"
    );
    reports
        .into_iter()
        .find(|r| r["feed"] == "Bad")
        .expect("bad feed report")
}

pub fn error_of(r: &Value) -> String {
    r["error"].as_str().unwrap_or_default().to_string()
}
