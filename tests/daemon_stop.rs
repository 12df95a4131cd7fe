//! SIGTERM while a poll is stuck on a slow server: the daemon gives the work in flight its
//! drain time, abandons what is still waiting, and exits 0 within 10 s, leaving the store
//! whole and keeping what the other feeds brought in that cycle.

mod common;

use common::smtp::SmtpServer;
use common::web::Web;
use common::{Rig, sql_column};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

/// A server on 127.0.0.1 that starts answering every request with a feed and never finishes:
/// the response's head and the first bytes of its body, then nothing, the connection held open.
/// Each request's head is sent on the channel once it has arrived.
fn stalling_server() -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut held: Vec<TcpStream> = Vec::new();
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { break };
            let mut head = Vec::new();
            let mut buf = [0u8; 2048];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match conn.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let _ = conn.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\
                  Content-Length: 100000\r\n\r\n<?xml version=\"1.0\"?><rss version=\"2.0\">",
            );
            let _ = conn.flush();
            let _ = tx.send(String::from_utf8_lossy(&head).into_owned());
            held.push(conn);
        }
    });
    (port, rx)
}

#[test]
fn sigterm_during_a_stuck_poll_exits_cleanly_and_keeps_the_other_feeds() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    web.set_feed("/feed.xml", common::seed_feed(&web.uri()));
    let (port, requests) = stalling_server();
    let rig = Rig::polling(
        &[
            ("Wire", web.url("/feed.xml")),
            ("Stuck", format!("http://127.0.0.1:{port}/feed.xml")),
        ],
        smtp.port,
        "",
    );
    // Both feeds every second; the stuck one's fetch may take a minute, far past the drain.
    rig.edit_config(|c| {
        common::every_second(c).replace("\ntimeout_secs = 2\n", "\ntimeout_secs = 60\n")
    });

    let child = common::start_daemon(&rig);
    let head = requests
        .recv_timeout(Duration::from_secs(30))
        .expect("the stuck feed is polled");
    assert!(head.starts_with("GET /feed.xml "), "{head}");
    let wire_items = || {
        rusqlite::Connection::open(rig.db_path())
            .and_then(|c| {
                c.query_row(
                    "SELECT items_seen FROM feeds WHERE name = 'Wire'",
                    [],
                    |r| r.get::<_, i64>(0),
                )
            })
            .unwrap_or(0)
    };
    common::wait_until(
        "the other feed's poll to be recorded",
        Duration::from_secs(30),
        || wire_items() == 5,
    );

    // The stuck poll is in flight (its server has the request and is holding the answer).
    common::stop_daemon(child);

    assert_eq!(sql_column(&rig, "PRAGMA integrity_check"), ["ok"]);
    assert_eq!(
        sql_column(&rig, "SELECT name FROM feeds ORDER BY name"),
        ["Stuck", "Wire"]
    );
    assert_eq!(
        sql_column(
            &rig,
            "SELECT count(*) FROM entries JOIN feeds ON feeds.id = entries.feed_id WHERE feeds.name = 'Wire'"
        ),
        ["5"],
        "the other feed's entries of that cycle are kept"
    );
    assert_eq!(
        sql_column(
            &rig,
            "SELECT count(*) || ' ' || coalesce(max(last_success_at), 'never') || ' ' || consecutive_failures \
             FROM feeds WHERE name = 'Stuck'"
        ),
        ["1 never 0"],
        "the abandoned poll recorded nothing: it is redone on the next start"
    );
    // The store is free for the next process: nothing was left locked.
    common::sql(
        &rig,
        "UPDATE feeds SET next_poll_at = NULL WHERE name = 'Stuck'",
    );
}
