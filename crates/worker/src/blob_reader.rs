//! A browser `Blob` (a picked `File`) as a [`std::io::Read`], a slice at a
//! time through `FileReaderSync`, which only workers have: the trace loader
//! streams a file of hundreds of megabytes without holding it, with the same
//! parsers the CLI runs over a `std::fs::File`.

use std::io::{self, Read};

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use web_sys::{Blob, FileReaderSync};

/// Reads `blob` from its start to its end.
pub struct BlobReader {
    blob: Blob,
    reader: FileReaderSync,
    at: f64,
    size: f64,
}

/// A JavaScript exception (a file changed or deleted since it was picked:
/// `NotReadableError`) as an I/O error, with the browser's words.
fn js_error(e: wasm_bindgen::JsValue) -> io::Error {
    let words = e
        .dyn_ref::<js_sys::Error>()
        .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()));
    io::Error::other(format!("the browser could not read the file ({words})"))
}

impl BlobReader {
    /// A reader of `blob`; fails only where `FileReaderSync` does not exist.
    pub fn new(blob: Blob) -> io::Result<BlobReader> {
        let size = blob.size();
        Ok(BlobReader {
            blob,
            reader: FileReaderSync::new().map_err(js_error)?,
            at: 0.0,
            size,
        })
    }

    /// The blob's size in bytes.
    pub fn size(&self) -> u64 {
        self.size as u64
    }

    /// Up to `n` bytes from the start, without moving the reader (what
    /// decides the format of a file whose name does not).
    pub fn head(&self, n: usize) -> io::Result<Vec<u8>> {
        self.read_range(0.0, (n as f64).min(self.size))
    }

    fn read_range(&self, start: f64, end: f64) -> io::Result<Vec<u8>> {
        let slice = self
            .blob
            .slice_with_f64_and_f64(start, end)
            .map_err(js_error)?;
        let buffer = self.reader.read_as_array_buffer(&slice).map_err(js_error)?;
        Ok(Uint8Array::new(&buffer).to_vec())
    }
}

impl Read for BlobReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let end = (self.at + buf.len() as f64).min(self.size);
        let bytes = self.read_range(self.at, end)?;
        // A file that shrank since it was picked ends early; one that grew
        // is read to its picked size.
        let n = bytes.len().min(buf.len());
        buf[..n].copy_from_slice(&bytes[..n]);
        self.at = if n == 0 {
            self.size
        } else {
            self.at + n as f64
        };
        Ok(n)
    }
}
