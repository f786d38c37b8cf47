//! Reading NDJSON in chunks: bounded memory whatever the input holds (no newline for gigabytes,
//! bytes that are not UTF-8), every line numbered so that each one can be accounted for.

use std::io::{self, BufRead};

/// Lines per chunk: the unit of parallel work.
pub const CHUNK_LINES: usize = 256;
/// A chunk is closed early once its lines hold this many bytes.
pub const CHUNK_BYTES: usize = 1 << 20;
/// A longer line is not kept: it becomes an error record (and is skipped up to its newline).
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// One input line, without its line ending.
#[derive(Debug)]
pub enum RawLine {
    /// The line's bytes (not yet known to be UTF-8).
    Bytes(Vec<u8>),
    /// The line was longer than [`MAX_LINE_BYTES`]; its length in bytes.
    TooLong(usize),
}

/// Consecutive lines, numbered from `first_line` (1-based).
#[derive(Debug)]
pub struct Chunk {
    /// The chunk's position in the input (0, 1, 2, ...): output is written in this order.
    pub sequence: u64,
    /// The number of the first line.
    pub first_line: u64,
    /// The lines.
    pub lines: Vec<RawLine>,
    /// The input bytes the lines took (line endings included), for the progress bar.
    pub bytes: usize,
}

/// Splits a byte stream into chunks of lines.
pub struct ChunkReader<R> {
    input: R,
    next_line: u64,
    next_sequence: u64,
    done: bool,
}

impl<R: BufRead> ChunkReader<R> {
    /// Reads `input` from its start.
    pub fn new(input: R) -> ChunkReader<R> {
        ChunkReader {
            input,
            next_line: 1,
            next_sequence: 0,
            done: false,
        }
    }

    /// The next chunk, or `None` at the end of the input.
    pub fn next_chunk(&mut self) -> io::Result<Option<Chunk>> {
        let mut lines = Vec::new();
        let mut bytes = 0;
        while !self.done && lines.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
            match self.read_line()? {
                Some((line, consumed)) => {
                    bytes += consumed;
                    lines.push(line);
                }
                None => self.done = true,
            }
        }
        if lines.is_empty() {
            return Ok(None);
        }
        let chunk = Chunk {
            sequence: self.next_sequence,
            first_line: self.next_line,
            lines,
            bytes,
        };
        self.next_sequence += 1;
        self.next_line += chunk.lines.len() as u64;
        Ok(Some(chunk))
    }

    /// One line (without `\n` or `\r\n`) and the bytes it took; `None` at the end. A final line
    /// without a newline counts; the empty piece after a final newline does not.
    fn read_line(&mut self) -> io::Result<Option<(RawLine, usize)>> {
        let mut line = Vec::new();
        let mut length = 0;
        let mut ended = false;
        loop {
            let buffer = match self.input.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if buffer.is_empty() {
                break;
            }
            let (piece, found) = match newline_position(buffer) {
                Some(end) => (&buffer[..end], true),
                None => (buffer, false),
            };
            length += piece.len();
            if length <= MAX_LINE_BYTES {
                line.extend_from_slice(piece);
            } else {
                line = Vec::new();
            }
            let used = piece.len() + usize::from(found);
            self.input.consume(used);
            if found {
                ended = true;
                break;
            }
        }
        if length == 0 && !ended {
            return Ok(None);
        }
        let consumed = length + usize::from(ended);
        if length > MAX_LINE_BYTES {
            return Ok(Some((RawLine::TooLong(length), consumed)));
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(Some((RawLine::Bytes(line), consumed)))
    }
}

fn newline_position(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<String> {
        let mut reader = ChunkReader::new(input);
        let mut all = Vec::new();
        while let Some(chunk) = reader.next_chunk().unwrap() {
            for line in chunk.lines {
                all.push(match line {
                    RawLine::Bytes(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    RawLine::TooLong(n) => format!("<{n}>"),
                });
            }
        }
        all
    }

    #[test]
    fn every_line_is_numbered_once() {
        assert_eq!(lines(b"a\nb\r\n\nc"), ["a", "b", "", "c"]);
        assert_eq!(lines(b"a\n"), ["a"]);
        assert_eq!(lines(b"\n"), [""]);
        assert!(lines(b"").is_empty());
    }

    #[test]
    fn chunks_are_bounded_and_numbered() {
        let input = "x\n".repeat(CHUNK_LINES * 2 + 1);
        let mut reader = ChunkReader::new(input.as_bytes());
        let mut firsts = Vec::new();
        while let Some(chunk) = reader.next_chunk().unwrap() {
            firsts.push((chunk.sequence, chunk.first_line, chunk.lines.len()));
        }
        let n = CHUNK_LINES as u64;
        assert_eq!(
            firsts,
            [
                (0, 1, CHUNK_LINES),
                (1, n + 1, CHUNK_LINES),
                (2, 2 * n + 1, 1)
            ]
        );
    }
}
