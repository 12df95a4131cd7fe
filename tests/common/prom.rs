//! A strict reader of the Prometheus text exposition format (0.0.4), independent of the
//! encoder under test: every sample must belong to a family declared by `# TYPE` before it,
//! label values are unescaped, and anything malformed fails the test with the line.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

#[derive(Debug, Default)]
pub struct Exposition {
    /// Family name -> type ("counter", "gauge", "histogram", ...).
    pub types: BTreeMap<String, String>,
    pub samples: Vec<Sample>,
}

impl Exposition {
    pub fn parse(text: &str) -> Exposition {
        let mut out = Exposition::default();
        let mut family: Option<String> = None;
        for line in text.lines() {
            if line.is_empty() || line.starts_with("# HELP ") {
                continue;
            }
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').unwrap_or_else(|| panic!("{line:?}"));
                assert!(
                    out.types.insert(name.into(), kind.into()).is_none(),
                    "family {name} declared twice"
                );
                family = Some(name.into());
                continue;
            }
            assert!(!line.starts_with('#'), "unexpected comment {line:?}");
            let s = sample(line);
            let fam = family
                .as_deref()
                .unwrap_or_else(|| panic!("no # TYPE before {line:?}"));
            let suffixed = ["_bucket", "_sum", "_count"]
                .iter()
                .any(|x| s.name.strip_suffix(x) == Some(fam));
            assert!(s.name == fam || suffixed, "{line:?} outside family {fam}");
            out.samples.push(s);
        }
        out
    }

    /// The value of the one sample named `name` with exactly these labels.
    pub fn get(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        let want: BTreeMap<String, String> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let found: Vec<f64> = self
            .samples
            .iter()
            .filter(|s| s.name == name && s.labels == want)
            .map(|s| s.value)
            .collect();
        assert!(
            found.len() <= 1,
            "{name} {labels:?} appears {} times",
            found.len()
        );
        found.first().copied()
    }

    /// As `get`, insisting the sample is there.
    pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.get(name, labels)
            .unwrap_or_else(|| panic!("no sample {name} {labels:?}"))
    }
}

fn sample(line: &str) -> Sample {
    let bad = || -> ! { panic!("malformed sample line {line:?}") };
    let name_end = line.find(['{', ' ']).unwrap_or_else(|| bad());
    let name = &line[..name_end];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    {
        bad();
    }
    let mut labels = BTreeMap::new();
    let mut rest = &line[name_end..];
    if let Some(inner) = rest.strip_prefix('{') {
        let mut chars = inner.char_indices();
        loop {
            let (key_start, first) = chars.next().unwrap_or_else(|| bad());
            if first == '}' {
                rest = &inner[key_start + 1..];
                break;
            }
            let key_end = loop {
                match chars.next() {
                    Some((i, '=')) => break i,
                    Some(_) => {}
                    None => bad(),
                }
            };
            let key = inner[key_start..key_end].trim_start_matches(',');
            if chars.next().map(|c| c.1) != Some('"') {
                bad();
            }
            let mut value = String::new();
            loop {
                match chars.next().map(|c| c.1) {
                    Some('"') => break,
                    Some('\\') => match chars.next().map(|c| c.1) {
                        Some('n') => value.push('\n'),
                        Some(c @ ('\\' | '"')) => value.push(c),
                        _ => bad(),
                    },
                    Some(c) => value.push(c),
                    None => bad(),
                }
            }
            labels.insert(key.to_string(), value);
        }
    }
    let value = match rest.trim() {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        "NaN" => f64::NAN,
        v => v.parse().unwrap_or_else(|_| bad()),
    };
    Sample {
        name: name.into(),
        labels,
        value,
    }
}
