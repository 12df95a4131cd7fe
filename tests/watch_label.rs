//! Teaching a watchlist's model: `watch label` turns a stored article into an example of its
//! examples file (appended, the file's comments and order kept), `check` and the daemon learn
//! from it (the daemon on SIGHUP), and `watch backtest` shows what a changed examples file
//! would catch and drop.

mod common;

use common::web::Web;
use common::{Rig, ok, stderr, stdout, text_feed, wait_until};
use std::time::Duration;

// Written for these tests.
const RETURN: &str = "Ukraine and Russia swapped 95 prisoners of war each on Friday. The \
                      freed soldiers were brought home in buses to a hospital in Chernihiv.";
const JOURNALISTS: &str = "Two jailed journalists flew home after a prisoner swap in Ankara; \
                           a convicted spy was released in return.";
const RATES: &str = "The hryvnia exchange rate was steady against the dollar on Friday.";

/// A feed whose entries carry their whole text, so a poll needs no article pages.
fn serve(items: &[(&str, &str)]) -> Web {
    let web = Web::empty();
    web.set_feed("/feed.xml", text_feed(&web.uri(), items));
    web
}

fn rig_for(web: &Web) -> Rig {
    let rig = Rig::new();
    rig.write_config(&[], 9, "");
    let cfg = std::fs::read_to_string(rig.config_path()).expect("config");
    let feed = format!(
        "[[feed]]\nname = \"Wire\"\nurl = \"{}/feed.xml\"\nfetch_article = false\n\n",
        web.uri()
    );
    std::fs::write(rig.config_path(), format!("{feed}{cfg}")).expect("config");
    rig
}

/// The id the digest shows beside the story headed `title`.
fn digest_id(rig: &Rig, title: &str) -> String {
    let digest = ok(&rig.run(&["digest", "preview"]));
    let at = digest
        .find(title)
        .unwrap_or_else(|| panic!("{title} not in the digest: {digest}"));
    let after = &digest[at..];
    let id = after
        .find(" · id ")
        .map(|i| &after[i + " · id ".len()..])
        .unwrap_or_else(|| panic!("no id after {title}: {after}"));
    id.chars().take_while(char::is_ascii_digit).collect()
}

fn examples(rig: &Rig, name: &str) -> String {
    std::fs::read_to_string(rig.dir.path().join("examples").join(name)).expect("examples")
}

#[test]
fn a_labelled_article_is_appended_to_the_examples_and_learned_from() {
    let web = serve(&[("return", RETURN), ("journalists", JOURNALISTS)]);
    let rig = rig_for(&web);
    ok(&rig.run(&["poll", "--once"]));
    let id = digest_id(&rig, "Item return");
    let before = examples(&rig, "pow-exchange.jsonl");
    let lines = before.lines().count();

    let said = ok(&rig.run(&[
        "watch",
        "label",
        &id,
        "--relevant",
        "--watchlist",
        "pow-exchange",
    ]));
    assert!(
        said.contains(&format!("pow-exchange.jsonl:{}", lines + 1)),
        "says where it went: {said}"
    );
    let after = examples(&rig, "pow-exchange.jsonl");
    assert!(
        after.starts_with(&before),
        "the file's lines and comments stay as they were"
    );
    let added: serde_json::Value =
        serde_json::from_str(after.lines().last().expect("a line")).expect("JSON");
    assert_eq!(added["label"], true);
    assert_eq!(added["title"], "Item return");
    assert!(
        added["body"]
            .as_str()
            .expect("body")
            .contains("brought home in buses")
    );
    assert!(added["url"].as_str().expect("url").ends_with("/return"));
    assert_eq!(added["lang"], "en");

    // The same article twice is refused, naming the line it is on.
    let again = rig.run(&[
        "watch",
        "label",
        &id,
        "--irrelevant",
        "--watchlist",
        "pow-exchange",
    ]);
    assert_eq!(again.status.code(), Some(2), "{}", stdout(&again));
    assert!(
        stderr(&again).contains(&format!(
            "pow-exchange.jsonl:{}: this article is already an example",
            lines + 1
        )),
        "{}",
        stderr(&again)
    );

    // By link, for the other watchlist; `check` now counts the new examples.
    let link = format!("{}/journalists", web.uri());
    ok(&rig.run(&[
        "watch",
        "label",
        &link,
        "--irrelevant",
        "--watchlist",
        "cross-border-incursion",
    ]));
    let check = ok(&rig.run(&["check"]));
    let count = |file: &str| {
        examples(&rig, file)
            .lines()
            .filter(|l| l.starts_with('{'))
            .count()
    };
    for (id, file) in [
        ("pow-exchange", "pow-exchange.jsonl"),
        ("cross-border-incursion", "cross-border-incursion.jsonl"),
    ] {
        let line = format!("model: {} examples", count(file));
        assert!(check.contains(&line), "{id}: {line} in {check}");
    }
    assert!(
        check.contains("5-fold cross-validation on its examples: as decided precision"),
        "{check}"
    );
}

#[test]
fn label_says_what_is_missing_instead_of_guessing() {
    let web = serve(&[("return", RETURN), ("rates", RATES)]);
    let rig = rig_for(&web);
    ok(&rig.run(&["poll", "--once"]));
    let unknown = rig.run(&["watch", "label", "999999", "--relevant"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("no stored article \"999999\""),
        "{}",
        stderr(&unknown)
    );
    // The rates item matched no watchlist, so which one it is an example for must be said.
    let link = format!("{}/rates", web.uri());
    let which = rig.run(&["watch", "label", &link, "--irrelevant"]);
    assert_eq!(which.status.code(), Some(2));
    assert!(
        stderr(&which).contains("say which watchlist"),
        "{}",
        stderr(&which)
    );
    let neither = rig.run(&["watch", "label", &link]);
    assert_eq!(
        neither.status.code(),
        Some(2),
        "--relevant or --irrelevant is required"
    );
}

/// A watchlist decided by its model alone, learning from `lines`.
fn model_watchlist(rig: &Rig, lines: &str) {
    std::fs::write(
        rig.dir.path().join("watchlists.toml"),
        "[[watchlist]]\nid = \"pow-exchange\"\ntitle = \"POW\"\nquery = 'never-written-word'\n\
         examples = \"examples/mini.jsonl\"\ndecide = \"model\"\nthreshold = 0.5\n\n\
         [[watchlist]]\nid = \"cross-border-incursion\"\ntitle = \"Raids\"\nquery = 'incursion'\n",
    )
    .expect("watchlists");
    std::fs::write(rig.dir.path().join("examples/mini.jsonl"), lines).expect("examples");
}

/// Ten examples of each kind: returns of soldiers, and money.
fn mini(soldiers_relevant: bool) -> String {
    let soldiers = [
        "Soldiers came home from captivity",
        "Prisoners of war were freed and returned",
        "Captured servicemen returned home",
        "The defenders came back from captivity",
        "Soldiers freed from captivity returned home",
    ];
    let money = [
        "The exchange rate of the hryvnia fell",
        "The dollar rate was steady on Friday",
        "The hryvnia exchange rate rose against the dollar",
        "Banks raised the dollar rate again",
        "The exchange rate fell on the interbank market",
    ];
    let mut out = String::from("# soldiers and money\n");
    for (s, m) in soldiers.iter().zip(&money) {
        for (text, relevant) in [(s, soldiers_relevant), (m, !soldiers_relevant)] {
            for n in 0..2 {
                out.push_str(&format!(
                    "{{\"title\": \"{text} ({n})\", \"body\": \"{text}.\", \"label\": {relevant}}}\n"
                ));
            }
        }
    }
    out
}

#[test]
fn backtest_shows_what_a_changed_examples_file_catches_and_drops() {
    let web = serve(&[("return", RETURN), ("rates", RATES)]);
    let rig = rig_for(&web);
    model_watchlist(&rig, &mini(true));
    ok(&rig.run(&["poll", "--once"]));
    let digest = ok(&rig.run(&["digest", "preview"]));
    assert!(
        digest.contains("Item return") && !digest.contains("Item rates"),
        "{digest}"
    );
    assert!(
        digest.contains("Model: "),
        "the digest says what the model said: {digest}"
    );

    model_watchlist(&rig, &mini(false));
    let out: serde_json::Value =
        serde_json::from_str(&ok(&rig.run(&["watch", "backtest", "--json"]))).expect("JSON");
    let changes: Vec<(String, String)> = out["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["change"].as_str().expect("kind").into(),
                c["title"].as_str().expect("title").into(),
            )
        })
        .collect();
    assert!(
        changes.contains(&("caught".into(), "Item rates".into())),
        "{changes:?}"
    );
    assert!(
        changes.contains(&("dropped".into(), "Item return".into())),
        "{changes:?}"
    );
}

#[test]
fn a_reload_learns_from_an_example_added_meanwhile() {
    let web = serve(&[("return", RETURN)]);
    let rig = rig_for(&web);
    model_watchlist(&rig, &mini(true));
    rig.edit_config(|c| {
        c.replace(
            "default_poll = \"0 0 * * * *\"",
            "default_poll = \"0 0 0 1 1 *\"",
        )
    });
    let log = rig.dir.path().join("daemon.log");
    let child = common::daemon_command(&rig)
        .env("NEWSHOUND_LOG", "newshound=info")
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("start the daemon");
    let logged = || std::fs::read_to_string(&log).unwrap_or_default();
    let trained = |n: usize| {
        move |l: &str| {
            l.lines().any(|line| {
                line.contains("model trained on its examples")
                    && line.contains(&format!("examples={n}"))
            })
        }
    };
    // "running" comes after the SIGHUP handler is in place; a HUP before it would stop the
    // daemon (the signal's default action), not reload it.
    wait_until("the first model", Duration::from_secs(30), || {
        let l = logged();
        trained(20)(&l) && l.contains("newshound running")
    });
    let mut more = mini(true);
    more.push_str("{\"title\": \"Marines back from captivity\", \"body\": \"Marines came home.\", \"label\": true}\n");
    std::fs::write(rig.dir.path().join("examples/mini.jsonl"), more).expect("examples");
    common::signal(child.id(), "HUP");
    wait_until(
        "the model retrained on the reload",
        Duration::from_secs(30),
        || trained(21)(&logged()),
    );
    common::stop_daemon(child);
}
