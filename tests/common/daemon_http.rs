//! Talking to a running daemon's `[http]` listener: start it with its log kept, read the
//! address it chose from the log, send one HTTP/1.1 request.

use super::Rig;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// One HTTP/1.1 request on a fresh connection.
pub fn request(addr: &str, method: &str, path: &str) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("read timeout");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read the reply");
    let raw = String::from_utf8(raw).expect("a UTF-8 reply");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("status line of {head:?}"));
    Reply {
        status,
        head: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

/// Starts `newshound run` with its log in `log`.
pub fn start_logged(rig: &Rig, log: &Path) -> Child {
    start_logged_with(rig, log, &[])
}

/// As `start_logged`, with extra environment variables (a failpoint, say).
pub fn start_logged_with(rig: &Rig, log: &Path, env: &[(&str, &str)]) -> Child {
    let file = std::fs::File::create(log).expect("log file");
    Command::new(assert_cmd::cargo::cargo_bin("newshound"))
        .arg("-c")
        .arg(rig.config_path())
        .arg("run")
        .env_remove("STATE_DIRECTORY")
        .env_remove("NEWSHOUND_LOG")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::from(file))
        .spawn()
        .expect("start the daemon")
}

/// The address the daemon says it listens on (port 0 in the config: the system chose).
pub fn listening_address(log: &Path) -> String {
    let mut addr = None;
    super::wait_until(
        "the listener's address in the log",
        Duration::from_secs(30),
        || {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            addr = text
                .lines()
                .find(|l| l.contains("serving /healthz and /metrics"))
                .and_then(|l| l.split_once("addr="))
                .map(|(_, a)| a.split_whitespace().next().unwrap_or_default().to_string());
            addr.is_some()
        },
    );
    addr.unwrap_or_default()
}
