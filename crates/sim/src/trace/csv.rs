//! Streaming CSV trace reader.
//!
//! Rules, in the order they are applied to each line:
//! - A trailing `\r` and surrounding whitespace are ignored; blank lines and
//!   lines whose first non-blank character is `#` are skipped (they still
//!   count for line numbers in error messages).
//! - A line is split on `,` into 1 field (`key`), 2 fields
//!   (`timestamp,key`) or 3 fields (`timestamp,key,op`); fields are trimmed
//!   and a key may be wrapped in double quotes. Any other field count is an
//!   error.
//! - **Header:** the first non-skipped line is a header, and skipped, when
//!   its timestamp field is not an integer (e.g. `timestamp,key,op`), or,
//!   for one-field files, when it is exactly one of `key`, `id`, `obj_id`,
//!   `object_id` (any case). Later lines must have integer timestamps.
//! - **Keys:** a key that parses as a `u64` (decimal) is used as is; any
//!   other text (`user:42`, `-1`, `0x1f`) is hashed to a `u64` with 64-bit
//!   FNV-1a ([`super::fnv1a64`]) over its UTF-8 bytes, which is deterministic
//!   everywhere. A text key can therefore, with negligible probability,
//!   collide with another key; numeric keys never do.
//! - **Op:** `get`/`read`/`r`, `set`/`put`/`write`/`update`/`add`/`w`,
//!   `delete`/`del`/`remove`/`d` (any case); an empty op field means read.

use std::io::BufRead;

use super::{fnv1a64, TraceError, TraceOp, TraceRecord};

/// Names a one-field header line may have.
const KEY_HEADERS: [&str; 4] = ["key", "id", "obj_id", "object_id"];

/// Iterator over the requests of a CSV trace. Yields `Err` once (with the
/// line number) and then stops.
#[derive(Debug)]
pub struct CsvReader<R> {
    reader: R,
    buf: Vec<u8>,
    /// 1-based number of the line in `buf`.
    line: u64,
    /// Bytes of input read so far (for progress).
    bytes: u64,
    /// Whether a data (or header) line has been seen yet.
    seen_first: bool,
    done: bool,
}

impl<R: BufRead> CsvReader<R> {
    /// Read CSV requests from `reader` (wrap files in a `BufReader`).
    pub fn new(reader: R) -> Self {
        CsvReader {
            reader,
            buf: Vec::with_capacity(128),
            line: 0,
            bytes: 0,
            seen_first: false,
            done: false,
        }
    }

    /// The number of lines read so far.
    pub fn lines_read(&self) -> u64 {
        self.line
    }

    /// The number of bytes read so far (whole lines).
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// Read the next line into `buf`; `Ok(false)` at end of input.
    fn next_line(&mut self) -> Result<bool, TraceError> {
        self.buf.clear();
        let n = self.reader.read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(false);
        }
        self.line += 1;
        self.bytes += n as u64;
        Ok(true)
    }

    /// Parse the line in `buf`: `Ok(None)` for lines to skip.
    fn parse_line(&mut self) -> Result<Option<TraceRecord>, TraceError> {
        let line = self.line;
        // Fast path for the most common trace shape, a bare decimal key per
        // line: digits only (after trimming) cannot be a header, a comment or
        // anything but a numeric key, so skip UTF-8 validation and splitting.
        if let Some(key) = bare_decimal(self.buf.trim_ascii()) {
            self.seen_first = true;
            return Ok(Some(TraceRecord {
                timestamp: None,
                key,
                op: TraceOp::Read,
            }));
        }
        let text = std::str::from_utf8(&self.buf).map_err(|_| TraceError::NotUtf8 { line })?;
        let text = text.trim();
        if text.is_empty() || text.starts_with('#') {
            return Ok(None);
        }
        let first = !self.seen_first;
        self.seen_first = true;

        let mut fields = text.split(',').map(str::trim);
        // At most four fields are needed to know the count is wrong.
        let f: [Option<&str>; 4] = [fields.next(), fields.next(), fields.next(), fields.next()];
        let (ts, key, op) = match f {
            [Some(key), None, None, None] => {
                if first && KEY_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(key)) {
                    return Ok(None);
                }
                (None, key, None)
            }
            [Some(ts), Some(key), None, None] => (Some(ts), key, None),
            [Some(ts), Some(key), Some(op), None] => (Some(ts), key, Some(op)),
            _ => {
                let found = (f.iter().flatten().count() + fields.count()) as u64;
                return Err(TraceError::FieldCount { line, found });
            }
        };

        let timestamp = match ts {
            None => None,
            Some(ts) => match ts.parse::<u64>() {
                Ok(t) => Some(t),
                Err(_) if first => return Ok(None), // header line
                Err(_) => {
                    return Err(TraceError::BadTimestamp {
                        line,
                        value: ts.to_string(),
                    })
                }
            },
        };

        let key = key
            .strip_prefix('"')
            .and_then(|k| k.strip_suffix('"'))
            .unwrap_or(key);
        if key.is_empty() {
            return Err(TraceError::EmptyKey { line });
        }
        let key = key
            .parse::<u64>()
            .unwrap_or_else(|_| fnv1a64(key.as_bytes()));

        let op = match op {
            None | Some("") => TraceOp::Read,
            Some(op) => TraceOp::parse(op).ok_or_else(|| TraceError::BadOp {
                line,
                value: op.to_string(),
            })?,
        };
        Ok(Some(TraceRecord { timestamp, key, op }))
    }
}

/// `Some(n)` if `bytes` is 1 to 19 ASCII digits (always fits a `u64`);
/// longer numbers go through `str::parse` on the general path, which also
/// handles the overflow to a hashed key.
#[inline]
fn bare_decimal(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    let mut n = 0u64;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
    }
    Some(n)
}

impl<R: BufRead> Iterator for CsvReader<R> {
    type Item = Result<TraceRecord, TraceError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let step = self.next_line().and_then(|more| {
                if more {
                    self.parse_line().map(Some)
                } else {
                    Ok(None)
                }
            });
            match step {
                Ok(Some(Some(record))) => return Some(Ok(record)),
                Ok(Some(None)) => continue,
                Ok(None) => self.done = true,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<TraceRecord>, TraceError> {
        CsvReader::new(text.as_bytes()).collect()
    }

    fn keys(text: &str) -> Vec<u64> {
        parse(text).unwrap().into_iter().map(|r| r.key).collect()
    }

    #[test]
    fn key_per_line_with_and_without_header() {
        assert_eq!(keys("1\n2\n\n# note\n3\r\n"), [1, 2, 3]);
        assert_eq!(keys("key\n5\n6\n"), [5, 6]);
        assert_eq!(keys("OBJ_ID\n5\n"), [5]);
        // Only the first line can be a header.
        assert_eq!(keys("5\nkey\n"), [5, fnv1a64(b"key")]);
    }

    #[test]
    fn numeric_keys_fast_and_general_paths_agree() {
        // 19 digits (fast path), 20 digits fitting u64 (general path), and
        // a number too large for u64 (hashed as text).
        assert_eq!(
            keys(" 0042 \n9999999999999999999\n18446744073709551615\n18446744073709551616\n"),
            [
                42,
                9_999_999_999_999_999_999,
                u64::MAX,
                fnv1a64(b"18446744073709551616")
            ]
        );
        assert_eq!(keys("1\n2\n"), keys("key\n1\n2\n"));
    }

    #[test]
    fn timestamp_key_op_with_header() {
        let recs =
            parse("timestamp,key,op\n10, 7 ,GET\n11,\"user:1\",set\n12,7,delete\n13,8,\n").unwrap();
        assert_eq!(
            recs,
            [
                TraceRecord {
                    timestamp: Some(10),
                    key: 7,
                    op: TraceOp::Read
                },
                TraceRecord {
                    timestamp: Some(11),
                    key: fnv1a64(b"user:1"),
                    op: TraceOp::Write
                },
                TraceRecord {
                    timestamp: Some(12),
                    key: 7,
                    op: TraceOp::Delete
                },
                TraceRecord {
                    timestamp: Some(13),
                    key: 8,
                    op: TraceOp::Read
                },
            ]
        );
        assert_eq!(keys("1,5\n2,6\n"), [5, 6]);
    }

    #[test]
    fn text_keys_hash_with_fnv1a() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(keys("foobar\n"), [0x8594_4171_f739_67e8]);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("1,2,get\n\n2,3,get,extra,more\n").unwrap_err();
        assert!(
            matches!(e, TraceError::FieldCount { line: 3, found: 5 }),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "line 3: expected `key`, `timestamp,key` or `timestamp,key,op`, found 5 comma-separated fields"
        );
        let e = parse("ts,key\n1,2\nlater,3\n").unwrap_err();
        assert!(
            matches!(e, TraceError::BadTimestamp { line: 3, .. }),
            "{e:?}"
        );
        let e = parse("1,2,fetch\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 1: unknown operation \"fetch\"; expected get/read, set/write or delete"
        );
        let e = parse("1\n2\n1,,get\n").unwrap_err();
        assert!(matches!(e, TraceError::EmptyKey { line: 3 }), "{e:?}");
        let e = CsvReader::new(&b"1\n\xff\xfe\n"[..])
            .collect::<Result<Vec<_>, _>>()
            .unwrap_err();
        assert!(matches!(e, TraceError::NotUtf8 { line: 2 }), "{e:?}");
    }

    #[test]
    fn stops_after_the_first_error() {
        let mut it = CsvReader::new(&b"1\n1,2,3,4\n5\n"[..]);
        assert!(it.next().unwrap().is_ok());
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
    }
}
