//! Validating `[mail]` and `[mail.smtp]`: the transport, the security of the connection and
//! where the SMTP password comes from. The password is read from a file (a systemd credential
//! under `$CREDENTIALS_DIRECTORY`, or any path) or an environment variable, never from the
//! config itself: a `password` key is ignored with a warning, since config files get copied,
//! committed and pasted into bug reports.

use super::error::Located;
use super::raw::{RawConfig, RawSmtp, S};
use super::*;
use std::net::IpAddr;

pub(super) fn mail(at: &mut Located, raw: &RawConfig, base: &Path, state_dir: &Path) -> MailConfig {
    let m = &raw.mail;
    let from = match &m.from {
        Some(f) => {
            if let Err(e) = f.get_ref().parse::<lettre::message::Mailbox>() {
                at.at(
                    f.span().start,
                    format!("[mail] from: invalid address {:?}: {e}", f.get_ref()),
                );
            }
            f.get_ref().clone()
        }
        None => defaults::MAIL_FROM.to_string(),
    };
    let dir = state_dir.join(m.dir.as_deref().unwrap_or(defaults::OUTBOX_DIR));
    let transport = match m
        .transport
        .as_ref()
        .map(|t| (t.get_ref().as_str(), t.span().start))
    {
        None | Some(("file", _)) => Transport::File { dir },
        Some(("smtp", pos)) => match &m.smtp {
            Some(s) => Transport::Smtp(smtp(at, s, base)),
            None => {
                at.at(
                    pos,
                    "[mail] transport = \"smtp\" needs a [mail.smtp] table with at least host",
                );
                Transport::File { dir }
            }
        },
        Some((other, pos)) => {
            at.at(
                pos,
                format!("[mail] transport {other:?} is not known: use \"file\" or \"smtp\""),
            );
            Transport::File { dir }
        }
    };
    MailConfig { from, transport }
}

/// Warnings for the shipped placeholders left in a config that now sends real mail: a
/// recipient at a reserved example domain (RFC 2606: it receives no mail), and a `From` at
/// localhost, which a remote server refuses or files as spam.
pub(super) fn warn_placeholders(at: &mut Located, raw: &RawConfig, mail: &MailConfig) {
    let Transport::Smtp(smtp) = &mail.transport else {
        // .eml files are read where they are written: placeholders harm nothing there.
        return;
    };
    for d in &raw.digest {
        for to in &d.get_ref().to {
            if let Some(domain) = reserved_domain(to.get_ref()) {
                at.warn(
                    to.span().start,
                    format!(
                        "recipient {:?} is at {domain}, a reserved example domain that receives \
                         no mail: put the readers' addresses in `to`",
                        to.get_ref()
                    ),
                );
            }
        }
    }
    let from_local = mail
        .from
        .parse::<lettre::message::Mailbox>()
        .is_ok_and(|m| is_loopback(m.email.domain()) || m.email.domain().ends_with(".localdomain"));
    if from_local && !is_loopback(&smtp.host) {
        // Where `from` is, or else where SMTP was chosen: the default From is the culprit then.
        let pos = (raw.mail.from.as_ref().map(|f| f.span().start))
            .or(raw.mail.transport.as_ref().map(|t| t.span().start))
            .unwrap_or(0);
        let which = if raw.mail.from.is_some() {
            ""
        } else {
            " (the default)"
        };
        at.warn(
            pos,
            format!(
                "[mail] from {:?}{which} is at this machine's name, but mail goes to {:?}: \
                 servers there refuse or junk it; set `from` to an address of a domain you \
                 send for",
                mail.from, smtp.host
            ),
        );
    }
}

/// The reserved example domain (example.org, .com, .net or a subdomain) an address is at.
fn reserved_domain(address: &str) -> Option<String> {
    let mailbox = address.parse::<lettre::message::Mailbox>().ok()?;
    let domain = mailbox.email.domain().to_ascii_lowercase();
    ["example.org", "example.com", "example.net"]
        .iter()
        .any(|r| domain == *r || domain.ends_with(&format!(".{r}")))
        .then_some(domain)
}

/// Whether `host` is this machine: the only place plain SMTP may go, since anything else
/// would carry the password and the mail in clear across a network.
pub(super) fn is_loopback(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn smtp(at: &mut Located, s: &S<RawSmtp>, base: &Path) -> SmtpConfig {
    let pos = s.span().start;
    let s = s.get_ref();
    let security = match s
        .security
        .as_ref()
        .map(|x| (x.get_ref().as_str(), x.span().start))
    {
        None | Some(("starttls", _)) => Security::StartTls,
        Some(("tls", _)) => Security::Tls,
        Some(("none", p)) => {
            if !is_loopback(s.host.get_ref()) {
                at.at(
                    p,
                    format!(
                        "[mail.smtp] security = \"none\" would send mail and password in clear to {:?}; \
                         it is allowed only to a relay on this machine (localhost, 127.0.0.1, ::1): \
                         use \"starttls\" or \"tls\"",
                        s.host.get_ref()
                    ),
                );
            }
            Security::None
        }
        Some((other, p)) => {
            at.at(p, format!("[mail.smtp] security {other:?} is not known: use \"starttls\", \"tls\" or \"none\""));
            Security::StartTls
        }
    };
    let default_port = match security {
        Security::Tls => 465,
        Security::StartTls => defaults::SMTP_PORT_STARTTLS,
        Security::None => 25,
    };
    let port = super::ranges::SMTP_PORT.read(at, &s.port, default_port);
    if let Some(p) = &s.password {
        at.warn(
            p.span().start,
            "[mail.smtp] password is ignored: a password does not belong in the config file; \
             put it in a file named by password_file (e.g. a systemd credential) or an \
             environment variable named by password_env",
        );
    }
    let password = password(at, s, base);
    match (&s.username, &password) {
        (Some(_), None) if s.password_file.is_none() && s.password_env.is_none() => at.warn(
            pos,
            "[mail.smtp] username is set but no password_file or password_env: newshound will not log in",
        ),
        (None, Some(_)) => at.warn(
            pos,
            "[mail.smtp] a password is configured but no username: newshound will not log in",
        ),
        _ => {}
    }
    SmtpConfig {
        host: s.host.get_ref().clone(),
        port,
        security,
        username: s.username.clone(),
        password,
        timeout_secs: super::ranges::SMTP_TIMEOUT_SECS.read(
            at,
            &s.timeout_secs,
            defaults::SMTP_TIMEOUT_SECS,
        ),
    }
}

fn password(at: &mut Located, s: &RawSmtp, base: &Path) -> Option<Secret> {
    let keys = SecretKeys {
        table: "[mail.smtp]",
        key: "password",
        what: "password",
        empty_hint: "or remove password_file (and username) to send without logging in",
    };
    read_secret(
        at,
        &keys,
        s.password_file.as_ref(),
        s.password_env.as_ref(),
        base,
    )
}

/// Where a secret's keys are, for messages: `[mail.smtp]` `password_file`, or a channel's
/// `secret_file`.
pub(super) struct SecretKeys<'a> {
    pub table: &'a str,
    /// The keys' stem: `password` for `password_file` and `password_env`.
    pub key: &'a str,
    /// What the secret is, in messages: "password", "token".
    pub what: &'a str,
    /// What to do instead of writing an empty file.
    pub empty_hint: &'a str,
}

/// Reads a secret from `file` (systemd's `$CREDENTIALS_DIRECTORY` first, then beside the
/// config) or the environment variable `env`, reporting every problem at its key.
pub(super) fn read_secret(
    at: &mut Located,
    k: &SecretKeys,
    file: Option<&S<String>>,
    env: Option<&S<String>>,
    base: &Path,
) -> Option<Secret> {
    let (table, key, what) = (k.table, k.key, k.what);
    match (file, env) {
        (Some(file), Some(_)) => {
            at.at(
                file.span().start,
                format!("{table} set {key}_file or {key}_env, not both"),
            );
            None
        }
        (Some(file), None) => {
            let path = password_path(file.get_ref(), base);
            match std::fs::read_to_string(&path) {
                Ok(p) if p.trim().is_empty() => {
                    at.at(
                        file.span().start,
                        format!(
                            "{table} {key}_file {} is empty: write the {what} into it, {}",
                            path.display(),
                            k.empty_hint
                        ),
                    );
                    None
                }
                Ok(p) => {
                    loose_permissions(at, k, file.span().start, &path);
                    Some(Secret::new(p.trim_end_matches(['\r', '\n'])))
                }
                Err(e) => {
                    at.at(
                        file.span().start,
                        format!("{table} cannot read {key}_file {}: {e}", path.display()),
                    );
                    None
                }
            }
        }
        (None, Some(var)) => {
            let name = var.get_ref();
            let is_name = !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !is_name {
                // Quite possibly the secret itself: do not repeat it.
                at.at(
                    var.span().start,
                    format!(
                        "{table} {key}_env must be the name of an environment variable \
                         (letters, digits and _), not the {what}"
                    ),
                );
                return None;
            }
            match std::env::var(name) {
                Ok(p) => Some(Secret::new(p)),
                Err(_) => {
                    at.at(
                        var.span().start,
                        format!("{table} {key}_env names {name}, which is not set"),
                    );
                    None
                }
            }
        }
        (None, None) => None,
    }
}

/// Warns when users besides the owner may read the password file: the password is then
/// as good as shared with everyone on the machine.
fn loose_permissions(at: &mut Located, k: &SecretKeys, pos: usize, path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    let mode = meta.permissions().mode() & 0o777;
    let who = match (mode & 0o040 != 0, mode & 0o004 != 0) {
        (true, true) => "its group and every user",
        (true, false) => "its group",
        (false, true) => "every user",
        (false, false) => return,
    };
    at.warn(
        pos,
        format!(
            "{} {}_file {} can be read by {who} (mode {mode:03o}): run `chmod 600 {}`",
            k.table,
            k.key,
            path.display(),
            path.display()
        ),
    );
}

/// A relative `password_file` is looked up in systemd's `$CREDENTIALS_DIRECTORY` first (so
/// `LoadCredential=smtp-password:…` pairs with `password_file = "smtp-password"`), then
/// beside the config file.
fn password_path(file: &str, base: &Path) -> PathBuf {
    let file = Path::new(file);
    if file.is_relative()
        && let Some(dir) = std::env::var_os("CREDENTIALS_DIRECTORY").filter(|d| !d.is_empty())
    {
        let credential = Path::new(&dir).join(file);
        if credential.exists() {
            return credential;
        }
    }
    base.join(file)
}

#[cfg(test)]
mod tests {
    use super::is_loopback;

    #[test]
    fn only_this_machine_is_loopback() {
        for host in [
            "localhost",
            "LOCALHOST",
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "[::1]",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "mx.example.org",
            "10.0.0.1",
            "localhost.example.org",
            "0.0.0.0",
            "",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
