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
    let emit = |out: &mut Vec<Hit>, s: usize, e: usize, pid: u32| {
        // s is the pattern's leading space; the name starts one byte later.
        out.push(Hit {
            start: base + buf.start(s + 1) as usize,
            end: base + buf.end(e - 1) as usize,
            pattern: pid,
        });
    };
    let first = out.len();
    // Names open with a capital (or a caseless script): search anchored there only, so
    // lower-case prose costs no automaton steps.
    let mut free = 0;
    for &st in &buf.starts {
        let st = st as usize;
        if st < free {
            continue;
        }
        if let Some((e, pid)) = longest_at(lex, hay, st, hay.len()) {
            emit(out, st, e, pid);
            free = e;
        }
    }
    // The few names that may be written in lower case, over the whole text.
    if let Some(lac) = &lex.lower_ac {
        let mut lower = Vec::new();
        for m in lac.find_iter(hay) {
            // the pattern has no leading space: check the word start here
            let s = m.start();
            if s > 0 && hay[s - 1] == b' ' && is_boundary(hay.get(m.end())) {
                emit(
                    &mut lower,
                    s - 1,
                    m.end(),
                    lex.lower_ids[m.pattern().as_usize()],
                );
            }
        }
        if !lower.is_empty() {
            out.extend(lower);
            let hits = &mut out[first..];
            hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
            for h in hits.iter() {
                if kept.last().is_none_or(|k| h.start >= k.end) {
                    kept.push(*h);
                }
            }
            out.truncate(first);
            out.extend(kept);
        }
    }
}

/// The longest pattern starting at `st` (a space) that ends at a word end, searching
/// no further than `limit`.
fn longest_at(lex: &Lexicon, hay: &[u8], st: usize, limit: usize) -> Option<(usize, u32)> {
    let m = lex
        .ac
        .find(Input::new(hay).span(st..limit).anchored(Anchored::Yes))?;
    if is_boundary(hay.get(m.end())) {
        return Some((m.end(), m.pattern().as_u32()));
    }
    // The longest match ends inside a word ("Hama" in "Hamadiya"): retry ending at
    // each earlier word end.
    let mut cut = m.end();
    while let Some(sp) = hay[st + 1..cut]
        .iter()
        .rposition(|&b| b == b' ' || b == b'|')
    {
        let c = st + 1 + sp;
        let c = if hay[c - 1] == b'|' { c - 1 } else { c };
        if c <= st + 1 {
            return None;
        }
        match lex
            .ac
            .find(Input::new(hay).span(st..c).anchored(Anchored::Yes))
        {
            Some(m2) if is_boundary(hay.get(m2.end())) => {
                return Some((m2.end(), m2.pattern().as_u32()))
            }
            Some(m2) => cut = m2.end().min(c),
            None => return None,
        }
    }
    None
}
