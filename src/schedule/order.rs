//! The order a full cycle takes feeds in: round-robin over their hosts, so the bounded set
//! of polls in flight spans many hosts instead of queueing behind one host's per-host limit.

use std::collections::HashMap;
use url::Url;

/// Indices of `urls`, interleaved by origin: the first feed of every host, then the second of
/// every host, and so on. Within a host the given order is kept.
pub fn interleave_by_host(urls: &[&Url]) -> Vec<usize> {
    let mut hosts: Vec<Vec<usize>> = Vec::new();
    let mut slot: HashMap<(Option<&str>, Option<u16>), usize> = HashMap::new();
    for (i, u) in urls.iter().enumerate() {
        let key = (u.host_str(), u.port_or_known_default());
        let h = *slot.entry(key).or_insert_with(|| {
            hosts.push(Vec::new());
            hosts.len() - 1
        });
        hosts[h].push(i);
    }
    let longest = hosts.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::with_capacity(urls.len());
    for round in 0..longest {
        out.extend(hosts.iter().filter_map(|h| h.get(round)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_of_one_host_are_spread_out() {
        let urls: Vec<Url> = [
            "http://a/1",
            "http://a/2",
            "http://a/3",
            "http://b/1",
            "http://c:81/1",
            "http://c:81/2",
        ]
        .iter()
        .map(|s| Url::parse(s).unwrap())
        .collect();
        let refs: Vec<&Url> = urls.iter().collect();
        assert_eq!(interleave_by_host(&refs), vec![0, 3, 4, 1, 5, 2]);
    }
}
