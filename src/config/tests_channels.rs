//! `[[channel]]` validation: each kind's URL, ids and secret, located errors naming the
//! channel, and no secret in the config.

use super::*;
use crate::channel::Kind;

const WATCHLISTS: &str = "[[watchlist]]\nid = \"pow\"\nquery = \"swap\"\n";

fn load(dir: &Path, text: &str) -> Result<Config, ConfigError> {
    std::fs::write(dir.join("watchlists.toml"), WATCHLISTS).expect("write");
    let p = dir.join("newshound.toml");
    std::fs::write(&p, text).expect("write");
    Config::load_with(&p, None)
}

#[test]
fn every_kind_reads_its_target_and_secret() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("bot"), "123:abc\n").expect("write");
    std::fs::write(dir.path().join("mx"), "syt_token").expect("write");
    let cfg = load(
        dir.path(),
        "[[channel]]\nname = \"desk\"\nkind = \"webhook\"\nurl = \"https://hooks.example.org/n\"\n\
         [[channel]]\nname = \"phone\"\nkind = \"ntfy\"\ntopic = \"pow-alerts\"\n\
         [[channel]]\nname = \"tg\"\nkind = \"telegram\"\nchat_id = \"-1001234\"\nsecret_file = \"bot\"\n\
         [[channel]]\nname = \"room\"\nkind = \"matrix\"\nurl = \"https://matrix.example.org\"\nroom = \"!r:example.org\"\nsecret_file = \"mx\"\n\
         [[channel]]\nname = \"chat\"\nkind = \"slack\"\nurl = \"https://hooks.slack.com/services/T/B/x\"\n\
         [[digest]]\nname = \"d\"\nsend = \"0 0 7 * * *\"\nchannels = [\"desk\", \"tg\"]\n",
    )
    .expect("valid");
    let kinds: Vec<Kind> = cfg.channels.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            Kind::Webhook,
            Kind::Ntfy,
            Kind::Telegram,
            Kind::Matrix,
            Kind::Slack
        ]
    );
    let ntfy = cfg.channel("phone").expect("ntfy");
    assert_eq!(ntfy.url.as_ref().map(Url::as_str), Some("https://ntfy.sh/"));
    let tg = cfg.channel("tg").expect("tg");
    assert_eq!(tg.target, "-1001234");
    assert_eq!(tg.secret.as_ref().map(Secret::expose), Some("123:abc"));
    assert!(
        !format!("{tg:?}").contains("123:abc"),
        "the token never reaches Debug"
    );
    assert_eq!(cfg.digests[0].channels, ["desk", "tg"]);
    assert!(cfg.digests[0].to.is_empty(), "channels alone are enough");
}

#[test]
fn each_problem_is_located_and_names_its_channel() {
    let dir = tempfile::tempdir().expect("tmp");
    let err = load(
        dir.path(),
        "[[channel]]\nname = \"a\"\nkind = \"telegram\"\nchat_id = \"nope\"\n\
         [[channel]]\nname = \"b\"\nkind = \"webhook\"\nurl = \"ftp://x\"\nsecret = \"hunter2\"\n\
         [[channel]]\nname = \"c\"\nkind = \"irc\"\n\
         [[channel]]\nname = \"d\"\nkind = \"matrix\"\nurl = \"https://m.org\"\nroom = \"r\"\nsecret_file = \"missing\"\n\
         [[digest]]\nname = \"x\"\nsend = \"0 0 7 * * *\"\nchannels = [\"zz\"]\n",
    )
    .unwrap_err()
    .to_string();
    for want in [
        ":4:11: channel \"a\": invalid chat_id \"nope\"",
        ":2:8: channel \"a\": a telegram channel needs the bot token",
        ":8:7: channel \"b\": url \"ftp://x\" must be an http:// or https:// URL",
        ":9:10: channel \"b\": a secret does not belong in the config file",
        ":12:8: channel \"c\": unknown kind \"irc\"",
        ":17:8: channel \"d\": invalid room \"r\"",
        "channel \"d\": cannot read secret_file",
        "digest \"x\": unknown channel \"zz\"",
    ] {
        assert!(err.contains(want), "{want:?} not in\n{err}");
    }
    assert!(!err.contains("hunter2"), "the secret is never repeated");
}

#[test]
fn a_slack_url_is_read_as_a_secret_and_warned_about_when_written_in_the_config() {
    let dir = tempfile::tempdir().expect("tmp");
    let hook = "https://hooks.slack.com/services/T0/B0/xyzzy";
    let file = dir.path().join("slack-url");
    std::fs::write(&file, format!("{hook}\n")).expect("write");
    // Kept from other users, as a secret should be (else that is warned about too).
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let cfg = load(
        dir.path(),
        "[[channel]]\nname = \"filed\"\nkind = \"slack\"\nurl_file = \"slack-url\"\ntimeout_secs = 5\n\
         [[channel]]\nname = \"inline\"\nkind = \"slack\"\nurl = \"https://hooks.slack.com/services/T/B/x\"\n",
    )
    .expect("valid");
    let filed = cfg.channel("filed").expect("filed");
    assert_eq!(filed.url.as_ref().map(Url::as_str), Some(hook));
    assert_eq!(filed.timeout_secs, 5);
    assert_eq!(cfg.channel("inline").expect("inline").timeout_secs, 30);
    let warnings: Vec<String> = cfg.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(":9:7: channel \"inline\": a Slack incoming-webhook URL is a secret")
            && warnings[0].contains("url_file"),
        "{warnings:?}"
    );
}

#[test]
fn a_url_from_a_file_or_the_environment_is_never_repeated_in_a_problem() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("bad-url"),
        "ftp://hooks.example.org/T0/sekrit\n",
    )
    .expect("w");
    let err = load(
        dir.path(),
        "[[channel]]\nname = \"a\"\nkind = \"slack\"\nurl_file = \"bad-url\"\n\
         [[channel]]\nname = \"b\"\nkind = \"slack\"\nurl = \"https://h.example.org/x\"\nurl_env = \"B_URL\"\n\
         [[channel]]\nname = \"c\"\nkind = \"webhook\"\nurl_env = \"NEWSHOUND_TEST_UNSET_URL_VAR\"\n\
         [[channel]]\nname = \"d\"\nkind = \"webhook\"\ntimeout_secs = 0\nurl = \"https://h.example.org/d\"\n",
    )
    .unwrap_err()
    .to_string();
    for want in [
        ":4:12: channel \"a\": the URL in url_file must be an http:// or https:// URL",
        ":8:7: channel \"b\": set url, or url_file or url_env, not both",
        ":13:11: channel \"c\": url_env names NEWSHOUND_TEST_UNSET_URL_VAR, which is not set",
        ":17:16: [[channel]] timeout_secs = 0 is out of range: it takes 1 to 600 seconds",
    ] {
        assert!(err.contains(want), "{want:?} not in\n{err}");
    }
    assert!(!err.contains("sekrit"), "the URL is never repeated:\n{err}");
}
