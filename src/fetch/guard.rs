//! The private-address guard: links found in feeds come from third parties, and must not
//! make newshound a proxy into loopback, private, link-local or cloud-metadata addresses.
//! The host is resolved and every address it resolves to is checked.

use super::FetchError;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

pub(super) async fn check(url: &Url) -> Result<(), FetchError> {
    let refused = |reason: String| FetchError::Refused {
        url: url.clone(),
        reason,
    };
    let addrs: Vec<IpAddr> = match url.host() {
        Some(Host::Ipv4(ip)) => vec![IpAddr::V4(ip)],
        Some(Host::Ipv6(ip)) => vec![IpAddr::V6(ip)],
        Some(Host::Domain(d)) => {
            let port = url.port_or_known_default().unwrap_or(80);
            tokio::net::lookup_host((d, port))
                .await
                .map_err(|e| refused(format!("cannot resolve {d}: {e}")))?
                .map(|s| s.ip())
                .collect()
        }
        None => return Err(refused("no host".into())),
    };
    match addrs.iter().find(|ip| !is_public(**ip)) {
        Some(ip) => Err(refused(format!(
            "{ip} is a loopback, private or link-local address; set [fetch] allow_private_addresses = true to allow it"
        ))),
        None => Ok(()),
    }
}

/// True for addresses on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => public_v4(v4),
            None => public_v6(v6),
        },
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local() // includes 169.254.169.254, the cloud metadata service
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || o[0] == 0
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // 100.64/10 carrier-grade NAT
        || (o[0] == 198 && (o[1] & 0xfe) == 18)) // 198.18/15 benchmarking
}

fn public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (s[0] == 0x2001 && s[1] == 0x0db8)) // documentation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_ranges_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.1.1",
            "172.16.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:4700::1111", "8.8.8.8"] {
            assert!(is_public(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[tokio::test]
    async fn loopback_links_are_refused() {
        let e = check(&Url::parse("http://127.0.0.1:8080/x").expect("url"))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("allow_private_addresses"), "{e}");
        let e = check(&Url::parse("http://localhost/x").expect("url"))
            .await
            .unwrap_err();
        assert!(matches!(e, FetchError::Refused { .. }), "{e}");
    }
}
