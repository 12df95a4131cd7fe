//! Runs the binary in a child process and measures it the way an operator's `time -v` would:
//! wall time and peak resident memory (the kernel's high-water mark for the process), with a
//! deadline past which the child is killed and the run reported as hung.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Run {
    pub code: Option<i32>,
    pub secs: f64,
    pub max_rss_mib: f64,
    pub timed_out: bool,
    pub stdout: String,
    pub stderr: String,
}

/// What to write on the child's standard input: nothing, or bytes until it stops reading.
pub enum Stdin {
    Null,
    Endless,
}

pub fn run(mut cmd: Command, stdin: Stdin, limit: Duration) -> Run {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(match stdin {
        Stdin::Null => Stdio::null(),
        Stdin::Endless => Stdio::piped(),
    });
    let start = Instant::now();
    let mut child = cmd.spawn().expect("start the child");
    let pid = child.id();
    if let Some(mut input) = child.stdin.take() {
        std::thread::spawn(move || {
            let block = vec![b'x'; 1 << 16];
            while input.write_all(&block).is_ok() {}
        });
    }
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let mut timed_out = false;
    // Peak resident memory, as /proc/PID/status's VmHWM says while the child runs (the
    // kernel's high-water mark since the exec), read before each check for its exit.
    let mut peak_kib = 0u64;
    let status = loop {
        peak_kib = peak_kib.max(vm_hwm_kib(pid));
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if start.elapsed() > limit && !timed_out {
            timed_out = true;
            let _ = child.kill();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let secs = start.elapsed().as_secs_f64();
    let code = status.code();
    Run {
        code,
        secs,
        max_rss_mib: peak_kib as f64 / 1024.0,
        timed_out,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

/// The "high water mark" of a running process's resident memory, in KiB (0 once it exited).
fn vm_hwm_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
