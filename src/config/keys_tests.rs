use super::*;
use std::path::Path;

fn run(shape: &Shape, text: &str) -> (Vec<String>, String) {
    let mut at = Located::new(Path::new("f.toml"), text);
    let cleaned = check(shape, text, &mut at).into_owned();
    let problems = at.problems.iter().map(ToString::to_string).collect();
    (problems, cleaned)
}

#[test]
fn the_keys_come_from_the_serde_structures() {
    let shape = config_shape();
    assert!(shape.fields.contains(&"fetch") && shape.fields.contains(&"site"));
    let fetch = shape.child("fetch").expect("fetch");
    assert!(fetch.fields.contains(&"timeout_secs"));
    let smtp = shape.child("mail").and_then(|m| m.child("smtp"));
    assert!(smtp.expect("smtp").fields.contains(&"password_file"));
    // Every table the top level takes has a shape, so nothing nested goes unchecked.
    for table in [
        "storage", "schedule", "fetch", "watch", "feed", "digest", "mail", "site",
    ] {
        assert!(shape.child(table).is_some(), "{table}");
    }
}

#[test]
fn a_misspelt_key_is_located_and_suggested() {
    let text = "[fetch]\ntimout_secs = 5\nconcurrency = 4\n";
    let (p, cleaned) = run(&config_shape(), text);
    assert_eq!(
        p,
        ["f.toml:2:1: unknown key `timout_secs` in [fetch]; did you mean `timeout_secs`?"]
    );
    assert_eq!(cleaned.len(), text.len());
    assert!(!cleaned.contains("timout") && cleaned.contains("concurrency = 4"));
    toml::from_str::<RawConfig>(&cleaned).expect("the rest still reads");
}

#[test]
fn every_unknown_key_of_every_table_is_reported() {
    let text = "nonsense = 1\n[[feed]]\nnmae = \"x\"\nname = \"a\"\nurl = \"http://a/\"\n\
                [mail.smtp]\nhost = \"h\"\nPassword-File = \"p\"\n[fetch2]\ntimeout = 3\n\
                [[site]]\nhost = \"a\"\nselector = \"b\"\nexclude2 = []\n";
    let (p, cleaned) = run(&config_shape(), text);
    assert_eq!(p.len(), 5, "{p:#?}");
    assert!(
        p[0].starts_with(
            "f.toml:1:1: unknown key `nonsense` at the top level; the keys are `storage`"
        ),
        "{}",
        p[0]
    );
    assert_eq!(
        p[1],
        "f.toml:3:1: unknown key `nmae` in [[feed]]; did you mean `name`?"
    );
    assert_eq!(
        p[2],
        "f.toml:8:1: unknown key `Password-File` in [mail.smtp]; did you mean `password_file`?"
    );
    assert_eq!(
        p[3],
        "f.toml:9:2: unknown key `fetch2` at the top level; did you mean `fetch`?"
    );
    assert_eq!(
        p[4],
        "f.toml:14:1: unknown key `exclude2` in [[site]]; did you mean `exclude`?"
    );
    // The unknown table went with its keys, which would otherwise land in [mail.smtp].
    let raw: RawConfig = toml::from_str(&cleaned).expect("the rest still reads");
    assert_eq!(raw.feed.len(), 1);
    assert_eq!(raw.site.len(), 1);
}

#[test]
fn dotted_and_inline_keys_are_blanked_cleanly() {
    let text = "fetch.timout_secs = 5\n[mail]\nsmtp = { host = \"h\", prot = 25, port = 26 }\n\
                [[digest]]\nname = \"d\"\nsend = \"x\"\nto = []\nwatchlist = [\"a\"]\n";
    let (p, cleaned) = run(&config_shape(), text);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(p[0].contains("`timout_secs` in [fetch]; did you mean `timeout_secs`"));
    assert!(p[1].contains("`prot` in [mail.smtp]; did you mean `port`"));
    assert!(p[2].contains("`watchlist` in [[digest]]; did you mean `watchlists`"));
    let raw: RawConfig = toml::from_str(&cleaned).expect("the rest still reads");
    let smtp = raw.mail.smtp.expect("smtp");
    assert_eq!(smtp.get_ref().port.as_ref().map(|p| *p.get_ref()), Some(26));
    // The last entry of an inline table takes the comma before it.
    let text = "[mail]\nsmtp = { host = \"h\", prot = 25 }\n";
    let (_, cleaned) = run(&config_shape(), text);
    toml::from_str::<RawConfig>(&cleaned).expect("the rest still reads");
}

#[test]
fn watchlist_and_alias_files_are_checked_too() {
    let text = "[[watchlist]]\nid = \"a\"\nquery = \"x\"\nmin-score = 2.0\n";
    let (p, _) = run(&watchlists_shape(), text);
    assert_eq!(
        p,
        ["f.toml:4:1: unknown key `min-score` in [[watchlist]]; did you mean `min_score`?"]
    );
    let (p, _) = run(&aliases_shape(), "alias = [[\"a\", \"b\"]]\n");
    assert_eq!(
        p,
        ["f.toml:1:1: unknown key `alias` at the top level; did you mean `aliases`?"]
    );
}

#[test]
fn only_close_names_are_suggested() {
    let known = &["timeout_secs", "url", "name", "send", "to"];
    assert_eq!(suggest("timout_secs", known), Some("timeout_secs"));
    assert_eq!(suggest("timeout", known), Some("timeout_secs"));
    assert_eq!(suggest("URL", known), Some("url"));
    assert_eq!(suggest("uri", known), Some("url"));
    assert_eq!(suggest("recipients", known), None);
    assert_eq!(suggest("x", known), None);
    assert_eq!(suggest("poll", known), None);
}

#[test]
fn a_file_that_does_not_parse_is_left_to_serde() {
    let (p, cleaned) = run(&config_shape(), "[fetch\n");
    assert!(p.is_empty());
    assert_eq!(cleaned, "[fetch\n");
}
