//! Recognition: the name trie walked from each folded word that can open a name, over
//! the parts of the text that can hold one, folded lazily.
//!
//! Every pattern starts with a space, so a match can only start at a folded word start,
//! and a match is kept only when it also ends at a word end: the longest whole-word name
//! wins, and a longer name ending inside a word ("Hama" in "Hamadiya") does not hide a
//! shorter one. Names open with a capital (or a caseless script), so the trie is walked
//! only from such words; the few names that may be written in lower case ("border with
//! Turkey", "the city") are tried at every word start.
//!
//! **Lazy folding.** Folding ([`super::fold`]) costs far more per byte than the rest of
//! the scan, and most of a report is lower-case prose no walk starts in. The raw text is
//! read word by word (a word: the bytes between ASCII separators); a word is a *seed* when
//! it opens with a capital, is not plain ASCII letters and digits, or — folded cheaply
//! ([`super::fold::fold_ascii_word`]) — can open a lower-case name. Only a stretch from a
//! seed to a few words after the last seed near it is folded (an *island*), and each walk
//! there records how far it read: folding a stretch alone gives the bytes folding the
//! whole text gives, except for its last word when no sentence mark ends the stretch (a
//! sun-letter article the next word may drop; the text's own separator after it), so a
//! walk that read that far makes the island grow and be folded again. The hits are
//! therefore the hits of folding the whole text ([`scan_eager`], which the tests compare
//! with on generated text).
//!
//! Everything after this (capitalisation, people, organisations, resolution) looks only
//! at the hits.

use super::fold::{fold_ascii_word, fold_into, separator_class, Folded, WORD_MAX};
use super::lexicon::Lexicon;

/// A raw name match: input byte range and pattern id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: u32,
}

/// Chunk size for folding; chunks end at a line break when there is one.
const CHUNK: usize = 1 << 18;

/// Finds every whole-word name match in `text`, in order, non-overlapping.
pub fn scan(lex: &Lexicon, text: &str, buf: &mut Folded, out: &mut Vec<Hit>) {
    for_chunks(text, |chunk, base| scan_chunk(lex, chunk, base, buf, out));
}

/// [`scan`] folding the whole text: the definition the lazy scan keeps to (tests and
/// benchmarks compare the two).
#[doc(hidden)]
pub fn scan_eager(lex: &Lexicon, text: &str, buf: &mut Folded, out: &mut Vec<Hit>) {
    for_chunks(text, |chunk, base| {
        let first = out.len();
        let mut lower = Vec::new();
        fold_into(chunk, 0, buf);
        walk(lex, buf, base, usize::MAX, out, &mut lower);
        merge_lower(out, first, lower);
    });
}

/// Calls `f` with pieces of `text` of at most [`CHUNK`] bytes and their offsets, cut
/// after a line break when there is one (a sentence mark: no name spans it).
fn for_chunks(text: &str, mut f: impl FnMut(&str, usize)) {
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
        f(&text[base..end], base);
        base = end;
    }
}

/// What a word of the raw text is to the lazy scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// ASCII letters and digits opening with a capital: one folded word that opens a name.
    Capital,
    /// ASCII letters and digits not opening with a capital: one folded word (or none, an
    /// article) that opens no name, and a lower-case name only if its fold says so.
    Quiet,
    /// Anything else (marks, another script, non-ASCII punctuation): always folded.
    Other,
}

/// A word of the raw text: the bytes between two runs of ASCII separators.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    kind: Kind,
    /// The first sentence-level separator after the word, if its separator run has one.
    hard: Option<usize>,
    /// Where the next word starts (or the text's end).
    next: usize,
}

/// What each byte is to [`word_at`]: a lower-case letter or digit, a capital, another
/// byte of a word (marks, non-ASCII), a separator, a sentence-level separator.
const LOWER: u8 = 0;
const UPPER: u8 = 1;
const OTHER: u8 = 2;
const SPACE: u8 = 3;
const HARD: u8 = 4;

fn byte_classes() -> &'static [u8; 256] {
    static CLASSES: std::sync::OnceLock<[u8; 256]> = std::sync::OnceLock::new();
    CLASSES.get_or_init(|| {
        let mut t = [OTHER; 256];
        for (b, c) in t.iter_mut().enumerate() {
            let b = b as u8;
            *c = match separator_class(b) {
                1 => SPACE,
                2 => HARD,
                _ if b.is_ascii_uppercase() => UPPER,
                _ if b.is_ascii_alphanumeric() => LOWER,
                _ => OTHER,
            };
        }
        t
    })
}

/// The first word at or after `from`.
#[inline]
fn word_at(bytes: &[u8], from: usize) -> Option<Word> {
    let cls = byte_classes();
    let n = bytes.len();
    let mut i = from;
    while i < n && cls[bytes[i] as usize] >= SPACE {
        i += 1;
    }
    if i >= n {
        return None;
    }
    let start = i;
    let mut kind = if cls[bytes[i] as usize] == UPPER {
        Kind::Capital
    } else {
        Kind::Quiet
    };
    let mut other = false;
    while i < n {
        let c = cls[bytes[i] as usize];
        if c >= SPACE {
            break;
        }
        other |= c == OTHER;
        i += 1;
    }
    if other {
        kind = Kind::Other;
    }
    let end = i;
    let mut hard = None;
    while i < n {
        match cls[bytes[i] as usize] {
            SPACE => {}
            HARD => {
                if hard.is_none() {
                    hard = Some(i)
                }
            }
            _ => break,
        }
        i += 1;
    }
    Some(Word {
        start,
        end,
        kind,
        hard,
        next: i,
    })
}

/// The cheap fold of an ASCII word, or `None` when it is longer than [`WORD_MAX`].
#[inline]
fn cheap_fold<'a>(bytes: &[u8], w: &Word, out: &'a mut [u8; WORD_MAX]) -> Option<(&'a [u8], bool)> {
    let next = bytes.get(w.end).copied().unwrap_or(b' ');
    let (n, sun) = fold_ascii_word(&bytes[w.start..w.end], next, out)?;
    Some((&out[..n], sun))
}

/// Whether the scan must fold word `w`: it may open a name, or a lower-case name.
#[inline]
fn is_seed(lex: &Lexicon, bytes: &[u8], w: &Word) -> bool {
    match w.kind {
        Kind::Capital | Kind::Other => true,
        Kind::Quiet => {
            lex.has_lower()
                && lex.may_head_lower(bytes[w.start], w.end - w.start)
                && quiet_opens_lower(lex, bytes, w)
        }
    }
}

/// Whether a quiet word can open a lower-case name, from its fold and the next word's.
fn quiet_opens_lower(lex: &Lexicon, bytes: &[u8], w: &Word) -> bool {
    let mut f = [0u8; WORD_MAX];
    let Some((folded, _)) = cheap_fold(bytes, w, &mut f) else {
        return true;
    };
    if !lex.may_open_lower(folded, None) {
        return false;
    }
    // A name of several words also needs the next word: spaces apart, its fold.
    if w.hard.is_some() {
        return lex.may_open_lower(folded, Some(None));
    }
    let Some(nw) = word_at(bytes, w.next) else {
        return lex.may_open_lower(folded, Some(None));
    };
    if nw.kind == Kind::Other {
        return true;
    }
    let mut g = [0u8; WORD_MAX];
    match cheap_fold(bytes, &nw, &mut g) {
        // An article the rules drop, or a sun article the word after may drop: the
        // second word of the name may be another one.
        Some((next, false)) if !next.is_empty() => lex.may_open_lower(folded, Some(Some(next))),
        _ => true,
    }
}

fn scan_chunk(lex: &Lexicon, chunk: &str, base: usize, buf: &mut Folded, out: &mut Vec<Hit>) {
    let first = out.len();
    let mut lower = Vec::new();
    let bytes = chunk.as_bytes();
    let mut pos = 0;
    while let Some(w) = word_at(bytes, pos) {
        pos = if is_seed(lex, bytes, &w) {
            island(lex, chunk, base, w, buf, out, &mut lower)
        } else {
            w.next
        };
    }
    merge_lower(out, first, lower);
}

/// Folds the stretch from seed `seed` to a few words after the last seed near it, walks
/// it, and returns where the scan goes on. The stretch grows until every walk stayed in
/// its final part.
fn island(
    lex: &Lexicon,
    chunk: &str,
    base: usize,
    seed: Word,
    buf: &mut Folded,
    out: &mut Vec<Hit>,
    lower: &mut Vec<Hit>,
) -> usize {
    let bytes = chunk.as_bytes();
    let n = bytes.len();
    let mut ext = 1;
    loop {
        // Words after the last seed: `ext` of them, unless a sentence mark or the chunk's
        // end comes first (then everything folded is final).
        let mut cur = seed;
        let mut since = 0;
        let (end, tail) = loop {
            if let Some(h) = cur.hard {
                break (h + 1, None);
            }
            if cur.next >= n {
                break (n, None);
            }
            if since >= ext {
                break (cur.end, Some(cur));
            }
            let Some(nw) = word_at(bytes, cur.next) else {
                break (n, None);
            };
            since = if is_seed(lex, bytes, &nw) {
                0
            } else {
                since + 1
            };
            cur = nw;
        };
        fold_into(&chunk[seed.start..end], seed.start as u32, buf);
        let limit = match tail {
            None => usize::MAX,
            Some(t) => final_limit(buf, bytes, &t),
        };
        let (marks, markl) = (out.len(), lower.len());
        if walk(lex, buf, base, limit, out, lower) {
            return match tail {
                Some(t) => t.next,
                None => end,
            };
        }
        out.truncate(marks);
        lower.truncate(markl);
        ext *= 2;
    }
}

/// The first index of `buf` (an island ending after word `t`, a non-seed quiet word)
/// whose byte may differ from the whole text's fold: the separator folded after `t`
/// (the text may have a sentence mark there, or more), or `t` itself when it is a
/// sun-letter article (the next word may drop it) or too long to fold cheaply.
fn final_limit(buf: &Folded, bytes: &[u8], t: &Word) -> usize {
    let mut f = [0u8; WORD_MAX];
    match cheap_fold(bytes, t, &mut f) {
        Some((_, false)) => buf.bytes.len().saturating_sub(1),
        _ => {
            let mut j = buf.bytes.len();
            while j > 0 && buf.span[j - 1].0 as usize >= t.start {
                j -= 1;
            }
            j
        }
    }
}

/// Walks the trie from the folded text's name openers and the lower-case patterns from
/// every word start, pushing hits; `false` (hits partly pushed) when a walk read at or
/// past `limit`.
fn walk(
    lex: &Lexicon,
    buf: &Folded,
    base: usize,
    limit: usize,
    out: &mut Vec<Hit>,
    lower: &mut Vec<Hit>,
) -> bool {
    let hay = &buf.bytes[..];
    let emit = |v: &mut Vec<Hit>, s: usize, e: usize, pid: u32| {
        // s is the pattern's leading space; the name starts one byte later.
        v.push(Hit {
            start: base + buf.start(s + 1) as usize,
            end: base + buf.end(e - 1) as usize,
            pattern: pid,
        });
    };
    let mut free = 0;
    for &st in &buf.starts {
        let st = st as usize;
        if st < free {
            continue;
        }
        let (m, reach) = lex.match_at_reach(hay, st);
        if reach >= limit {
            return false;
        }
        if let Some((e, pid)) = m {
            emit(out, st, e, pid);
            free = e;
        }
    }
    if lex.has_lower() {
        let mut free = 0;
        // Words from the limit on are no island's own (see `island`): not walked.
        let words_end = hay.len().min(limit);
        for st in memchr::memchr_iter(b' ', hay) {
            if st + 1 >= words_end {
                break;
            }
            if st < free || !lex.lower_may_start(hay, st) {
                continue;
            }
            let (m, reach) = lex.lower_at_reach(hay, st);
            if reach >= limit {
                return false;
            }
            if let Some((e, pid)) = m {
                emit(lower, st, e, pid);
                free = e;
            }
        }
    }
    true
}

/// Adds the lower-case hits to the chunk's hits from `first` on: in text order, the
/// longest first, overlapping ones dropped.
fn merge_lower(out: &mut Vec<Hit>, first: usize, lower: Vec<Hit>) {
    if lower.is_empty() {
        return;
    }
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
