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

/// True for addresses on the public internet. An IPv6 address that carries an IPv4 one
/// (IPv4-mapped, IPv4-compatible, SIIT-translated, 6to4, Teredo, NAT64) is judged by the
/// IPv4 address it reaches: `::7f00:1` and `64:ff9b::a00:1` are 127.0.0.1 and 10.0.0.1 to any
/// host that routes them.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => public_v4(v4) && public_v6(v6),
            None => public_v6(v6),
        },
    }
}

/// The IPv4 address an IPv6 address stands for, in every form that carries one.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = Ipv4Addr::from((u32::from(s[6]) << 16) | u32::from(s[7]));
    match s {
        // ::ffff:a.b.c.d, IPv4-mapped (RFC 4291 §2.5.5.2).
        [0, 0, 0, 0, 0, 0xffff, _, _] => Some(low),
        // ::ffff:0:a.b.c.d, IPv4-translated (RFC 2765 §2.1).
        [0, 0, 0, 0, 0xffff, 0, _, _] => Some(low),
        // ::a.b.c.d, IPv4-compatible (RFC 4291 §2.5.5.1, deprecated but still routed by
        // some stacks); :: and ::1 are themselves, judged as IPv6.
        [0, 0, 0, 0, 0, 0, _, _] if u32::from(low) > 1 => Some(low),
        // 64:ff9b::a.b.c.d, the NAT64 well-known prefix (RFC 6052 §2.1).
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(low),
        // 2002:AABB:CCDD::/48, 6to4 (RFC 3056 §2).
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo))),
        // 2001:0::/32, Teredo (RFC 4380 §4): the client's address, inverted, in the low bits.
        [0x2001, 0, ..] => Some(Ipv4Addr::from(!u32::from(low))),
        _ => None,
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
        || o[0] >= 240 // 240/4 reserved
        || (o[0] == 192 && o[1] == 0 && o[2] == 0) // 192.0.0/24 protocol assignments
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
        || (s[0] & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated, still routed inside sites)
        || (s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1) // 64:ff9b:1::/48 local-use NAT64
        || (s[0] == 0x100 && s[1..4] == [0, 0, 0]) // 100::/64 discard-only
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
            "240.0.0.1",
            "fec0::1",
        ] {
            assert!(!is_public(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:4700::1111", "8.8.8.8"] {
            assert!(is_public(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[test]
    fn every_ipv6_form_of_a_private_ipv4_address_is_refused() {
        for ip in [
            "::7f00:1",                             // IPv4-compatible 127.0.0.1
            "::127.0.0.1",                          // the same, dotted
            "::a00:1",                              // IPv4-compatible 10.0.0.1
            "::ffff:a9fe:a9fe",                     // IPv4-mapped 169.254.169.254
            "::ffff:0:7f00:1",                      // IPv4-translated 127.0.0.1
            "64:ff9b::7f00:1",                      // NAT64 127.0.0.1
            "64:ff9b::c0a8:101",                    // NAT64 192.168.1.1
            "64:ff9b:1::a00:1",                     // local-use NAT64
            "2002:7f00:1::1",                       // 6to4 127.0.0.1
            "2002:a9fe:a9fe::",                     // 6to4 169.254.169.254
            "2001:0:4136:e378:8000:63bf:80ff:fffe", // Teredo, client 127.0.0.1
        ] {
            assert!(!is_public(ip.parse().expect("ip")), "{ip}");
        }
        // The same forms around public IPv4 addresses stay public.
        for ip in ["64:ff9b::5db8:d822", "2002:5db8:d822::1", "::ffff:8.8.8.8"] {
            assert!(is_public(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[tokio::test]
    async fn an_embedded_loopback_address_in_a_link_is_refused() {
        let e = check(&Url::parse("http://[::7f00:1]/").expect("url"))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("allow_private_addresses"), "{e}");
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
