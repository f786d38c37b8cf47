//! Go's `strings` and `unicode/utf8` algorithms over the bytes of a Go string.
//!
//! A Go string is any byte sequence; Go decodes an invalid or truncated UTF-8 sequence as U+FFFD
//! of width **1** (one byte at a time), which differs from Rust's "maximal subpart" rule. These
//! helpers decode the Go way so that `len`, `trim`, `split(s, "")`, `replace(s, "", x)`,
//! `upper` and `lower` treat non-UTF-8 strings exactly as the reference does. Functions that
//! select a part of their input return byte ranges, so that callers can hand out borrowed
//! slices of the input instead of copies.

use std::ops::Range;

/// The rune Go decodes an invalid byte as.
const RUNE_ERROR: char = '\u{FFFD}';

/// Decodes the first rune of `bytes` as Go's `utf8.DecodeRune`: `(rune, width)`, with an invalid
/// or truncated sequence giving `(U+FFFD, 1)` and an empty input `(U+FFFD, 0)`.
pub(crate) fn decode_rune(bytes: &[u8]) -> (char, usize) {
    let Some(&first) = bytes.first() else {
        return (RUNE_ERROR, 0);
    };
    if first < 0x80 {
        return (char::from(first), 1);
    }
    let width = match first {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return (RUNE_ERROR, 1),
    };
    bytes
        .get(..width)
        .and_then(|prefix| std::str::from_utf8(prefix).ok())
        .and_then(|text| text.chars().next())
        .map_or((RUNE_ERROR, 1), |c| (c, width))
}

/// Decodes the last rune of `bytes` as Go's `utf8.DecodeLastRune`.
pub(crate) fn decode_last_rune(bytes: &[u8]) -> (char, usize) {
    let end = bytes.len();
    let Some(&last) = bytes.last() else {
        return (RUNE_ERROR, 0);
    };
    if last < 0x80 {
        return (char::from(last), 1);
    }
    let limit = end.saturating_sub(4);
    let mut start = end - 1;
    while start > limit {
        start -= 1;
        if bytes[start] & 0xC0 != 0x80 {
            break;
        }
    }
    let (rune, width) = decode_rune(&bytes[start..]);
    if start + width == end {
        (rune, width)
    } else {
        (RUNE_ERROR, 1)
    }
}

/// The runes of a Go string with their byte offsets and widths, decoded the Go way.
pub(crate) fn runes(bytes: &[u8]) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let mut offset = 0;
    std::iter::from_fn(move || {
        let rest = bytes.get(offset..).filter(|rest| !rest.is_empty())?;
        let (rune, width) = decode_rune(rest);
        let start = offset;
        offset += width;
        Some((start, rune, width))
    })
}

/// Go's `utf8.RuneCount`: every invalid byte counts as one rune.
pub(crate) fn rune_count(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.chars().count(),
        Err(_) => runes(bytes).count(),
    }
}

/// Go's `unicode.IsSpace`. Rust's `char::is_whitespace` is the Unicode `White_Space` property,
/// which is exactly Go's set: `\t \n \v \f \r` and space, U+0085 (NEL), U+00A0 (NBSP), U+1680,
/// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// The range left after dropping leading and trailing runes that satisfy `strip`
/// (Go's `TrimLeftFunc` + `TrimRightFunc`).
fn trim_func(bytes: &[u8], strip: impl Fn(char) -> bool) -> Range<usize> {
    let mut start = 0;
    while start < bytes.len() {
        let (rune, width) = decode_rune(&bytes[start..]);
        if !strip(rune) {
            break;
        }
        start += width;
    }
    let mut end = bytes.len();
    while end > start {
        let (rune, width) = decode_last_rune(&bytes[start..end]);
        if !strip(rune) {
            break;
        }
        end -= width;
    }
    start..end
}

/// Go's `strings.TrimSpace`, as a range of `bytes`.
pub(crate) fn trim_space(bytes: &[u8]) -> Range<usize> {
    trim_func(bytes, is_space)
}

/// Go's `strings.Trim(s, cutset)`, as a range of `bytes`. A rune of `s` is stripped when it is
/// in the cutset; invalid bytes on either side decode as U+FFFD, as in Go's `ContainsRune`.
pub(crate) fn trim_cutset(bytes: &[u8], cutset: &[u8]) -> Range<usize> {
    if bytes.is_empty() || cutset.is_empty() {
        return 0..bytes.len();
    }
    let set: Vec<char> = runes(cutset).map(|(_, rune, _)| rune).collect();
    trim_func(bytes, |rune| set.contains(&rune))
}

/// Go's `unicode.ToUpper` (the simple, one-rune case mapping).
///
/// Rust's `char::to_uppercase` is the *full* mapping (`ß` → `SS`); Go leaves a rune unchanged
/// when it has no one-rune mapping. The only runes whose full mapping has several runes but
/// which still have a one-rune simple mapping are the Greek ones with ypogegrammeni, listed here.
pub(crate) fn simple_upper(c: char) -> char {
    match c {
        '\u{1F80}'..='\u{1F87}' | '\u{1F90}'..='\u{1F97}' | '\u{1FA0}'..='\u{1FA7}' => {
            char::from_u32(u32::from(c) + 8).unwrap_or(c)
        }
        '\u{1FB3}' => '\u{1FBC}',
        '\u{1FC3}' => '\u{1FCC}',
        '\u{1FF3}' => '\u{1FFC}',
        _ => single(c.to_uppercase()).unwrap_or(c),
    }
}

/// Go's `unicode.ToLower` (the simple case mapping; `İ` → `i`, and `Σ` is always `σ`).
pub(crate) fn simple_lower(c: char) -> char {
    match c {
        '\u{0130}' => 'i',
        _ => single(c.to_lowercase()).unwrap_or(c),
    }
}

fn single(mut mapped: impl Iterator<Item = char>) -> Option<char> {
    match (mapped.next(), mapped.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Go's `strings.Map` with a rune mapping: every rune mapped, invalid bytes become U+FFFD.
pub(crate) fn map_runes(bytes: &[u8], mapping: impl Fn(char) -> char) -> String {
    let mut out = String::with_capacity(bytes.len());
    for (_, rune, _) in runes(bytes) {
        out.push(mapping(rune));
    }
    out
}

/// Byte offset of the first occurrence of `needle` (Go's `strings.Index`). A byte search: for
/// valid UTF-8 it finds what `str::find` finds (UTF-8 is self-synchronising), in linear time
/// and without re-validating the haystack on every call (which made `count` and `split`
/// quadratic).
pub(crate) fn index(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// Byte offset of the last occurrence of `needle` (Go's `strings.LastIndex`; `""` → `len`).
pub(crate) fn last_index(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(haystack, needle)
}

/// Go's `strings.Count`: non-overlapping occurrences; `""` occurs `RuneCount + 1` times.
pub(crate) fn count(haystack: &[u8], needle: &[u8]) -> usize {
    if needle.is_empty() {
        return rune_count(haystack) + 1;
    }
    let mut total = 0;
    let mut offset = 0;
    while let Some(found) = haystack.get(offset..).and_then(|rest| index(rest, needle)) {
        total += 1;
        offset += found + needle.len();
    }
    total
}

/// Go's `explode`: the first `n - 1` runes one by one (invalid bytes singly), then the rest.
fn explode(bytes: &[u8], n: i64) -> Vec<Range<usize>> {
    let runes_total = rune_count(bytes);
    let wanted = usize::try_from(n).map_or(runes_total, |n| n.min(runes_total));
    let mut parts = Vec::with_capacity(wanted);
    let mut offset = 0;
    for (start, _, width) in runes(bytes).take(wanted.saturating_sub(1)) {
        parts.push(start..start + width);
        offset = start + width;
    }
    if wanted > 0 {
        parts.push(offset..bytes.len());
    }
    parts
}

/// Go's `genSplit` behind `Split`, `SplitN`, `SplitAfter` and `SplitAfterN`: the pieces as
/// ranges of `bytes`, or `None` (a nil slice) when `n == 0`. `keep_separator` makes each piece
/// include its separator (`SplitAfter`).
pub(crate) fn split(
    bytes: &[u8],
    separator: &[u8],
    keep_separator: bool,
    n: i64,
) -> Option<Vec<Range<usize>>> {
    if n == 0 {
        return None;
    }
    if separator.is_empty() {
        return Some(explode(bytes, n));
    }
    let limit = usize::try_from(n).unwrap_or_else(|_| count(bytes, separator) + 1);
    let limit = limit.min(bytes.len() + 1);
    let saved = if keep_separator { separator.len() } else { 0 };
    let mut parts = Vec::new();
    let mut offset = 0;
    while parts.len() + 1 < limit {
        let Some(found) = bytes.get(offset..).and_then(|rest| index(rest, separator)) else {
            break;
        };
        parts.push(offset..offset + found + saved);
        offset += found + separator.len();
    }
    parts.push(offset..bytes.len());
    Some(parts)
}

/// What [`replace`] produced.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Replaced {
    /// Nothing to replace: the input is the result.
    Unchanged,
    /// The result would be longer than the limit given.
    TooLong,
    /// The new string.
    Bytes(Vec<u8>),
}

/// Go's `strings.Replace(s, old, new, n)` (`n < 0`: all), refusing results over `max_len` bytes.
pub(crate) fn replace(bytes: &[u8], old: &[u8], new: &[u8], n: i64, max_len: usize) -> Replaced {
    if old == new || n == 0 {
        return Replaced::Unchanged;
    }
    let matches = count(bytes, old);
    if matches == 0 {
        return Replaced::Unchanged;
    }
    let times = usize::try_from(n).map_or(matches, |n| n.min(matches));
    let len = replaced_len(bytes.len(), old.len(), new.len(), times);
    if len > max_len {
        return Replaced::TooLong;
    }
    let mut out = Vec::with_capacity(len);
    let mut start = 0;
    for i in 0..times {
        let rest = bytes.get(start..).unwrap_or_default();
        let found = if old.is_empty() {
            if i > 0 {
                decode_rune(rest).1
            } else {
                0
            }
        } else {
            index(rest, old).unwrap_or(rest.len())
        };
        out.extend_from_slice(rest.get(..found).unwrap_or_default());
        out.extend_from_slice(new);
        start += found + old.len();
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    Replaced::Bytes(out)
}

/// The length of `replace`'s result (saturating), to check before building it.
pub(crate) fn replaced_len(len: usize, old: usize, new: usize, times: usize) -> usize {
    len.saturating_sub(old.saturating_mul(times))
        .saturating_add(new.saturating_mul(times))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces<'b>(bytes: &'b [u8], ranges: &[Range<usize>]) -> Vec<&'b [u8]> {
        ranges.iter().map(|r| &bytes[r.clone()]).collect()
    }

    #[test]
    fn decoding_is_byte_by_byte_for_invalid_sequences() {
        assert_eq!(decode_rune(b"\xe2\x82"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune("é".as_bytes()), ('é', 2));
        assert_eq!(decode_last_rune(b"a\xe2\x82"), (RUNE_ERROR, 1));
        assert_eq!(decode_last_rune("aé".as_bytes()), ('é', 2));
        assert_eq!(rune_count(b"\xe2\x82x"), 3);
    }

    #[test]
    fn go_space_set() {
        for c in [
            '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{85}', '\u{a0}', '\u{3000}',
        ] {
            assert!(is_space(c), "{c:?}");
        }
        assert!(!is_space('\u{200b}'));
    }

    #[test]
    fn case_mapping_is_simple() {
        assert_eq!(simple_upper('ß'), 'ß');
        assert_eq!(simple_upper('\u{1F80}'), '\u{1F88}');
        assert_eq!(simple_upper('\u{1F88}'), '\u{1F88}');
        assert_eq!(simple_lower('İ'), 'i');
        assert_eq!(map_runes("ΣΑΣ".as_bytes(), simple_lower), "σασ");
        assert_eq!(map_runes(b"a\xffb", simple_upper), "A\u{FFFD}B");
    }

    #[test]
    fn split_like_go() {
        let s = b"a,b,c";
        assert_eq!(
            pieces(s, &split(s, b",", false, -1).unwrap()),
            [b"a", b"b", b"c"]
        );
        assert_eq!(
            pieces(s, &split(s, b",", false, 2).unwrap()),
            [&b"a"[..], b"b,c"]
        );
        assert_eq!(
            pieces(s, &split(s, b",", true, -1).unwrap()),
            [&b"a,"[..], b"b,", b"c"]
        );
        assert!(split(s, b",", false, 0).is_none());
        assert_eq!(pieces(b"", &split(b"", b",", false, -1).unwrap()), [b""]);
        assert!(split(b"", b"", false, -1).unwrap().is_empty());
        let h = "héllo".as_bytes();
        assert_eq!(
            pieces(h, &split(h, b"", false, 3).unwrap()),
            [&b"h"[..], "é".as_bytes(), b"llo"]
        );
    }

    #[test]
    fn replace_like_go() {
        let all = |s: &[u8], old: &[u8], new: &[u8], n| replace(s, old, new, n, usize::MAX);
        assert_eq!(
            all(b"abc", b"", b"-", -1),
            Replaced::Bytes(b"-a-b-c-".to_vec())
        );
        assert_eq!(all(b"aaa", b"a", b"b", 2), Replaced::Bytes(b"bba".to_vec()));
        assert_eq!(all(b"abc", b"x", b"y", -1), Replaced::Unchanged);
        assert_eq!(all(b"abc", b"b", b"b", -1), Replaced::Unchanged);
        assert_eq!(
            all("é".as_bytes(), b"", b"|", -1),
            Replaced::Bytes("|é|".as_bytes().to_vec())
        );
        assert_eq!(replace(b"ab", b"", b"xyz", -1, 8), Replaced::TooLong);
    }

    #[test]
    fn trimming() {
        assert_eq!(trim_cutset(b"abcba", b"ab"), 2..3);
        assert_eq!(trim_space("\u{a0} x \u{85}".as_bytes()), 3..4);
        assert_eq!(trim_cutset(b"\xffx\xff", "\u{FFFD}".as_bytes()), 1..2);
    }
}
