//! Delivery channels beyond email (issue 17), each against a local fake of its service on
//! 127.0.0.1 (wiremock): the payload's shape, the webhook's signature checked by an
//! independent HMAC, a 429's retry_after honoured, one channel down while the others and the
//! mail deliver, and the idempotency key stable across a kill -9 between send and record;
//! hostile and long titles escaped per channel, Telegram's split digest resumed after the
//! parts accepted, Matrix's txnId kept across a retry, ntfy's priorities, a service that
//! hangs past its timeout, and credentials kept out of errors. All in one binary: CI's time
//! budget is tight. The newer tests use watchlists without learned models (`quick_rig`), so
//! each takes well under 2 s of a debug build.

mod common;

#[path = "channels/delivery.rs"]
mod delivery;
#[path = "channels/escaping.rs"]
mod escaping;
#[path = "channels/fakes.rs"]
mod fakes;
#[path = "channels/outage.rs"]
mod outage;
#[path = "channels/resume.rs"]
mod resume;
#[path = "channels/secrets.rs"]
mod secrets;
