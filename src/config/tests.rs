use super::*;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

const WATCHLISTS: &str = "[[watchlist]]\nid = \"pow-exchange\"\ntitle = \"POW exchanges\"\nquery = '\"prisoner exchange\"'\n";

#[test]
fn defaults_fill_an_almost_empty_config() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "watchlists.toml", WATCHLISTS);
    let p = write(
        dir.path(),
        "newshound.toml",
        "[[feed]]\nname = \"A\"\nurl = \"https://example.org/rss\"\n",
    );
    let cfg = Config::load_with(&p, None).expect("valid");
    assert_eq!(cfg.storage_path, dir.path().join(defaults::STORAGE_PATH));
    assert_eq!(cfg.feeds[0].poll, defaults::DEFAULT_POLL);
    assert!(cfg.feeds[0].fetch_article);
    assert_eq!(cfg.fetch.max_body_bytes, defaults::MAX_BODY_BYTES);
    assert!(!cfg.fetch.allow_private_addresses);
    assert!(
        matches!(&cfg.mail.transport, Transport::File { dir: d } if *d == dir.path().join(defaults::OUTBOX_DIR))
    );
    assert_eq!(cfg.watchlists[0].id, "pow-exchange");
}

#[test]
fn state_directory_hosts_relative_data_paths() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "watchlists.toml", WATCHLISTS);
    let p = write(dir.path(), "newshound.toml", "");
    let state = Path::new("/var/lib/newshound");
    let cfg = Config::load_with(&p, Some(state)).expect("valid");
    assert_eq!(cfg.storage_path, state.join(defaults::STORAGE_PATH));
    assert_eq!(
        cfg.watchlists_path,
        dir.path().join("watchlists.toml"),
        "config files stay beside the config"
    );
}

#[test]
fn every_problem_is_reported_with_its_line_and_column() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "watchlists.toml", WATCHLISTS);
    let text = "[schedule]\ntimezone = \"Mars/Olympus\"\n\n[[feed]]\nname = \"A\"\nurl = \"not a url\"\npoll = \"0 0 25 * * *\"\n\n\
                [[digest]]\nname = \"daily\"\nsend = \"0 0 7 * * *\"\nto = [\"nobody\"]\nwatchlists = [\"pow\"]\n";
    let p = write(dir.path(), "newshound.toml", text);
    let err = Config::load_with(&p, None).unwrap_err();
    let got: Vec<(usize, usize)> = err.problems().iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(
        got,
        vec![(2, 12), (6, 7), (7, 8), (12, 7), (13, 15)],
        "{err}"
    );
    let text = err.to_string();
    assert!(
        text.contains("unknown time zone \"Mars/Olympus\""),
        "{text}"
    );
    assert!(text.contains("invalid url \"not a url\""), "{text}");
    assert!(
        text.contains("invalid cron expression \"0 0 25 * * *\""),
        "{text}"
    );
    assert!(text.contains("invalid recipient \"nobody\""), "{text}");
    assert!(text.contains("unknown watchlist \"pow\""), "{text}");
}

#[test]
fn smtp_needs_its_table_and_a_readable_password_file() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "watchlists.toml", WATCHLISTS);
    let p = write(
        dir.path(),
        "newshound.toml",
        "[mail]\ntransport = \"smtp\"\n",
    );
    let err = Config::load_with(&p, None).unwrap_err().to_string();
    assert!(err.contains("needs a [mail.smtp] table"), "{err}");

    let p = write(
        dir.path(),
        "newshound.toml",
        "[mail]\ntransport = \"smtp\"\n[mail.smtp]\nhost = \"mx\"\nusername = \"u\"\npassword_file = \"pw\"\n",
    );
    let err = Config::load_with(&p, None).unwrap_err().to_string();
    assert!(err.contains("cannot read password_file"), "{err}");
    write(dir.path(), "pw", "s3cret\n");
    let cfg = Config::load_with(&p, None).expect("valid");
    let Transport::Smtp(s) = &cfg.mail.transport else {
        panic!("smtp")
    };
    assert_eq!(s.password.as_ref().map(Secret::expose), Some("s3cret"));
    assert_eq!(s.port, 587);
    assert!(
        !format!("{cfg:?}").contains("s3cret"),
        "the password never reaches Debug output"
    );
}

#[test]
fn a_missing_watchlists_file_is_named() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = write(
        dir.path(),
        "newshound.toml",
        "[watch]\nfile = \"lists.toml\"\n",
    );
    let err = Config::load_with(&p, None).unwrap_err().to_string();
    assert!(err.contains("lists.toml"), "{err}");
}

#[test]
fn watchlist_problems_are_located_inside_the_query_and_at_the_alias() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "watchlists.toml",
        "[[watchlist]]\nid = \"a\"\nquery = '''\n  (captive OR POW)\n  NEAR swap'''\n\n\
         [[watchlist]]\nid = \"b\"\nquery = \"\\\"x\\\" OR\"\naliases = [[\"Kyiv\", \"Kiev\"], [\"ok\", \"K*v\"]]\n\
         min_score = -1\n",
    );
    write(
        dir.path(),
        "aliases.toml",
        "aliases = [\n  [\"Kyiv\", \"Kiev\"],\n  [\"Kharkiv\"],\n]\n",
    );
    let p = write(dir.path(), "newshound.toml", "");
    let err = Config::load_with(&p, None).unwrap_err();
    let got: Vec<(String, usize, usize)> = err
        .problems()
        .iter()
        .map(|p| {
            let file = p.file.file_name().and_then(|f| f.to_str()).unwrap_or("");
            (file.to_string(), p.line, p.column)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("aliases.toml".to_string(), 3, 3),
            ("watchlists.toml".to_string(), 5, 3),
            ("watchlists.toml".to_string(), 11, 13),
            ("watchlists.toml".to_string(), 10, 37),
            // "query ends here": the closing quote, past the escaped \"x\".
            ("watchlists.toml".to_string(), 9, 18),
        ],
        "{err}"
    );
    let text = err.to_string();
    assert!(text.contains("NEAR needs a distance"), "{text}");
    assert!(text.contains("watchlist b: expected a term"), "{text}");
    assert!(text.contains("alias \"K*v\""), "{text}");
    assert!(text.contains("expected min_score >= 0"), "{text}");
}

#[test]
fn shared_aliases_are_found_beside_the_watchlists_or_named() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "watchlists.toml", WATCHLISTS);
    let p = write(
        dir.path(),
        "newshound.toml",
        "[storage]\nkeep_text_days = 7\n",
    );
    let cfg = Config::load_with(&p, None).expect("valid");
    assert!(cfg.aliases_path.is_none(), "no aliases.toml: none");
    assert_eq!(cfg.keep_text_days, 7);

    write(
        dir.path(),
        "names.toml",
        "aliases = [[\"Kyiv\", \"Kiev\"]]\n",
    );
    let p = write(
        dir.path(),
        "newshound.toml",
        "[watch]\naliases = \"names.toml\"\n",
    );
    let cfg = Config::load_with(&p, None).expect("valid");
    assert_eq!(cfg.aliases, [vec!["Kyiv".to_string(), "Kiev".to_string()]]);
    assert_eq!(cfg.keep_text_days, defaults::KEEP_TEXT_DAYS);

    let p = write(
        dir.path(),
        "newshound.toml",
        "[watch]\naliases = \"gone.toml\"\n",
    );
    let err = Config::load_with(&p, None).unwrap_err();
    assert_eq!((err.problems()[0].line, err.problems()[0].column), (2, 11));
    assert!(err.to_string().contains("gone.toml"), "{err}");
}
