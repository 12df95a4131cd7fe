//! Seeded crashes around sending and marking: each round polls the five seed stories, starts
//! `digest send`, kills it (abort, as `kill -9` would: no cleanup) at a point — each in turn,
//! then as the seed chooses — before the message is built, before it is sent, while the server holds its answer
//! to DATA, just after the server accepted it, just after it was marked — then runs
//! `digest send` again twice. Every round must end with every story delivered, each under
//! one Message-ID only (a resend is the same message, which the recipient's mail system
//! keeps once), nothing left in the outbox, and the database intact.
//!
//! `NEWSHOUND_CRASH_SEED` and `NEWSHOUND_CRASH_ROUNDS` change the sequence and its length
//! (bench/faults.sh runs many more rounds for FAULTS.md).

mod common;

use common::smtp::SmtpServer;
use common::web::Web;
use common::{Rig, SEED_TITLES, feed_table, mime, ok, parts, seed_feed_of, sql_column, squash};
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
enum Point {
    BeforeBuild,
    BeforeSend,
    HeldAtData,
    AfterAccept,
    AfterMark,
}

const POINTS: [Point; 5] = [
    Point::BeforeBuild,
    Point::BeforeSend,
    Point::HeldAtData,
    Point::AfterAccept,
    Point::AfterMark,
];

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: a few lines, the same sequence on every machine.
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

fn sender(rig: &Rig, failpoint: Option<&str>) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("newshound"));
    cmd.arg("-c")
        .arg(rig.config_path())
        .args(["digest", "send", "--now"])
        .env_remove("STATE_DIRECTORY")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(f) = failpoint {
        cmd.env("NEWSHOUND_FAILPOINTS", f);
    }
    cmd
}

/// Runs `digest send` and kills it at `point`.
fn crash_at(rig: &Rig, smtp: &SmtpServer, point: Point) {
    let failpoint = match point {
        Point::BeforeBuild => Some("digest=abort"),
        Point::BeforeSend => Some("before_send=abort"),
        Point::AfterAccept => Some("after_send=abort"),
        Point::AfterMark => Some("after_mark=abort"),
        Point::HeldAtData => None,
    };
    if let Some(f) = failpoint {
        let status = sender(rig, Some(f)).status().expect("run the sender");
        assert!(!status.success(), "{point:?}: the sender should have died");
        return;
    }
    smtp.hold(true);
    let mut child = sender(rig, None).spawn().expect("start the sender");
    let start = Instant::now();
    while smtp.held() == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the message never arrived"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("kill -9 the sender");
    child.wait().expect("reap");
    smtp.hold(false);
}

#[test]
fn seeded_kills_around_send_and_mark_lose_nothing_and_repeat_nothing() {
    let seed = env_u64("NEWSHOUND_CRASH_SEED", 15);
    let rounds = env_u64("NEWSHOUND_CRASH_ROUNDS", 5);
    let mut state = seed.max(1);
    let mut tally: BTreeMap<String, u64> = BTreeMap::new();
    for round in 0..rounds {
        // Every point once first, then as the seed says.
        let pick = match usize::try_from(round) {
            Ok(r) if r < POINTS.len() => r,
            _ => (next(&mut state) % POINTS.len() as u64) as usize,
        };
        let point = POINTS[pick];
        *tally.entry(format!("{point:?}")).or_default() += 1;
        let (web, smtp) = (Web::start(), SmtpServer::start());
        web.set_feed("/wire.xml", seed_feed_of(&web.uri(), &[0, 1, 2, 3, 4]));
        let rig = Rig::new();
        rig.write_config(
            &[],
            smtp.port,
            &feed_table("Wire", &web.url("/wire.xml"), ""),
        );
        common::edit(&rig.config_path(), "timeout_secs = 5", "timeout_secs = 120");
        ok(&rig.run(&["poll", "--once"]));

        crash_at(&rig, &smtp, point);
        ok(&rig.run(&["digest", "send", "--now"]));
        ok(&rig.run(&["digest", "send", "--now"]));

        let context = format!("seed {seed}, round {round}, killed {point:?}");
        let inbox = smtp.messages();
        assert!(!inbox.is_empty(), "{context}: nothing delivered");
        for title in SEED_TITLES {
            let ids: BTreeSet<String> = inbox
                .iter()
                .filter(|m| squash(&parts(m).0).contains(title))
                .map(|m| mime(m).message_id().unwrap_or_default().to_string())
                .collect();
            assert_eq!(ids.len(), 1, "{context}: {title:?} under {ids:?}");
        }
        assert_eq!(
            sql_column(&rig, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"),
            ["0"],
            "{context}: left in the outbox"
        );
        assert_eq!(
            sql_column(&rig, "PRAGMA integrity_check"),
            ["ok"],
            "{context}"
        );
    }
    println!("seed {seed}: {rounds} rounds, kill points {tally:?}");
}
