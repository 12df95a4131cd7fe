//! The rig for channel tests: the seed feed polled, a digest sent to the SMTP fake and to
//! channels served by one wiremock server, and an HMAC written here from RFC 2104 (not the
//! crate's) to check signatures against.

use crate::common::smtp::SmtpServer;
use crate::common::web::Web;
use crate::common::{Rig, edit, feed_table, ok, seed_feed_of};
use sha2::{Digest, Sha256};

/// HMAC-SHA256 from its definition, H((K ^ opad) || H((K ^ ipad) || m)), for keys under one
/// block, written apart from newshound's so a shared mistake cannot hide.
pub fn hmac_hex(key: &[u8], msg: &[u8]) -> String {
    assert!(key.len() <= 64);
    let mut ipad = vec![0x36u8; 64];
    let mut opad = vec![0x5cu8; 64];
    for (i, k) in key.iter().enumerate() {
        ipad[i] ^= k;
        opad[i] ^= k;
    }
    let inner = Sha256::digest([ipad, msg.to_vec()].concat());
    let outer = Sha256::digest([opad, inner.to_vec()].concat());
    outer.iter().map(|b| format!("{b:02x}")).collect()
}

/// A rig whose digest `daily` goes to `to` and to `channels` (the `[[channel]]` tables
/// `tables`, which read the secret files `files`), with the seed stories polled.
pub fn rig(
    web: &Web,
    smtp: &SmtpServer,
    to: &str,
    channels: &str,
    tables: &str,
    files: &[(&str, &str)],
) -> Rig {
    web.set_feed("/wire.xml", seed_feed_of(&web.uri(), &[0, 1, 2, 3, 4]));
    let rig = Rig::new();
    for (name, text) in files {
        std::fs::write(rig.dir.path().join(name), text).expect("secret file");
    }
    let feed = feed_table("Wire", &web.url("/wire.xml"), "");
    rig.write_config(&[], smtp.port, &format!("{feed}\n{tables}"));
    edit(
        &rig.config_path(),
        "to = [\"analyst@desk.test\"]",
        &format!("to = {to}\nchannels = {channels}"),
    );
    ok(&rig.run(&["poll", "--once"]));
    rig
}

#[test]
fn the_test_hmac_meets_rfc_4231() {
    assert_eq!(
        hmac_hex(b"Jefe", b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}
