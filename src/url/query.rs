//! The query-string primitives every parser and writer shares: splitting
//! into pairs, percent-decoding for display, echoing hostile input safely
//! (decoded, control characters replaced, shortened), and setting or
//! removing keys while keeping every other parameter.

/// The longest unknown view name echoed back to the user; longer input is cut
/// so a hostile link cannot fill the page.
pub(super) const MAX_ECHO_CHARS: usize = 40;

/// Splits a query string into `(key, value)` pairs, skipping empty segments.
pub(super) fn params(search: &str) -> impl Iterator<Item = (&str, &str)> {
    search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| segment.split_once('=').unwrap_or((segment, "")))
}

/// Whether `key` appeared as `key=` (empty value) rather than a bare `key`,
/// so [`with_view`] can reproduce other parameters exactly.
pub(super) fn search_has_equals(search: &str, key: &str) -> bool {
    let needle = format!("{key}=");
    search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .any(|segment| segment == needle)
}

pub(super) fn push_pair(out: &mut String, key: &str, value: &str) {
    if out.len() > 1 {
        out.push('&');
    }
    out.push_str(key);
    out.push('=');
    out.push_str(value);
}

pub(super) fn push_bare(out: &mut String, key: &str) {
    if out.len() > 1 {
        out.push('&');
    }
    out.push_str(key);
}

/// Turns `+` and `%XX` escapes into characters for display only. Invalid
/// escapes are kept verbatim; invalid UTF-8 becomes U+FFFD. The result is
/// rendered as text (never as HTML), so no further escaping is needed.
pub(super) fn decode_for_display(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

pub(super) fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_ECHO_CHARS {
        s.to_owned()
    } else {
        let mut cut: String = s.chars().take(MAX_ECHO_CHARS).collect();
        cut.push('…');
        cut
    }
}

/// A raw query-string fragment made safe to show: decoded, control
/// characters replaced, shortened. Always rendered as text, never as HTML.
pub(super) fn echo(raw: &str) -> String {
    let decoded: String = decode_for_display(raw)
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if decoded.is_empty() {
        "(empty)".to_owned()
    } else {
        shorten(&decoded)
    }
}

/// Returns `search` with each `(key, Some(value))` set (first occurrence
/// replaced, later ones dropped, missing ones appended) and each
/// `(key, None)` removed, keeping every other parameter as it was.
pub(super) fn set_params(search: &str, wanted: &[(&str, Option<&str>)]) -> String {
    let mut out = String::from("?");
    let mut placed = vec![false; wanted.len()];
    for (key, value) in params(search) {
        if let Some(i) = wanted.iter().position(|(k, _)| *k == key) {
            if let (false, Some(v)) = (placed[i], wanted[i].1) {
                push_pair(&mut out, key, v);
            }
            placed[i] = true;
        } else if value.is_empty() && !search_has_equals(search, key) {
            push_bare(&mut out, key);
        } else {
            push_pair(&mut out, key, value);
        }
    }
    for (i, (k, v)) in wanted.iter().enumerate() {
        if let (false, Some(v)) = (placed[i], v) {
            push_pair(&mut out, k, v);
        }
    }
    out
}

/// The first value of `key`, unless missing or empty (the same as absent).
pub(super) fn first<'a>(search: &'a str, key: &str) -> Option<&'a str> {
    params(search)
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// The shortest text that reads back as `v` (`100`, `0.9`, `1e-7`).
pub(super) fn number(v: f64) -> String {
    format!("{v}")
}
