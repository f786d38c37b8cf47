//! Go's `base64.StdEncoding.DecodeString`, with its error offsets.
//!
//! Padding is required, `\r` and `\n` are skipped anywhere, and (the encoding not being
//! `Strict`) unused low bits of the last character are ignored.

/// Decodes standard base64 as Go does; `Err(n)` is Go's `illegal base64 data at input byte n`.
pub(crate) fn decode(src: &[u8]) -> Result<Vec<u8>, usize> {
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut position = 0;
    while position < src.len() {
        position = decode_quantum(&mut out, src, position)?;
    }
    Ok(out)
}

fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

fn skip_newlines(src: &[u8], mut i: usize) -> usize {
    while i < src.len() && matches!(src[i], b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Go's `decodeQuantum`: decodes up to four characters from `si`, returns where it stopped.
fn decode_quantum(out: &mut Vec<u8>, src: &[u8], mut si: usize) -> Result<usize, usize> {
    let mut buffer = [0u8; 4];
    let mut len = 4;
    let mut j = 0;
    while j < 4 {
        let Some(&c) = src.get(si) else {
            // Input ended inside a quantum: padding was required.
            return if j == 0 { Ok(si) } else { Err(si - j) };
        };
        si += 1;
        if let Some(value) = sextet(c) {
            buffer[j] = value;
            j += 1;
            continue;
        }
        if c == b'\n' || c == b'\r' {
            continue;
        }
        if c != b'=' || j < 2 {
            return Err(si - 1);
        }
        if j == 2 {
            // "==" expected; the first "=" is consumed.
            si = skip_newlines(src, si);
            match src.get(si) {
                None => return Err(src.len()),
                Some(b'=') => si += 1,
                Some(_) => return Err(si - 1),
            }
        }
        si = skip_newlines(src, si);
        if si < src.len() {
            return Err(si); // trailing garbage
        }
        len = j;
        break;
    }
    let value = u32::from(buffer[0]) << 18
        | u32::from(buffer[1]) << 12
        | u32::from(buffer[2]) << 6
        | u32::from(buffer[3]);
    let bytes = [(value >> 16) as u8, (value >> 8) as u8, value as u8];
    out.extend_from_slice(&bytes[..len - 1]);
    Ok(si)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_go() {
        assert_eq!(decode(b"amRvZQ==").unwrap(), b"jdoe");
        assert_eq!(decode(b"").unwrap(), b"");
        assert_eq!(decode(b"dHJ1ZQ==").unwrap(), b"true");
        assert_eq!(decode(b"true").unwrap(), [182, 187, 158]);
        assert_eq!(decode(b"bnVsbA==").unwrap(), b"null");
        assert_eq!(decode(b"am\nRv\r\nZQ==").unwrap(), b"jdoe");
        assert_eq!(decode(b"amRvZR==").unwrap(), b"jdoe"); // unused bits ignored
        assert_eq!(decode(b"YQ==\n").unwrap(), b"a");
        assert_eq!(decode(b"YWI=").unwrap(), b"ab");
    }

    #[test]
    fn error_offsets_match_go() {
        assert_eq!(decode(b"amRvZQ"), Err(4));
        assert_eq!(decode(b"amRvZQ="), Err(7));
        assert_eq!(decode(b"a"), Err(0));
        assert_eq!(decode(b"ab"), Err(0));
        assert_eq!(decode(b"abc"), Err(0));
        assert_eq!(decode(b"str"), Err(0));
        assert_eq!(decode(b"abcd!"), Err(4));
        assert_eq!(decode(b"=abc"), Err(0));
        assert_eq!(decode(b"a=bc"), Err(1));
        assert_eq!(decode(b"ab=c"), Err(2));
        assert_eq!(decode(b"YQ==YQ=="), Err(4));
        assert_eq!(decode(b"YWI=x"), Err(4));
        assert_eq!(decode(b"amRv ZQ=="), Err(4));
        assert_eq!(decode(b"hello world!"), Err(5));
    }
}
