//! The Prometheus text exposition format, version 0.0.4: `# HELP` and `# TYPE` lines, then one
//! `name{label="value"} number` line per sample. Label values and help texts are escaped as
//! the format requires, so a watchlist or digest name cannot break a scrape. Writes into a
//! string; never does I/O.

use std::fmt::Write;

/// The `Content-Type` of what `Encoder` writes.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Gauge,
    Histogram,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Counter => "counter",
            Kind::Gauge => "gauge",
            Kind::Histogram => "histogram",
        }
    }
}

#[derive(Debug, Default)]
pub struct Encoder {
    out: String,
}

impl Encoder {
    /// Starts a metric family; its samples follow.
    pub fn family(&mut self, name: &str, kind: Kind, help: &str) {
        let help = help.replace('\\', "\\\\").replace('\n', "\\n");
        // Writing to a String cannot fail.
        let _ = writeln!(self.out, "# HELP {name} {help}");
        let _ = writeln!(self.out, "# TYPE {name} {}", kind.as_str());
    }

    pub fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: f64) {
        self.out.push_str(name);
        if !labels.is_empty() {
            self.out.push('{');
            for (i, (k, v)) in labels.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                self.out.push_str(k);
                self.out.push_str("=\"");
                escape_label(&mut self.out, v);
                self.out.push('"');
            }
            self.out.push('}');
        }
        self.out.push(' ');
        self.out.push_str(&number(value));
        self.out.push('\n');
    }

    /// A whole histogram family: cumulative `_bucket` lines up to `+Inf`, `_sum`, `_count`.
    pub fn histogram(&mut self, name: &str, help: &str, h: &Histogram) {
        self.family(name, Kind::Histogram, help);
        let bucket = format!("{name}_bucket");
        let mut cumulative = 0;
        for (bound, n) in h.bounds.iter().zip(&h.counts) {
            cumulative += n;
            self.sample(&bucket, &[("le", &number(*bound))], cumulative as f64);
        }
        self.sample(&bucket, &[("le", "+Inf")], h.count as f64);
        self.sample(&format!("{name}_sum"), &[], h.sum);
        self.sample(&format!("{name}_count"), &[], h.count as f64);
    }

    pub fn finish(self) -> String {
        self.out
    }
}

fn escape_label(out: &mut String, v: &str) {
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// A number as the format writes it: `+Inf`, `-Inf`, `NaN`, else the shortest decimal.
fn number(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v == f64::INFINITY {
        "+Inf".into()
    } else if v == f64::NEG_INFINITY {
        "-Inf".into()
    } else {
        format!("{v}")
    }
}

/// Observations counted into buckets by upper bound (`le`); the bucket above the last bound
/// is `+Inf`, implied by `count`.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    bounds: &'static [f64],
    /// Per bucket, not cumulative: observations above the previous bound, up to this one.
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    /// `bounds` must ascend.
    pub fn new(bounds: &'static [f64]) -> Self {
        Self {
            bounds,
            counts: vec![0; bounds.len()],
            sum: 0.0,
            count: 0,
        }
    }

    pub fn observe(&mut self, v: f64) {
        // A NaN would poison the sum for good; it is no duration anyway.
        if v.is_nan() {
            return;
        }
        if let Some(i) = self.bounds.iter().position(|b| v <= *b) {
            self.counts[i] += 1;
        }
        self.sum += v;
        self.count += 1;
    }

    pub fn count(&self) -> u64 {
        self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_and_samples_are_written_in_the_text_format() {
        let mut e = Encoder::default();
        e.family("x_total", Kind::Counter, "Things.\nCounted \\ here.");
        e.sample("x_total", &[("a", "1"), ("b", "two")], 3.0);
        e.sample("x_total", &[], 0.25);
        e.family("g", Kind::Gauge, "A gauge.");
        e.sample("g", &[], f64::INFINITY);
        assert_eq!(
            e.finish(),
            "# HELP x_total Things.\\nCounted \\\\ here.\n# TYPE x_total counter\n\
             x_total{a=\"1\",b=\"two\"} 3\nx_total 0.25\n\
             # HELP g A gauge.\n# TYPE g gauge\ng +Inf\n"
        );
    }

    #[test]
    fn label_values_are_escaped() {
        let mut e = Encoder::default();
        e.sample("m", &[("w", "a\"b\\c\nd}e")], 1.0);
        assert_eq!(e.finish(), "m{w=\"a\\\"b\\\\c\\nd}e\"} 1\n");
    }

    #[test]
    fn histogram_buckets_are_cumulative_and_end_at_inf() {
        static BOUNDS: [f64; 3] = [0.25, 1.0, 10.0];
        let mut h = Histogram::new(&BOUNDS);
        for v in [0.125, 0.25, 0.5, 20.0, f64::NAN] {
            h.observe(v);
        }
        assert_eq!(h.count(), 4);
        let mut e = Encoder::default();
        e.histogram("d_seconds", "Durations.", &h);
        assert_eq!(
            e.finish(),
            "# HELP d_seconds Durations.\n# TYPE d_seconds histogram\n\
             d_seconds_bucket{le=\"0.25\"} 2\nd_seconds_bucket{le=\"1\"} 3\n\
             d_seconds_bucket{le=\"10\"} 3\nd_seconds_bucket{le=\"+Inf\"} 4\n\
             d_seconds_sum 20.875\nd_seconds_count 4\n"
        );
    }

    #[test]
    fn special_numbers_use_the_formats_spelling() {
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(number(f64::NEG_INFINITY), "-Inf");
        assert_eq!(number(1e-3), "0.001");
        assert_eq!(number(42.0), "42");
    }
}
