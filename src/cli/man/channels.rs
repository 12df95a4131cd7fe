//! The `[[channel]]` keys on the man page (issue 17).

use super::config::key;
use super::sub;

pub(super) fn channel_keys(out: &mut String) {
    sub(out, "[[channel]]");
    for (name, text) in [
        (
            "name",
            "The channel's name, as digests' channels and channel test take it.",
        ),
        (
            "kind",
            "\"webhook\", \"ntfy\", \"telegram\", \"matrix\", \"slack\" (also Mattermost, Rocket.Chat) or \"email\".",
        ),
        (
            "url",
            "The webhook or Slack URL; the server for ntfy (default https://ntfy.sh), Telegram \
             (default https://api.telegram.org) and Matrix (required).",
        ),
        ("topic", "ntfy: the topic."),
        (
            "chat_id",
            "telegram: the chat id, a number or @channelname.",
        ),
        ("room", "matrix: the room id, !id:server."),
        ("to", "email: the recipients' addresses."),
        (
            "secret_file",
            "The webhook's signing secret, ntfy's or Matrix's access token, or Telegram's bot \
             token, in a file (looked up in $CREDENTIALS_DIRECTORY first).",
        ),
        ("secret_env", "Or the environment variable holding it."),
        (
            "url_file",
            "A file holding the URL, for a URL that is a credential (a Slack or Mattermost \
             incoming webhook); looked up in $CREDENTIALS_DIRECTORY first.",
        ),
        ("url_env", "Or the environment variable holding the URL."),
        (
            "timeout_secs",
            "How long one request to the service may take before it is retried later. \
             Default 30.",
        ),
        (
            "secret",
            "Refused: a secret does not belong in the config file.",
        ),
    ] {
        key(out, "[[channel]]", name, text);
    }
}
