//! HTML → article: decoding and extraction must never panic, whatever the page.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let url = url::Url::parse("https://fuzz.example/news/1.html").expect("url");
    let html = newshound::extract::decode_html(data, None);
    let _ = newshound::extract::extract(&html, Some(&url));
});
