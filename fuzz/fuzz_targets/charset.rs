//! Charset detection: any bytes under any Content-Type label decode to text without panic,
//! and bytes that are valid UTF-8 (not plain ASCII) come back unchanged whatever the label.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else { return };
    let split = usize::from(n).min(rest.len());
    let (label, bytes) = rest.split_at(split);
    let ct = format!("text/xml; charset={}", String::from_utf8_lossy(label));
    let feed = newshound::feed::decoded_text(bytes, Some(&ct));
    let page = newshound::extract::decode_html(bytes, Some(&ct));
    if newshound::feed::as_utf8(bytes).is_some_and(|t| t.len() == bytes.len())
        && !bytes.windows(5).any(|w| w == b"<?xml")
    {
        assert_eq!(feed.as_bytes(), bytes, "valid UTF-8 kept");
    }
    let _ = page;
});
