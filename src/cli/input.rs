//! Reading a text or page the operator hands the command line (`-` for standard input, a
//! file, a `.gz` file), capped as fetch caps bodies: whatever is piped in, memory stays
//! bounded and a larger input is a clear error, never a silent cut.

use super::commands::Failure;
use anyhow::anyhow;
use std::io::Read;
use std::path::Path;

/// The bytes of `path` (standard input for `-`; decompressed for `.gz`), at most `cap`.
pub(super) fn read_capped(path: &Path, cap: u64, key: &str) -> Result<Vec<u8>, Failure> {
    let (what, reader): (String, Box<dyn Read>) = if path == Path::new("-") {
        ("standard input".into(), Box::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::Usage(anyhow!("cannot read {}: {e}", path.display())))?;
        if path.extension().is_some_and(|e| e == "gz") {
            let name = format!("{} (decompressed)", path.display());
            (name, Box::new(flate2::read::GzDecoder::new(file)))
        } else {
            (path.display().to_string(), Box::new(file))
        }
    };
    read_at_most(reader, cap, &what, key)
}

fn read_at_most(reader: impl Read, cap: u64, what: &str, key: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Runtime(anyhow!("cannot read {what}: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(Failure::Usage(anyhow!(
            "{what} is larger than {cap} bytes ({key}): give a shorter text, or raise {key} in the config"
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_over_the_cap_is_refused_and_one_at_it_read() {
        let at_cap = read_at_most(&[b'x'; 16][..], 16, "stdin", "[fetch] max_body_bytes");
        assert!(matches!(at_cap, Ok(b) if b.len() == 16));
        match read_at_most(
            std::io::repeat(b'x'),
            16,
            "standard input",
            "[fetch] max_body_bytes",
        ) {
            Err(Failure::Usage(e)) => assert_eq!(
                e.to_string(),
                "standard input is larger than 16 bytes ([fetch] max_body_bytes): give a shorter text, or raise [fetch] max_body_bytes in the config"
            ),
            _ => panic!("an endless input must be refused"),
        }
    }
}
