//! Reading an input file under a size limit (`--max-input-size`).
//!
//! The size is checked before anything is read, so a file too large fails
//! at once with a message naming it instead of exhausting memory.

use std::io::Read;
use std::path::Path;

/// The default limit: 1 GB.
pub const DEFAULT_MAX_INPUT_SIZE: u64 = 1_000_000_000;

/// An input that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{file}: cannot read: {message}")]
    Read { file: String, message: String },
    #[error("{file}: the input is larger than --max-input-size ({size} > {max} bytes)")]
    TooLarge { file: String, size: u64, max: u64 },
}

/// Reads `path` as UTF-8 text (`-` is standard input), failing when it is
/// larger than `max` bytes.
pub fn read_input(path: &Path, max: u64) -> Result<String, InputError> {
    let file = path.display().to_string();
    let read_err = |e: std::io::Error| InputError::Read {
        file: file.clone(),
        message: e.to_string(),
    };
    let too_large = |size| InputError::TooLarge {
        file: file.clone(),
        size,
        max,
    };
    let mut text = String::new();
    if file == "-" {
        // Standard input has no size to look at: read at most one byte past
        // the limit and see whether it got there.
        std::io::stdin()
            .take(max.saturating_add(1))
            .read_to_string(&mut text)
            .map_err(read_err)?;
    } else {
        let f = std::fs::File::open(path).map_err(read_err)?;
        let size = f.metadata().map_err(read_err)?.len();
        if size > max {
            return Err(too_large(size));
        }
        // A file that grows while it is read stops at the limit too.
        f.take(max.saturating_add(1))
            .read_to_string(&mut text)
            .map_err(read_err)?;
    }
    if text.len() as u64 > max {
        return Err(too_large(text.len() as u64));
    }
    Ok(text)
}

/// Parses a size: bytes (`1048576`) or a number with a unit, decimal
/// (`10KB`, `10MB`, `1GB`, `1TB`) or binary (`10KiB`, `10MiB`, `1GiB`);
/// case and a space before the unit do not matter.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let number: u64 = digits.parse().map_err(|_| {
        format!("`{text}` is not a size (expected a number of bytes, or 10MB, 1GB …)")
    })?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "t" | "tb" => 1_000_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "tib" => 1 << 40,
        other => {
            return Err(format!(
            "`{text}`: unknown unit `{other}` (expected B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)"
        ))
        }
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("`{text}` is too large a size"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_decimal_and_binary_units() {
        assert_eq!(parse_size("1GB"), Ok(1_000_000_000));
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("10 mb"), Ok(10_000_000));
        assert_eq!(parse_size("2KiB"), Ok(2048));
        assert_eq!(parse_size("512"), Ok(512));
        assert!(parse_size("ten").unwrap_err().contains("not a size"));
        assert!(parse_size("10XB")
            .unwrap_err()
            .contains("unknown unit `xb`"));
        assert!(parse_size("99999999999TB")
            .unwrap_err()
            .contains("too large"));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        std::fs::write(&path, "x".repeat(100)).unwrap();
        let e = read_input(&path, 99).unwrap_err().to_string();
        assert!(
            e.ends_with("big.json: the input is larger than --max-input-size (100 > 99 bytes)"),
            "{e}"
        );
        assert_eq!(read_input(&path, 100).unwrap().len(), 100);
    }
}
