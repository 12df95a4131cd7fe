//! Delivery channels beyond email (issue 17), each against a local fake of its service on
//! 127.0.0.1 (wiremock): the payload's shape, the webhook's signature checked by an
//! independent HMAC, a 429's retry_after honoured, one channel down while the others and the
//! mail deliver, and the idempotency key stable across a kill -9 between send and record.
//! All in one binary: CI's time budget is tight.

mod common;

#[path = "channels/delivery.rs"]
mod delivery;
#[path = "channels/fakes.rs"]
mod fakes;
