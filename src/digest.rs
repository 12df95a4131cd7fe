//! Digest building and rendering (stub: to be written).
use crate::model::{Digest, PendingMatch};
use chrono::{DateTime, Utc};

pub struct Rendered {
    pub subject: String,
    pub html: String,
    pub text: String,
}

pub fn build(
    name: &str,
    timezone: &str,
    watchlists: &[(String, String)],
    pending: Vec<PendingMatch>,
    now: DateTime<Utc>,
) -> Digest {
    let _ = (watchlists, pending);
    Digest {
        name: name.into(),
        generated_at: now,
        timezone: timezone.into(),
        sections: vec![],
        match_ids: vec![],
    }
}

pub fn render(_digest: &Digest) -> Rendered {
    Rendered {
        subject: String::new(),
        html: String::new(),
        text: String::new(),
    }
}
