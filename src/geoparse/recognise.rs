//! Recognition: one pass over the folded text, walking the name trie from each word
//! that can open a name.
//!
//! The text is folded in chunks (split at line breaks, so buffers stay small and hot
//! in cache); every pattern starts with a space, so a match can only start at a folded
//! word start, and a match is kept only when it also ends at a word end: the
//! longest whole-word name wins, and a longer name ending inside a word ("Hama" in
//! "Hamadiya") does not hide a shorter one. Everything after this (capitalisation,
//! people, organisations, resolution) looks only at the hits.

use super::fold::{fold_words_into, Folded, WordFilter};
use super::lexicon::Lexicon;
use super::tables::is_boundary;

/// A raw name match: input byte range and pattern id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: u32,
}

/// Chunk size for folding; chunks end at a line break when there is one.
const CHUNK: usize = 1 << 18;

/// A word of the text as folding delimits it (see [`super::fold::TextWord`]), with
/// offsets into the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordSpan {
    pub start: usize,
    pub end: usize,
    /// Only ASCII letters and digits.
    pub plain: bool,
}

/// Finds every whole-word name match in `text`, in order, non-overlapping.
pub fn scan(lex: &Lexicon, text: &str, buf: &mut Folded, out: &mut Vec<Hit>) {
    scan_words(lex, text, buf, out, None, None);
}

/// [`scan`], also listing every word of the text in `words`, in order (of the plain
/// words only those `filter` lets through, when given; see [`WordFilter`]): folding walks
/// them anyway. Returns `false` when a chunk had to be cut inside a word (no
/// whitespace in 256 KB of text), so that `words` may hold the two halves of one word.
pub fn scan_words(
    lex: &Lexicon,
    text: &str,
    buf: &mut Folded,
    out: &mut Vec<Hit>,
    mut words: Option<&mut Vec<WordSpan>>,
    filter: Option<&WordFilter>,
) -> bool {
    let mut whole_words = true;
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
                    whole_words = false;
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                }
            }
        }
        scan_chunk(lex, &text[base..end], base, buf, out, filter);
        if let Some(words) = words.as_deref_mut() {
            words.extend(buf.words.iter().map(|w| WordSpan {
                start: base + w.start as usize,
                end: base + w.end as usize,
                plain: w.plain,
            }));
        }
        base = end;
    }
    whole_words
}

fn scan_chunk(
    lex: &Lexicon,
    chunk: &str,
    base: usize,
    buf: &mut Folded,
    out: &mut Vec<Hit>,
    filter: Option<&WordFilter>,
) {
    fold_words_into(chunk, 0, buf, filter);
    let hay = buf.bytes();
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
        if let Some((e, pid)) = lex.match_at(hay, st) {
            emit(out, st, e, pid);
            free = e;
        } else if let Some((skip, e, pid)) = lex.prefixed_match(hay, st) {
            // the name starts after the prefix: the byte before it plays the space
            emit(out, st + skip, e, pid);
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
