//! Streaming reader for libCacheSim's *oracleGeneral* binary traces.
//!
//! Each request is one 24-byte little-endian record, no header:
//!
//! ```text
//! offset  size  field
//!      0     4  u32 timestamp (seconds in the published traces)
//!      4     8  u64 object id           -> TraceRecord::key
//!     12     4  u32 object size (bytes) -> ignored: capacities count objects
//!     16     8  i64 next access vtime (-1 = never again; the "oracle")
//! ```
//!
//! Files must be uncompressed (libCacheSim ships them as `.zst`; run
//! `zstd -d` first). A file whose length is not a multiple of 24 ends in a
//! [`TraceError::Truncated`] naming the byte offset of the cut record.

use std::io::{BufRead, BufReader, ErrorKind, Read};

use super::{TraceError, TraceOp, TraceRecord};

/// Size of one oracleGeneral record in bytes.
pub const ORACLE_RECORD_BYTES: usize = 24;

/// One raw oracleGeneral record, every field as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OracleRecord {
    /// Request time.
    pub timestamp: u32,
    /// Object id.
    pub obj_id: u64,
    /// Object size in bytes.
    pub size: u32,
    /// Logical time of the object's next request (-1: none).
    pub next_access: i64,
}

impl OracleRecord {
    /// Decode one record.
    pub fn from_bytes(b: &[u8; ORACLE_RECORD_BYTES]) -> Self {
        let mut ts = [0u8; 4];
        let mut id = [0u8; 8];
        let mut size = [0u8; 4];
        let mut next = [0u8; 8];
        ts.copy_from_slice(&b[0..4]);
        id.copy_from_slice(&b[4..12]);
        size.copy_from_slice(&b[12..16]);
        next.copy_from_slice(&b[16..24]);
        OracleRecord {
            timestamp: u32::from_le_bytes(ts),
            obj_id: u64::from_le_bytes(id),
            size: u32::from_le_bytes(size),
            next_access: i64::from_le_bytes(next),
        }
    }

    /// Encode one record (for writing test and synthetic traces).
    pub fn to_bytes(&self) -> [u8; ORACLE_RECORD_BYTES] {
        let mut b = [0u8; ORACLE_RECORD_BYTES];
        b[0..4].copy_from_slice(&self.timestamp.to_le_bytes());
        b[4..12].copy_from_slice(&self.obj_id.to_le_bytes());
        b[12..16].copy_from_slice(&self.size.to_le_bytes());
        b[16..24].copy_from_slice(&self.next_access.to_le_bytes());
        b
    }
}

/// Iterator over the requests of an oracleGeneral trace. Buffers the reader
/// itself (64 KiB). Yields `Err` once and then stops.
#[derive(Debug)]
pub struct OracleGeneralReader<R> {
    reader: BufReader<R>,
    /// Byte offset of the next record.
    offset: u64,
    done: bool,
}

impl<R: Read> OracleGeneralReader<R> {
    /// Read records from `reader`.
    pub fn new(reader: R) -> Self {
        OracleGeneralReader {
            reader: BufReader::with_capacity(1 << 16, reader),
            offset: 0,
            done: false,
        }
    }

    /// Bytes consumed so far (a multiple of the record size until an error).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The next raw record, `Ok(None)` at a clean end of file.
    pub fn next_record(&mut self) -> Result<Option<OracleRecord>, TraceError> {
        // Fast path: a whole record is already buffered; decode it in place
        // (one bounds check, no copy loop). Records straddling the buffer's
        // end, and the end of the file, take the general path below.
        let buffered = loop {
            match self.reader.fill_buf() {
                Ok(b) => break b,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        };
        if let Some(rec) = buffered.first_chunk::<ORACLE_RECORD_BYTES>() {
            let rec = OracleRecord::from_bytes(rec);
            self.reader.consume(ORACLE_RECORD_BYTES);
            self.offset += ORACLE_RECORD_BYTES as u64;
            return Ok(Some(rec));
        }
        let mut buf = [0u8; ORACLE_RECORD_BYTES];
        let mut got = 0;
        while got < ORACLE_RECORD_BYTES {
            match self.reader.read(&mut buf[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
        match got {
            0 => Ok(None),
            ORACLE_RECORD_BYTES => {
                self.offset += ORACLE_RECORD_BYTES as u64;
                Ok(Some(OracleRecord::from_bytes(&buf)))
            }
            partial => Err(TraceError::Truncated {
                offset: self.offset,
                got: partial as u64,
            }),
        }
    }
}

impl<R: Read> Iterator for OracleGeneralReader<R> {
    type Item = Result<TraceRecord, TraceError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(TraceRecord {
                timestamp: Some(u64::from(r.timestamp)),
                key: r.obj_id,
                op: TraceOp::Read,
            })),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(ids: &[u64]) -> Vec<u8> {
        ids.iter()
            .enumerate()
            .flat_map(|(i, &id)| {
                OracleRecord {
                    timestamp: i as u32,
                    obj_id: id,
                    size: 4096,
                    next_access: -1,
                }
                .to_bytes()
            })
            .collect()
    }

    #[test]
    fn decodes_little_endian_records() {
        let mut bytes = [0u8; 24];
        bytes[0] = 0x01; // timestamp 1
        bytes[4..12].copy_from_slice(&0x0102_0304_0506_0708u64.to_le_bytes());
        bytes[12] = 0x10; // size 16
        bytes[16..24].copy_from_slice(&(-1i64).to_le_bytes());
        let mut r = OracleGeneralReader::new(&bytes[..]);
        assert_eq!(
            r.next_record().unwrap(),
            Some(OracleRecord {
                timestamp: 1,
                obj_id: 0x0102_0304_0506_0708,
                size: 16,
                next_access: -1
            })
        );
        assert_eq!(r.next_record().unwrap(), None);
    }

    #[test]
    fn round_trips_keys() {
        let ids = [5, u64::MAX, 0, 5];
        let keys: Vec<u64> = OracleGeneralReader::new(&encode(&ids)[..])
            .map(|r| r.unwrap().key)
            .collect();
        assert_eq!(keys, ids);
    }

    /// A reader that hands out at most `step` bytes per call, so records
    /// straddle every read and the general (non-buffered) path is taken.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(out.len()).min(self.data.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn records_straddling_reads_and_buffers() {
        // 5 000 records = 120 000 bytes: crosses the 64 KiB buffer, whose
        // size is not a multiple of 24.
        let ids: Vec<u64> = (0..5_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let bytes = encode(&ids);
        let whole: Vec<u64> = OracleGeneralReader::new(&bytes[..])
            .map(|r| r.unwrap().key)
            .collect();
        assert_eq!(whole, ids);
        for step in [1, 5, 23, 25, 1000] {
            let trickle = Trickle { data: &bytes, step };
            let got: Vec<u64> = OracleGeneralReader::new(trickle)
                .map(|r| r.unwrap().key)
                .collect();
            assert_eq!(got, ids, "step {step}");
        }
        let mut cut = bytes.clone();
        cut.truncate(bytes.len() - 5);
        let last = OracleGeneralReader::new(Trickle {
            data: &cut,
            step: 7,
        })
        .last()
        .unwrap();
        assert!(
            matches!(
                last,
                Err(TraceError::Truncated {
                    offset: 119_976,
                    got: 19
                })
            ),
            "{last:?}"
        );
    }

    #[test]
    fn truncated_record_names_its_offset() {
        let mut bytes = encode(&[1, 2]);
        bytes.extend_from_slice(&[0u8; 7]);
        let out: Vec<_> = OracleGeneralReader::new(&bytes[..]).collect();
        assert_eq!(out.len(), 3);
        let e = out[2].as_ref().unwrap_err();
        assert!(
            matches!(e, TraceError::Truncated { offset: 48, got: 7 }),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "truncated oracleGeneral trace: file ends 7 bytes into the record at byte offset 48 (records are 24 bytes)"
        );
    }
}
