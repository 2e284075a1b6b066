//! Recognition: one pass of the name automaton over the folded text.
//!
//! The text is folded in chunks (split at line breaks, so buffers stay small and hot
//! in cache); every pattern starts with a space, so the automaton can only match at
//! a folded word start, and a match is kept only when it also ends at a word end.
//! When the longest match at a position ends inside a word ("Hama" in "Hamadiya"),
//! the search is retried on the same start, cut at each earlier word end, so a
//! shorter whole-word name is not lost. Everything after this (capitalisation,
//! people, organisations, resolution) looks only at the hits.

use super::fold::{fold_into, Folded};
use super::lexicon::Lexicon;
use aho_corasick::{Anchored, Input};

/// A raw name match: input byte range and pattern id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: u32,
}

/// Chunk size for folding; chunks end at a line break when there is one.
const CHUNK: usize = 1 << 18;

#[inline]
fn is_boundary(b: Option<&u8>) -> bool {
    matches!(b, Some(b' ') | Some(b'|') | None)
}

/// Finds every whole-word name match in `text`, in order, non-overlapping.
pub fn scan(lex: &Lexicon, text: &str, buf: &mut Folded, out: &mut Vec<Hit>) {
    let mut base = 0;
    while base < text.len() {
        let mut end = (base + CHUNK).min(text.len());
        if end < text.len() {
            // Prefer a line break, else any ASCII whitespace, else a char boundary.
            let window = &text.as_bytes()[base..end];
            let cut = window
                .iter()
                .rposition(|&b| b == b'\n')
                .or_else(|| window.iter().rposition(|b| b.is_ascii_whitespace()));
            match cut {
                Some(c) if c > 0 => end = base + c + 1,
                _ => {
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                }
            }
        }
        scan_chunk(lex, &text[base..end], base, buf, out);
        base = end;
    }
}

fn scan_chunk(lex: &Lexicon, chunk: &str, base: usize, buf: &mut Folded, out: &mut Vec<Hit>) {
    fold_into(chunk, 0, buf);
    let hay = &buf.bytes[..];
    let mut pos = 0;
    let emit = |out: &mut Vec<Hit>, s: usize, e: usize, pid: u32| {
        // s is the pattern's leading space; the name starts one byte later.
        out.push(Hit {
            start: base + buf.start[s + 1] as usize,
            end: base + buf.end[e - 1] as usize,
            pattern: pid,
        });
    };
    while pos < hay.len() {
        let Some(m) = lex.ac.find(Input::new(hay).span(pos..hay.len())) else {
            break;
        };
        let (ms, me) = (m.start(), m.end());
        if is_boundary(hay.get(me)) {
            emit(out, ms, me, m.pattern().as_u32());
            pos = me;
            continue;
        }
        // Retry shorter matches from the same start, ending at earlier word ends.
        let mut cut = me;
        let mut found = None;
        while let Some(sp) = hay[ms + 1..cut]
            .iter()
            .rposition(|&b| b == b' ' || b == b'|')
        {
            let c = ms + 1 + sp;
            // a word end is just before a space, or before "| "
            let c = if c > 0 && hay[c - 1] == b'|' {
                c - 1
            } else {
                c
            };
            if c <= ms + 1 {
                break;
            }
            if let Some(m2) = lex
                .ac
                .find(Input::new(hay).span(ms..c).anchored(Anchored::Yes))
            {
                if is_boundary(hay.get(m2.end())) {
                    found = Some(m2);
                    break;
                }
                cut = m2.end().min(c);
            } else {
                cut = c;
            }
        }
        match found {
            Some(m2) => {
                emit(out, ms, m2.end(), m2.pattern().as_u32());
                pos = m2.end();
            }
            None => pos = ms + 1,
        }
    }
}
