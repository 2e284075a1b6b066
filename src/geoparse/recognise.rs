//! Recognition: the name trie walked from each word that can open a name, over the
//! parts of the text that can hold one.
//!
//! The text is read in chunks (split at line breaks, so buffers stay small and hot
//! in cache); every pattern starts with a space, so a match can only start at a folded
//! word start, and a match is kept only when it also ends at a word end: the
//! longest whole-word name wins, and a longer name ending inside a word ("Hama" in
//! "Hamadiya") does not hide a shorter one. Everything after this (capitalisation,
//! people, organisations, resolution) looks only at the hits.
//!
//! **Lazy folding.** Folding ([`super::fold`]) cost more per byte than all the rest of
//! the scan, and most of a report is lower-case prose in which no name starts. So the
//! raw text is first split into words at ASCII separators (one byte-class loop), and
//! only windows of it are folded: around each word that can open a name (a capital, or
//! anything but ASCII letters and digits, which the fold itself then reads), and
//! around each word that folds to a word of a lower-case pattern ("the city", "border
//! with Turkey"; [`LowerKeys`]) with as many words before and after it as that pattern
//! has. A window opens at a word that no sun-letter article waits for and closes after
//! the separators of a word that leaves none waiting, so folding it alone gives the
//! bytes folding the whole text gives there ([`super::fold::fold_append`]); windows are
//! folded one after another into one buffer, with a sentence mark between two that do
//! not touch. A walk that reads to the end of what is folded may go on in the text
//! after it: the window then grows by a word, and the walk is made again. The hits are
//! therefore those of folding the whole text (the unit tests compare the two).

use super::fold::{fold_append, fold_into, is_hard_ascii, rules, Folded, QuickFold, Rules};
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
    scan_words(lex, text, buf, out, None);
}

/// [`scan`], also listing in `words` every maximal run of ASCII letters and digits of
/// the text, in order (`unlisted`'s trigger nouns are looked up among them: a
/// whole-word match of an ASCII-letter pattern is such a run). Returns `false` when a
/// chunk had to be cut inside a word (no whitespace in 256 KB of text), so that
/// `words` may hold the two halves of one run.
pub fn scan_words(
    lex: &Lexicon,
    text: &str,
    buf: &mut Folded,
    out: &mut Vec<Hit>,
    mut words: Option<&mut Vec<WordSpan>>,
) -> bool {
    let mut whole_words = true;
    let mut base = 0;
    let mut raw = Vec::with_capacity(text.len().min(CHUNK) / 4);
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
        let chunk = &text[base..end];
        raw_words(chunk.as_bytes(), &mut raw);
        scan_chunk(lex, chunk, base, buf, &raw, out);
        if let Some(words) = words.as_deref_mut() {
            ascii_runs(chunk.as_bytes(), &raw, base, words);
        }
        base = end;
    }
    whole_words
}

/// What a byte is to the raw word split: a separator (an ASCII byte the fold reads as
/// a space, hyphen or punctuation), or a lower-case letter, capital, digit or other
/// byte of a word (non-ASCII, apostrophe, backquote). Bits, so a word ORs them.
const SEP: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;
const OTHER: u8 = 8;

const fn byte_classes() -> [u8; 256] {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'0'..=b'9' => DIGIT,
            b'\'' | b'`' => OTHER,
            _ => SEP,
        };
        b += 1;
    }
    t
}

static CLASSES: [u8; 256] = byte_classes();

/// A word of the raw text: the bytes between two runs of separators.
#[derive(Debug, Clone, Copy)]
struct RawWord {
    start: u32,
    end: u32,
    /// The classes of its bytes, ORed.
    classes: u8,
    /// The class of its first byte.
    first: u8,
}

/// Splits `bytes` into [`RawWord`]s.
fn raw_words(bytes: &[u8], out: &mut Vec<RawWord>) {
    out.clear();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let first = CLASSES[bytes[i] as usize];
        if first == SEP {
            i += 1;
            continue;
        }
        let start = i;
        let mut classes = first;
        i += 1;
        while i < n {
            let c = CLASSES[bytes[i] as usize];
            if c == SEP {
                break;
            }
            classes |= c;
            i += 1;
        }
        out.push(RawWord {
            start: start as u32,
            end: i as u32,
            classes,
            first,
        });
    }
}

/// The maximal runs of ASCII letters and digits of the raw words, offset by `base`.
fn ascii_runs(bytes: &[u8], raw: &[RawWord], base: usize, out: &mut Vec<WordSpan>) {
    for w in raw {
        let (s, e) = (w.start as usize, w.end as usize);
        if w.classes & OTHER == 0 {
            out.push(WordSpan {
                start: base + s,
                end: base + e,
                plain: true,
            });
            continue;
        }
        let mut i = s;
        while i < e {
            if !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let run = i;
            while i < e && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            out.push(WordSpan {
                start: base + run,
                end: base + i,
                plain: true,
            });
        }
    }
}

/// One word of each lower-case pattern (its longest), by which the lazy scan finds
/// where such a pattern may match: a raw word folding to a key word is folded with
/// the words of its pattern before and after it.
#[derive(Debug)]
pub struct LowerKeys {
    /// (folded key word, most pattern words before it, most after it).
    keys: Vec<(Vec<u8>, usize, usize)>,
    /// Which bytes the keys open with, and for each two bytes (`pair_index`) the
    /// shortest key opening with them (0: none), unless a key is one byte long
    /// (`short`).
    first: [bool; 256],
    pairs: Vec<u8>,
    short: bool,
    /// The most words before and after any key, the longest key.
    max_back: usize,
    max_fwd: usize,
    max_len: usize,
    /// Whether a key holds a digit (then words with digits are read as possible keys
    /// too), or a letter of the Arabic block.
    digits: bool,
    arabic: bool,
}

impl LowerKeys {
    /// The keys of the folded lower-case `patterns` (words separated by one space).
    pub fn new<'a>(patterns: impl Iterator<Item = &'a str>) -> LowerKeys {
        let mut k = LowerKeys {
            keys: Vec::new(),
            first: [false; 256],
            pairs: vec![0; 1 << 16],
            short: false,
            max_back: 0,
            max_fwd: 0,
            max_len: 0,
            digits: false,
            arabic: false,
        };
        for p in patterns {
            let words: Vec<&[u8]> = p
                .as_bytes()
                .split(|&b| b == b' ')
                .filter(|w| !w.is_empty())
                .collect();
            // the longest word, the last of the longest (`max_by_key` keeps the last)
            let Some(at) = (0..words.len()).max_by_key(|&i| words[i].len()) else {
                continue;
            };
            let (key, back, fwd) = (words[at], at, words.len() - 1 - at);
            k.first[key[0] as usize] = true;
            match key {
                [a, b, ..] => {
                    // each folded byte stems from one raw byte at least: a shorter raw
                    // word folds to a shorter word
                    let len = &mut k.pairs[pair_index(*a, *b)];
                    let n = key.len().min(255) as u8;
                    *len = if *len == 0 { n } else { (*len).min(n) };
                }
                _ => k.short = true,
            }
            k.digits |= key.iter().any(u8::is_ascii_digit);
            k.arabic |= key.iter().any(|b| (0xD8..=0xDB).contains(b));
            k.max_back = k.max_back.max(back);
            k.max_fwd = k.max_fwd.max(fwd);
            k.max_len = k.max_len.max(key.len());
            match k.keys.iter_mut().find(|e| e.0 == key) {
                Some(e) => {
                    e.1 = e.1.max(back);
                    e.2 = e.2.max(fwd);
                }
                None => k.keys.push((key.to_vec(), back, fwd)),
            }
        }
        k
    }

    /// The pattern words before and after folded word `w`, if it is a key.
    fn context(&self, w: &[u8]) -> Option<(usize, usize)> {
        if !self.first[*w.first()? as usize] {
            return None;
        }
        self.keys
            .iter()
            .filter(|k| k.0 == w)
            .map(|k| (k.1, k.2))
            .reduce(|a, b| (a.0.max(b.0), a.1.max(b.1)))
    }

    /// Whether a plain lower-case or capitalised ASCII word may fold to a key, from its
    /// first two folded bytes.
    #[inline]
    fn may_be_key(&self, rules: &Rules, word: &[u8]) -> bool {
        let f0 = rules.fold_first(word[0]);
        if !self.first[f0 as usize] {
            return false;
        }
        if self.short {
            return true;
        }
        match rules.second_folded(word, f0) {
            Some(f1) => {
                let shortest = self.pairs[pair_index(f0, f1)];
                (shortest > 0 && word.len() >= shortest as usize) || rules.is_respelt_pair(f0, f1)
            }
            None => false,
        }
    }

    fn most(&self) -> (usize, usize) {
        (self.max_back, self.max_fwd)
    }
}

/// Index of two bytes in a 64K table.
fn pair_index(a: u8, b: u8) -> usize {
    (a as usize) << 8 | b as usize
}

/// Reads the raw words of a chunk for the windows to fold.
struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    raw: &'a [RawWord],
    keys: &'a LowerKeys,
    rules: &'static Rules,
    /// [`Rules::quick_fold`] caps: for articles, and for the keys.
    article_cap: usize,
    key_cap: usize,
    scratch: Folded,
    /// The stretch the windows so far fold without a break: a window opening inside
    /// it needs no look-back for an article.
    cover: (usize, usize),
    /// The last [`Reader::settled`] answer: (from, to).
    settled: Option<(usize, usize)>,
}

impl Reader<'_> {
    fn word(&self, k: usize) -> &[u8] {
        let w = self.raw[k];
        &self.bytes[w.start as usize..w.end as usize]
    }

    /// Whether word `k` folds to an article or a sun-letter article (`sun`: only a sun
    /// article), when in doubt yes.
    fn article(&self, k: usize, sun: bool) -> bool {
        let w = self.raw[k];
        if w.classes & OTHER != 0 {
            return true;
        }
        if w.classes & DIGIT != 0 || !self.rules.may_be_article(self.bytes[w.start as usize]) {
            return false;
        }
        let mut folded = [0u8; 32];
        match self
            .rules
            .quick_fold(self.word(k), &mut folded, self.article_cap)
        {
            QuickFold::Word(len, is_sun) => is_sun || (!sun && len == 0),
            QuickFold::Long => false,
            QuickFold::NotLetters => true,
        }
    }

    /// The lower-case pattern context word `k` opens, if it may fold to a key.
    fn key(&mut self, k: usize) -> Option<(usize, usize)> {
        let w = self.raw[k];
        if w.classes & OTHER != 0 {
            // Arabic script folds to Arabic script: no key unless a key is written so.
            let arabic = !self.keys.arabic
                && !self.keys.digits
                && self.word(k).iter().all(|&b| {
                    (b < 0x80 && !b.is_ascii_alphabetic())
                        || (0x80..0xC0).contains(&b)
                        || (0xD8..=0xDB).contains(&b)
                });
            if arabic {
                return None;
            }
            // The fold itself reads it: alone, it folds as it does in the text.
            fold_into(
                &self.text[w.start as usize..w.end as usize],
                0,
                &mut self.scratch,
            );
            let mut key: Option<(usize, usize)> = None;
            for fw in self
                .scratch
                .bytes
                .split(|&b| b == b' ' || b == b'|')
                .filter(|f| !f.is_empty())
            {
                if let Some(c) = self.keys.context(fw) {
                    key = Some(key.map_or(c, |k| (k.0.max(c.0), k.1.max(c.1))));
                }
            }
            return key;
        }
        if w.classes & DIGIT != 0 {
            // one folded word holding a digit: a key only if keys have digits
            return self.keys.digits.then(|| self.keys.most());
        }
        if !self.keys.may_be_key(self.rules, self.word(k)) {
            return None;
        }
        let mut folded = [0u8; 32];
        match self
            .rules
            .quick_fold(self.word(k), &mut folded, self.key_cap)
        {
            QuickFold::Word(len, _) if len > 0 => self.keys.context(&folded[..len]),
            QuickFold::Word(..) | QuickFold::Long => None,
            QuickFold::NotLetters => Some(self.keys.most()),
        }
    }

    /// Whether word `k` may leave a sun-letter article waiting for word `k + 1`.
    fn leaves_article(&self, k: usize) -> bool {
        let Some(next) = self.raw.get(k + 1) else {
            return false;
        };
        let sep = &self.bytes[self.raw[k].end as usize..next.start as usize];
        if sep.first() == Some(&b'-') || sep.iter().any(|&b| is_hard_ascii(b)) {
            return false;
        }
        self.article(k, true)
    }

    /// The first word from `b` on that leaves no article waiting.
    fn settled(&mut self, b: usize) -> usize {
        if let Some((from, to)) = self.settled {
            if from <= b && b <= to {
                return to;
            }
        }
        let mut to = b;
        while self.leaves_article(to) {
            to += 1;
        }
        self.settled = Some((b, to));
        to
    }

    /// Whether raw word `k` needs folding, and with how many pattern words around it.
    fn wanted(&mut self, k: usize) -> Option<(usize, usize)> {
        let w = self.raw[k];
        if w.first == UPPER || w.classes & OTHER != 0 {
            // a capital opens names, and the fold reads the rest; either may also be a
            // lower-case pattern's key ("the City")
            return Some(self.key(k).unwrap_or((0, 0)));
        }
        if (w.first == LOWER && w.classes & DIGIT == 0) || self.keys.digits {
            return self.key(k);
        }
        None
    }

    /// The raw range to fold for word `k` with `back` and `fwd` pattern words around
    /// it: from a word no article waits for to after the separators of a word that
    /// leaves none waiting.
    fn window(&mut self, k: usize, back: usize, fwd: usize) -> (usize, usize) {
        // Articles and sun articles are no pattern words: step over them too (a few).
        let (mut a, mut need, mut steps) = (k, back, 0);
        while need > 0 && a > 0 && steps < back + 4 {
            a -= 1;
            steps += 1;
            if !self.article(a, false) {
                need -= 1;
            }
        }
        let covered = |r: &Self, a: usize| {
            let s = r.raw[a].start as usize;
            r.cover.0 <= s && s <= r.cover.1
        };
        while a > 0 && !covered(self, a) && self.leaves_article(a - 1) {
            a -= 1;
        }
        let (mut b, mut need, mut steps) = (k, fwd, 0);
        while need > 0 && b + 1 < self.raw.len() && steps < fwd + 4 {
            b += 1;
            steps += 1;
            if !self.article(b, false) {
                need -= 1;
            }
        }
        let b = self.settled(b);
        let (s, e) = (self.raw[a].start as usize, self.clean_end(b));
        self.cover = if s <= self.cover.1 && e >= self.cover.0 {
            (s.min(self.cover.0), e.max(self.cover.1))
        } else {
            (s, e)
        };
        (s, e)
    }

    /// Where the text after word `b` and its separators starts.
    fn clean_end(&self, b: usize) -> usize {
        self.raw
            .get(b + 1)
            .map_or(self.bytes.len(), |w| w.start as usize)
    }
}

fn scan_chunk(
    lex: &Lexicon,
    chunk: &str,
    base: usize,
    buf: &mut Folded,
    raw: &[RawWord],
    out: &mut Vec<Hit>,
) {
    let bytes = chunk.as_bytes();
    let mut reader = Reader {
        bytes,
        text: chunk,
        raw,
        keys: &lex.lower_keys,
        rules: rules(),
        article_cap: rules().cap_for(0),
        key_cap: rules().cap_for(lex.lower_keys.max_len),
        scratch: Folded::default(),
        cover: (usize::MAX, 0),
        settled: None,
    };
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for k in 0..raw.len() {
        if let Some((back, fwd)) = reader.wanted(k) {
            windows.push(reader.window(k, back, fwd));
        }
    }
    // in text order, touching windows joined
    windows.sort_unstable();
    let first = out.len();
    buf.clear();
    buf.bytes.push(b' ');
    buf.span.push((0, 0));
    let emit = |out: &mut Vec<Hit>, buf: &Folded, s: usize, e: usize, pid: u32| {
        // s is the pattern's leading space; the name starts one byte later.
        out.push(Hit {
            start: base + buf.start(s + 1) as usize,
            end: base + buf.end(e - 1) as usize,
            pattern: pid,
        });
    };
    let mut folded_to = 0;
    let mut next_start = 0;
    let mut free = 0;
    for (ws, we) in windows {
        if we <= folded_to {
            continue;
        }
        let from = if ws <= folded_to {
            folded_to
        } else {
            if buf.bytes.len() > 1 {
                buf.barrier(folded_to as u32);
            }
            ws
        };
        fold_append(chunk, from, we, buf);
        folded_to = we;
        // Names open with a capital (or a caseless script): walk from those words only.
        while next_start < buf.starts.len() {
            let st = buf.starts[next_start] as usize;
            next_start += 1;
            if st < free {
                continue;
            }
            // A walk reading to the end of what is folded could go on after it.
            while folded_to < bytes.len() && lex.may_run_on(&buf.bytes, st) {
                let k = raw.partition_point(|w| (w.start as usize) < folded_to);
                let b = reader.settled(k);
                let end = reader.clean_end(b);
                fold_append(chunk, folded_to, end, buf);
                folded_to = end;
            }
            let hay = &buf.bytes[..];
            if let Some((e, pid)) = lex.match_at(hay, st) {
                emit(out, buf, st, e, pid);
                free = e;
            } else if let Some((skip, e, pid)) = lex.prefixed_match(hay, st) {
                // the name starts after the prefix: the byte before it plays the space
                emit(out, buf, st + skip, e, pid);
                free = e;
            }
        }
    }
    lower_matches(lex, buf, base, first, out);
}

/// The few names that may be written in lower case, over all that is folded, merged
/// into the hits from `first` on.
fn lower_matches(lex: &Lexicon, buf: &Folded, base: usize, first: usize, out: &mut Vec<Hit>) {
    let Some(lac) = &lex.lower_ac else {
        return;
    };
    let hay = &buf.bytes[..];
    let mut lower = Vec::new();
    for m in lac.find_iter(hay) {
        // the pattern has no leading space: check the word start here
        let s = m.start();
        if s > 0 && hay[s - 1] == b' ' && is_boundary(hay.get(m.end())) {
            lower.push(Hit {
                start: base + buf.start(s) as usize,
                end: base + buf.end(m.end() - 1) as usize,
                pattern: lex.lower_ids[m.pattern().as_usize()],
            });
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

/// [`scan`] folding the whole of each chunk: the definition the lazy scan keeps to.
#[cfg(test)]
fn scan_eager(lex: &Lexicon, text: &str, buf: &mut Folded, out: &mut Vec<Hit>) {
    let mut base = 0;
    while base < text.len() {
        let mut end = (base + CHUNK).min(text.len());
        if end < text.len() {
            let window = &text.as_bytes()[base..end];
            match window.iter().rposition(|&b| b == b'\n') {
                Some(c) if c > 0 => end = base + c + 1,
                _ => {
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                }
            }
        }
        let chunk = &text[base..end];
        fold_into(chunk, 0, buf);
        let first = out.len();
        let hay = &buf.bytes[..];
        let mut free = 0;
        for &st in &buf.starts {
            let st = st as usize;
            if st < free {
                continue;
            }
            let emit = |s: usize, e: usize, pid: u32| Hit {
                start: base + buf.start(s + 1) as usize,
                end: base + buf.end(e - 1) as usize,
                pattern: pid,
            };
            if let Some((e, pid)) = lex.match_at(hay, st) {
                out.push(emit(st, e, pid));
                free = e;
            } else if let Some((skip, e, pid)) = lex.prefixed_match(hay, st) {
                out.push(emit(st + skip, e, pid));
                free = e;
            }
        }
        lower_matches(lex, buf, base, first, out);
        base = end;
    }
}

/// The maximal runs of ASCII letters and digits of `text`, as [`scan_words`] lists them.
#[cfg(test)]
pub(super) fn ascii_runs_of(text: &str) -> Vec<WordSpan> {
    let mut raw = Vec::new();
    raw_words(text.as_bytes(), &mut raw);
    let mut out = Vec::new();
    ascii_runs(text.as_bytes(), &raw, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use std::sync::Arc;

    fn geoparser(region: &str) -> super::super::Geoparser {
        let g = Gazetteer::bundled_named(region)
            .expect("a bundled pack")
            .expect("the pack loads");
        super::super::Geoparser::new(Arc::new(g))
    }

    fn both(lex: &Lexicon, text: &str) -> (Vec<Hit>, Vec<Hit>) {
        let (mut lazy, mut eager) = (Vec::new(), Vec::new());
        let mut buf = Folded::default();
        scan(lex, text, &mut buf, &mut lazy);
        scan_eager(lex, text, &mut buf, &mut eager);
        (lazy, eager)
    }

    /// Text in which names meet what the windows must get right: sun-letter articles
    /// written apart and hyphenated, articles, names running over lower-case words,
    /// lower-case names ("the city", "border with Turkey") in either case, possessives,
    /// curly quotes and apostrophes, digits, Arabic script, a name at the very end.
    const TRICKY: &str = "Rebels shelled as Safira and at-Tall on Monday, while the army held \
        Deir ez-Zor and Ras al-Ain. Fighting near the border with Turkey and the Border \
        With Turkey went on; the city fell and The City was quiet, the al-city too.\n\
        Syria\u{2019}s army entered Jisr al-Shughur, Maarat al-Numan's outskirts and \
        \u{201C}Tell Abyad\u{201D} - a town in Raqqa. T-72 tanks of the 4th Division \
        moved to Khan Shaykhun as as Sukhnah ad Dana and an Nabk fell. \
        \u{0633}\u{064A}\u{0637}\u{0631} \u{0627}\u{0644}\u{062C}\u{064A}\u{0634} \
        \u{0639}\u{0644}\u{0649} \u{062D}\u{0644}\u{0628} \u{0648}\u{0627}\u{0644}\u{0631}\u{0642}\u{0629}. \
        Kafr Nabl, Kfar Nabl and small towns east of Zabadani; Sheik Maqsoud, Idlib";

    #[test]
    fn lazy_scan_finds_what_folding_everything_finds() {
        for region in ["syria", "ukraine"] {
            let gp = geoparser(region);
            let (lazy, eager) = both(&gp.lexicon, TRICKY);
            assert!(eager.len() > 5, "{region}: {eager:?}");
            assert_eq!(lazy, eager, "{region}");
            // every prefix of the text: windows cut at every place
            for cut in (1..TRICKY.len()).filter(|&i| TRICKY.is_char_boundary(i)) {
                let (lazy, eager) = both(&gp.lexicon, &TRICKY[..cut]);
                assert_eq!(lazy, eager, "{region}: {:?}", &TRICKY[..cut]);
            }
        }
    }

    /// Running text made of the pack's own names, written as reports write them
    /// (capitalised, lower case, after articles, in lists): the hits are the same.
    #[test]
    fn lazy_scan_equals_folding_everything_on_the_pack_names() {
        let gp = geoparser("syria");
        let frames = [
            "Forces entered {} on Sunday.",
            "the town of {} and as {} fell",
            "shelling hit al-{}, {} and {} overnight",
            "residents of {}'s old city fled to {}",
            "near the {} border with {}",
        ];
        let names: Vec<String> = gp
            .gazetteer
            .places()
            .iter()
            .step_by(7)
            .take(3000)
            .map(|p| p.name.clone())
            .collect();
        let mut text = String::new();
        for (i, chunk) in names.chunks(3).enumerate() {
            let mut line = frames[i % frames.len()].to_string();
            for (j, name) in chunk.iter().enumerate() {
                let name = if (i + j) % 4 == 3 {
                    name.to_lowercase()
                } else {
                    name.clone()
                };
                line = line.replacen("{}", &name, 1);
            }
            text.push_str(&line.replace("{}", "the city"));
            text.push(if i % 5 == 0 { '\n' } else { ' ' });
        }
        let (lazy, eager) = both(&gp.lexicon, &text);
        assert!(eager.len() > 500, "{}", eager.len());
        assert_eq!(lazy.len(), eager.len());
        assert_eq!(lazy, eager);
    }

    #[test]
    fn ascii_runs_are_the_letter_and_digit_runs() {
        let text =
            "The village's d'Ma\u{2019}arrat 5km al-Bab, Zaitoun. \u{062D}\u{064A} caf\u{E9}s";
        let runs: Vec<&str> = ascii_runs_of(text)
            .iter()
            .map(|w| &text[w.start..w.end])
            .collect();
        assert_eq!(
            runs,
            [
                "The", "village", "s", "d", "Ma", "arrat", "5km", "al", "Bab", "Zaitoun", "caf",
                "s"
            ]
        );
    }
}
