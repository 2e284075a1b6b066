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

/// Measurement only (speed session 18, step 1): how much of a text a fold that starts
/// only at capitalised or non-ASCII words, and grows a window while a trie walk is
/// alive, would still fold. Run with
/// `FL_BOUND_TEXT=target/c1.txt cargo test --release --lib lazy_bound -- --ignored --nocapture`.
#[cfg(test)]
mod bound {
    use super::*;

    /// One pass of 16 bytes a step: bit mask of the bytes that open a capitalised word
    /// (an ASCII capital after a separator) or are non-ASCII; returns how many. The pass
    /// a lazy fold would start with (counted by callgrind).
    #[inline(never)]
    #[cfg(target_arch = "x86_64")]
    pub fn capital_mask_count(text: &[u8]) -> usize {
        use std::arch::x86_64::*;
        let mut n = 0usize;
        let mut carry: u32 = 1; // the text opens after a separator
        let mut i = 0;
        // SAFETY: SSE2 is baseline on x86_64; loads are unaligned and in bounds.
        unsafe {
            let off_cap = _mm_set1_epi8((0x80u8 - b'A') as i8);
            let lim_cap = _mm_set1_epi8((-128i16 + 26) as i8);
            let off_low = _mm_set1_epi8((0x80u8 - b'a') as i8);
            let off_dig = _mm_set1_epi8((0x80u8 - b'0') as i8);
            let lim_dig = _mm_set1_epi8((-128i16 + 10) as i8);
            let apos = _mm_set1_epi8(b'\'' as i8);
            while i + 16 <= text.len() {
                let x = _mm_loadu_si128(text.as_ptr().add(i) as *const __m128i);
                let cap = _mm_cmplt_epi8(_mm_add_epi8(x, off_cap), lim_cap);
                let low = _mm_cmplt_epi8(_mm_add_epi8(x, off_low), lim_cap);
                let dig = _mm_cmplt_epi8(_mm_add_epi8(x, off_dig), lim_dig);
                let ap = _mm_cmpeq_epi8(x, apos);
                let word = _mm_or_si128(_mm_or_si128(cap, low), _mm_or_si128(dig, ap));
                let hi = _mm_movemask_epi8(x) as u32;
                let cap_m = _mm_movemask_epi8(cap) as u32;
                let word_m = _mm_movemask_epi8(word) as u32 | hi;
                let sep_m = !word_m & 0xFFFF;
                let after_sep = (sep_m << 1) | carry;
                let m = (cap_m & after_sep) | hi;
                n += m.count_ones() as usize;
                carry = (sep_m >> 15) & 1;
                i += 16;
            }
        }
        for (k, &b) in text[i..].iter().enumerate() {
            let prev_sep = if i + k == 0 {
                true
            } else {
                let p = text[i + k - 1];
                p < 0x80 && !p.is_ascii_alphanumeric() && p != b'\''
            };
            if b >= 0x80 || (b.is_ascii_uppercase() && prev_sep) {
                n += 1;
            }
        }
        n
    }

    fn is_sep(b: u8) -> bool {
        b < 0x80 && !b.is_ascii_alphanumeric() && b != b'\''
    }

    /// The raw word around byte `i`: `[start, end)`.
    fn word_at(t: &[u8], i: usize) -> (usize, usize) {
        let mut s = i.min(t.len());
        while s > 0 && !is_sep(t[s - 1]) {
            s -= 1;
        }
        let mut e = i.min(t.len());
        while e < t.len() && !is_sep(t[e]) {
            e += 1;
        }
        (s, e)
    }

    /// `s` moved back over the separators and one word of at most 3 bytes before it
    /// (an article or "the" the fold may read with the name).
    fn with_short_word_before(t: &[u8], s: usize) -> usize {
        let mut p = s;
        while p > 0 && is_sep(t[p - 1]) && s - p < 3 {
            p -= 1;
        }
        let (ws, _) = word_at(t, p.saturating_sub(1));
        if p > 0 && p - ws <= 3 && !is_sep(t[p - 1]) {
            ws
        } else {
            s
        }
    }

    #[test]
    #[ignore]
    fn lazy_bound() {
        let Ok(path) = std::env::var("FL_BOUND_TEXT") else {
            return;
        };
        let text = std::fs::read_to_string(path).expect("text");
        let region = crate::Region::bundled().expect("bundled pack");
        let g = &region.geoparser;
        let lex = &g.lexicon;
        let mut buf = Folded::default();
        let (mut raw, mut folded, mut starts, mut long_walks) = (0usize, 0usize, 0usize, 0usize);
        let (mut covered, mut windows, mut mask_words, mut lower_windows) = (0usize, 0, 0, 0);
        let mut raw_caps = 0usize;
        for doc in text.split("\n\n").filter(|d| !d.is_empty()) {
            let t = doc.as_bytes();
            raw += t.len();
            mask_words += capital_mask_count(t);
            fold_words_into(doc, 0, &mut buf, g.unlisted.word_filter());
            let hay = buf.bytes();
            folded += hay.len();
            let mut iv: Vec<(usize, usize)> = Vec::new();
            // (a) walks from the fold's starts, while alive
            for &st in &buf.starts {
                let st = st as usize;
                starts += 1;
                let reach = lex.trie.walk_reach(hay, st);
                let s = buf.start(st + 1) as usize;
                let next_space = hay[st + 1..]
                    .iter()
                    .position(|&b| b == b' ' || b == b'|')
                    .map_or(hay.len(), |p| st + 1 + p);
                if reach > next_space {
                    long_walks += 1;
                }
                let e = if reach < hay.len() {
                    word_at(t, buf.start(reach) as usize).1
                } else {
                    t.len()
                };
                iv.push((with_short_word_before(t, s), e.max(word_at(t, s).1)));
            }
            // (b) every capitalised or non-ASCII raw word
            let mut i = 0;
            while i < t.len() {
                let (s, e) = word_at(t, i);
                if e > s {
                    let w = &t[s..e];
                    if w[0].is_ascii_uppercase() {
                        raw_caps += 1;
                        iv.push((with_short_word_before(t, s), e));
                    } else if w.iter().any(|&b| b >= 0x80) {
                        iv.push((s, e));
                    }
                }
                i = e + 1;
            }
            // (c) the lower-case names where they match
            if let Some(lac) = &lex.lower_ac {
                for m in lac.find_iter(hay) {
                    lower_windows += 1;
                    let s = buf.start(m.start()) as usize;
                    let e = if m.end() < hay.len() {
                        word_at(t, buf.start(m.end()) as usize).1
                    } else {
                        t.len()
                    };
                    iv.push((with_short_word_before(t, s), e.max(s)));
                }
            }
            iv.sort_unstable();
            let mut cur: Option<(usize, usize)> = None;
            for (s, e) in iv {
                match cur {
                    Some((cs, ce)) if s <= ce + 1 => cur = Some((cs, ce.max(e))),
                    Some((cs, ce)) => {
                        covered += ce - cs;
                        windows += 1;
                        cur = Some((s, e));
                    }
                    None => cur = Some((s, e)),
                }
            }
            if let Some((cs, ce)) = cur {
                covered += ce - cs;
                windows += 1;
            }
        }
        println!(
            "raw {raw} folded {folded} starts {starts} walks past their first word {long_walks} \
             raw capitalised words {raw_caps} mask bits {mask_words} lower-case matches \
             {lower_windows}\nwindows {windows} covering {covered} raw bytes ({:.1} %)",
            100.0 * covered as f64 / raw as f64
        );
    }

    #[test]
    fn mask_counts_what_a_byte_loop_counts() {
        let lines = [
            "The Syrian army took Deir ez-Zor, said the SDF’s man in al-Bab.",
            "a b C d E",
            "x'Y zZ 9A (B) [C] é É",
        ];
        for l in lines {
            for cut in 0..l.len() {
                if !l.is_char_boundary(cut) {
                    continue;
                }
                let t = &l.as_bytes()[cut..];
                let want = t
                    .iter()
                    .enumerate()
                    .filter(|&(k, &b)| {
                        b >= 0x80 || (b.is_ascii_uppercase() && (k == 0 || is_sep(t[k - 1])))
                    })
                    .count();
                let doubled: Vec<u8> = [t, t, t].concat();
                let want2 = doubled
                    .iter()
                    .enumerate()
                    .filter(|&(k, &b)| {
                        b >= 0x80 || (b.is_ascii_uppercase() && (k == 0 || is_sep(doubled[k - 1])))
                    })
                    .count();
                assert_eq!(capital_mask_count(t), want, "{l} from {cut}");
                assert_eq!(capital_mask_count(&doubled), want2, "{l} from {cut} x3");
            }
        }
    }
}
