//! A bot token or a webhook URL that is a credential stays out of every error and warning.

use crate::common::smtp::SmtpServer;
use crate::common::web::Web;
use crate::common::{ok, stderr};
use crate::fakes::{Setup, quick_rig};

#[test]
fn no_token_or_secret_url_reaches_an_error_and_check_warns_of_a_slack_url_in_the_config() {
    // A port nothing listens on: every send fails to connect, the error reqwest writes
    // naming the URL it tried.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let down = format!("http://127.0.0.1:{port}");
    let tables = format!(
        "\n[[channel]]\nname = \"tg\"\nkind = \"telegram\"\nurl = \"{down}\"\nchat_id = \"-100\"\nsecret_file = \"bot\"\n\
         [[channel]]\nname = \"filed\"\nkind = \"slack\"\nurl_file = \"slack-url\"\n\
         [[channel]]\nname = \"inline\"\nkind = \"slack\"\nurl = \"{down}/services/T/B/inline\"\n"
    );
    let url = format!("{down}/services/T/B/hushhush\n");
    let setup = Setup {
        channels: "[]",
        tables: &tables,
        files: &[("bot", "123:sekrit"), ("slack-url", &url)],
    };
    let (web, smtp) = (Web::empty(), SmtpServer::start());
    let rig = quick_rig(&web, &smtp, &setup, &[]);
    for (name, secret) in [("tg", "sekrit"), ("filed", "hushhush")] {
        let run = rig.run(&["channel", "test", name]);
        assert!(!run.status.success(), "{name} cannot be reached");
        let err = stderr(&run);
        assert!(
            err.contains(&format!("{name}: cannot reach {down}")),
            "{err}"
        );
        assert!(!err.contains(secret), "{name}'s credential in\n{err}");
    }
    let check = rig.run(&["check"]);
    ok(&check);
    let err = stderr(&check);
    let warned: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("incoming-webhook URL is a secret"))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("channel \"inline\""), "{warned:?}");
    assert!(!err.contains("hushhush"), "{err}");
}
