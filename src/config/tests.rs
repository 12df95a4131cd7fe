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
    assert_eq!(
        cfg.storage,
        crate::store::Location::Sqlite(dir.path().join(defaults::STORAGE_PATH))
    );
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
    assert_eq!(
        cfg.storage,
        crate::store::Location::Sqlite(state.join(defaults::STORAGE_PATH))
    );
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
fn feeds_carry_their_label() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "watchlists.toml", WATCHLISTS);
    let p = write(
        dir.path(),
        "newshound.toml",
        "[[feed]]\nname = \"TASS\"\nurl = \"https://tass.example/rss\"\nlabel = \" Russian state media \"\n\n\
         [[feed]]\nname = \"B\"\nurl = \"https://b.example/rss\"\n",
    );
    let cfg = Config::load_with(&p, None).expect("valid");
    assert_eq!(cfg.feeds[0].label.as_deref(), Some("Russian state media"));
    assert_eq!(cfg.feeds[1].label, None);

    let p = write(
        dir.path(),
        "newshound.toml",
        "[[feed]]\nname = \"TASS\"\nurl = \"https://tass.example/rss\"\nlabel = \"  \"\n",
    );
    let err = Config::load_with(&p, None).unwrap_err();
    assert_eq!(
        err.problems()[0].to_string(),
        format!(
            "{}:4:9: feed \"TASS\": label must not be empty; remove it or say how to weigh this outlet",
            p.display()
        )
    );
}

fn smtp_config(dir: &Path, smtp: &str) -> PathBuf {
    write(dir, "watchlists.toml", WATCHLISTS);
    write(
        dir,
        "newshound.toml",
        &format!("[mail]\ntransport = \"smtp\"\n[mail.smtp]\n{smtp}"),
    )
}

#[test]
fn plain_smtp_goes_only_to_this_machine() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = smtp_config(
        dir.path(),
        "host = \"mx.example.org\"\nsecurity = \"none\"\n",
    );
    let err = Config::load_with(&p, None).unwrap_err();
    let problem = &err.problems()[0];
    assert_eq!((problem.line, problem.column), (5, 12), "{problem}");
    assert!(
        problem
            .message
            .contains("allowed only to a relay on this machine"),
        "{problem}"
    );
    for host in ["localhost", "127.0.0.1", "::1"] {
        let p = smtp_config(
            dir.path(),
            &format!("host = \"{host}\"\nsecurity = \"none\"\n"),
        );
        let cfg = Config::load_with(&p, None).expect("loopback is fine");
        assert!(cfg.warnings.is_empty(), "{:?}", cfg.warnings);
    }
    for security in ["starttls", "tls"] {
        let p = smtp_config(
            dir.path(),
            &format!("host = \"mx.example.org\"\nsecurity = \"{security}\"\n"),
        );
        Config::load_with(&p, None).expect("TLS anywhere");
    }
}

#[test]
fn a_password_in_the_config_is_ignored_with_a_warning() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = smtp_config(
        dir.path(),
        "host = \"mx.example.org\"\nusername = \"u\"\npassword = \"hunter2\"\n",
    );
    let cfg = Config::load_with(&p, None).expect("a warning, not an error");
    let Transport::Smtp(s) = &cfg.mail.transport else {
        panic!("smtp")
    };
    assert_eq!(s.password, None, "never used");
    let warnings: Vec<String> = cfg.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(
        warnings[2].contains("(the default) is at this machine's name"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains(":6:12: [mail.smtp] password is ignored"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].contains("no password_file or password_env"),
        "{warnings:?}"
    );
    assert!(!warnings.concat().contains("hunter2"));

    // A password pasted where the variable's name belongs is refused without repeating it.
    let p = smtp_config(
        dir.path(),
        "host = \"mx.example.org\"\nusername = \"u\"\npassword_env = \"hunter2!\"\n",
    );
    let err = Config::load_with(&p, None).unwrap_err().to_string();
    assert!(
        err.contains("must be the name of an environment variable"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn immediate_alerts_nobody_gets_and_feed_passwords_are_warned_about() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "watchlists.toml",
        &format!(
            "{WATCHLISTS}alert = \"immediate\"\n\n[[watchlist]]\nid = \"other\"\nquery = 'x'\n"
        ),
    );
    let p = write(
        dir.path(),
        "newshound.toml",
        "[[feed]]\nname = \"A\"\nurl = \"https://user:pw@a.example/rss\"\n\n\
         [[digest]]\nname = \"d\"\nsend = \"0 0 7 * * *\"\nto = [\"a@example.org\"]\nwatchlists = [\"other\"]\n",
    );
    let cfg = Config::load_with(&p, None).expect("valid");
    let warnings: Vec<&str> = cfg.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains("the url carries a password"),
        "{warnings:?}"
    );
    assert!(
        warnings[1]
            .contains("\"pow-exchange\" asks for immediate alerts, but no [[digest]] lists it"),
        "{warnings:?}"
    );
}

#[test]
fn site_rules_are_compiled_and_their_problems_located() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "watchlists.toml", WATCHLISTS);
    let p = write(
        dir.path(),
        "newshound.toml",
        "[[site]]\nhost = \"example.org\"\nselector = \"div.story-body\"\nexclude = [\".promo\", \"aside\"]\n",
    );
    let cfg = Config::load_with(&p, None).expect("valid");
    assert_eq!(cfg.sites.len(), 1);
    assert_eq!(cfg.sites[0].host(), "example.org");

    let text = "[[site]]\nhost = \"a.example\"\nexclude = [\".ok\", \"div[[\"]\n\n\
                [[site]]\nhost = \"\"\nselector = \"p\"\n\n\
                [[site]]\nhost = \"b.example\"\n\n\
                [[site]]\nhost = \"c.example\"\nselector = \"p\"\n\n\
                [[site]]\nhost = \"C.example\"\nexclude = [\"p\"]\n";
    let p = write(dir.path(), "newshound.toml", text);
    let err = Config::load_with(&p, None).unwrap_err();
    let got: Vec<(usize, usize)> = err.problems().iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(got, vec![(3, 19), (6, 8), (10, 8), (17, 8)], "{err}");
    let text = err.to_string();
    assert!(text.contains("invalid CSS selector \"div[[\""), "{text}");
    assert!(text.contains("empty host"), "{text}");
    assert!(text.contains("neither a selector nor exclusions"), "{text}");
    assert!(
        text.contains("duplicate [[site]] host \"c.example\""),
        "{text}"
    );

    let p = write(
        dir.path(),
        "newshound.toml",
        "[[site]]\nhost = \"a.example\"\nselectors = \"p\"\n",
    );
    let err = Config::load_with(&p, None).unwrap_err().to_string();
    assert!(err.contains("selectors"), "{err}");
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
