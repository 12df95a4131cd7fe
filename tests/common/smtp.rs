//! A real SMTP server on 127.0.0.1 (mailin-embedded) that keeps every message it accepts,
//! and can be told to refuse mail for now (451, as a relay in trouble would) or for good
//! (554, as one rejecting the message would), or to hold a message it has received before
//! answering, so a test can kill the sender between send and mark.

use mailin_embedded::{Handler, Response, Server, SslConfig, response};
use std::net::{IpAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

/// While `true`, a received message waits before it is kept and answered.
#[derive(Default)]
struct Gate {
    held: Mutex<bool>,
    opened: Condvar,
    waiting: AtomicUsize,
}

#[derive(Clone, Default)]
struct Sink {
    accept: Arc<AtomicBool>,
    /// While set, messages are refused with 554 instead of 451.
    for_good: Arc<AtomicBool>,
    inbox: Arc<Mutex<Vec<Received>>>,
    gate: Arc<Gate>,
    current: Option<Received>,
}

impl Handler for Sink {
    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        response::OK
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received {
            from: from.to_string(),
            to: to.to_vec(),
            data: String::new(),
        });
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(c) = &mut self.current {
            c.data.push_str(&String::from_utf8_lossy(buf));
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let gate = &self.gate;
        gate.waiting.fetch_add(1, Ordering::SeqCst);
        let mut held = gate.held.lock().expect("gate");
        while *held {
            held = gate.opened.wait(held).expect("gate");
        }
        drop(held);
        gate.waiting.fetch_sub(1, Ordering::SeqCst);
        let msg = self.current.take();
        if self.for_good.load(Ordering::SeqCst) {
            return closing(response::TRANSACTION_FAILED);
        }
        if !self.accept.load(Ordering::SeqCst) {
            return closing(response::INTERNAL_ERROR);
        }
        if let Some(m) = msg {
            self.inbox.lock().expect("inbox").push(m);
        }
        response::OK
    }
}

/// The refusal, then the connection closed. mailin stays in its DATA state after refusing a
/// message, so the client's next command (RSET, QUIT) would be read as message text and never
/// answered; a real server would go on. Closing ends the exchange as cleanly.
fn closing(mut r: Response) -> Response {
    r.action = mailin_embedded::Action::Close;
    r
}

pub struct SmtpServer {
    pub port: u16,
    accept: Arc<AtomicBool>,
    for_good: Arc<AtomicBool>,
    inbox: Arc<Mutex<Vec<Received>>>,
    gate: Arc<Gate>,
}

impl SmtpServer {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let sink = Sink {
            accept: Arc::new(AtomicBool::new(true)),
            ..Default::default()
        };
        let (accept, inbox, gate) = (sink.accept.clone(), sink.inbox.clone(), sink.gate.clone());
        let for_good = sink.for_good.clone();
        let mut server = Server::new(sink);
        server
            .with_name("test.smtp")
            .with_ssl(SslConfig::None)
            .expect("ssl none")
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        SmtpServer {
            port,
            accept,
            for_good,
            inbox,
            gate,
        }
    }

    /// Holds (true) every message received from now on before keeping and answering it, or
    /// lets the held ones through (false).
    pub fn hold(&self, hold: bool) {
        *self.gate.held.lock().expect("gate") = hold;
        self.gate.opened.notify_all();
    }

    /// How many received messages are held, unanswered.
    pub fn held(&self) -> usize {
        self.gate.waiting.load(Ordering::SeqCst)
    }

    /// Makes the server refuse for now, 451 (true), or accept (false) every message from now on.
    pub fn refuse(&self, refuse: bool) {
        self.accept.store(!refuse, Ordering::SeqCst);
    }

    /// Makes the server refuse every message for good, 554 (true), or stop doing so (false).
    pub fn refuse_for_good(&self, refuse: bool) {
        self.for_good.store(refuse, Ordering::SeqCst);
    }

    pub fn messages(&self) -> Vec<Received> {
        self.inbox.lock().expect("inbox").clone()
    }
}
