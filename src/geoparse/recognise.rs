//! Recognition: one pass over the folded text, walking the name trie from each word
//! that can open a name.
//!
//! The text is folded in chunks (split at line breaks, so buffers stay small and hot
//! in cache); every pattern starts with a space, so a match can only start at a folded
//! word start, and a match is kept only when it also ends at a word end: the
//! longest whole-word name wins, and a longer name ending inside a word ("Hama" in
//! "Hamadiya") does not hide a shorter one. Everything after this (capitalisation,
//! people, organisations, resolution) looks only at the hits.

use super::fold::{fold_gated_into, Folded, Gate, WordFilter};
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
    words: Option<&mut Vec<WordSpan>>,
    filter: Option<&WordFilter>,
) -> bool {
    scan_words_gated(lex, text, buf, out, words, filter, Some(&lex.gate))
}

/// [`scan_words`] with the fold skipping the words `gate` lets through (none without
/// one: the tests' reference).
fn scan_words_gated(
    lex: &Lexicon,
    text: &str,
    buf: &mut Folded,
    out: &mut Vec<Hit>,
    mut words: Option<&mut Vec<WordSpan>>,
    filter: Option<&WordFilter>,
    gate: Option<&Gate>,
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
        scan_chunk(lex, &text[base..end], base, buf, out, filter, gate);
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
    gate: Option<&Gate>,
) {
    fold_gated_into(chunk, 0, buf, filter, gate);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::geoparse::Geoparser;
    use std::sync::{Arc, OnceLock};

    fn syria() -> &'static Geoparser {
        static P: OnceLock<Geoparser> = OnceLock::new();
        P.get_or_init(|| Geoparser::new(Arc::new(Gazetteer::bundled().expect("bundled pack"))))
    }

    fn ukraine() -> &'static Geoparser {
        static P: OnceLock<Geoparser> = OnceLock::new();
        P.get_or_init(|| {
            let g = Gazetteer::bundled_named("ukraine")
                .expect("a bundled Ukraine pack")
                .expect("the Ukraine pack loads");
            Geoparser::new(Arc::new(g))
        })
    }

    /// What a scan gives a caller: hits, listed words, whether words stayed whole.
    fn scanned(
        p: &Geoparser,
        text: &str,
        filter: Option<&WordFilter>,
        gate: Option<&Gate>,
    ) -> (Vec<Hit>, Vec<WordSpan>, bool) {
        let (mut buf, mut hits, mut words) = (Folded::default(), Vec::new(), Vec::new());
        let whole = scan_words_gated(
            &p.lexicon,
            text,
            &mut buf,
            &mut hits,
            Some(&mut words),
            filter,
            gate,
        );
        (hits, words, whole)
    }

    /// The gated scan finds what the scan of the whole fold finds, with and without
    /// `unlisted`'s word filter; returns how many hits there were.
    fn gate_agrees(p: &Geoparser, text: &str) -> usize {
        let gate = Some(&p.lexicon.gate);
        let filters = [None, p.unlisted.word_filter()];
        let mut hits = 0;
        for filter in filters {
            let whole = scanned(p, text, filter, None);
            let gated = scanned(p, text, filter, gate);
            assert_eq!(gated, whole, "{text:?} (filter: {})", filter.is_some());
            hits = whole.0.len();
        }
        hits
    }

    /// Lines written to put lower-case words the gate may skip next to everything the
    /// recogniser reads: names opening with a capital and going on in lower case, the
    /// lower-case names ("the city", "border with turkey"), articles and sun-letter
    /// articles before names and before skipped words, a capitalised article before a
    /// lower-case word, marks, digits, hyphens, punctuation, curly quotes, accented and
    /// Arabic letters, and words of one to nine letters.
    const LINES: &[&str] = &[
        "rebels said on monday that they took the town of tell abyad near the border with turkey.",
        "the army shelled deir ez-zor and ras al ain, then moved to the city; troops held it",
        "fighting in Tell abyad and Ras al-ain went on as Safira fell and as the town was taken",
        "Al said the forces were in al-bab, el bab and as safira but not in is said or it took",
        "Al bab is said to be under siege: the countryside of Aleppo, the north of the city",
        "Jisr ash-Shughur and jisr al shughur lay north-west of the towns they had besieged",
        "villagers of Khan Shaykhun's southern outskirts fled to Ma'arrat al-Nu'man and Saraqib",
        "In 2016, 3 units entered Ḥalab’s old city and the “liberated” quarter of Bab al-hadid",
        "قصفت القوات مدينة حلب والرقة، and the army moved west of ar raqqa towards the town",
        "the town of mare and the village of kafr nabl were shelled by the regime and its allies",
        "a b cd efg hijk lmnop qrstuv wxyzabc defghijk lmnopqrst uv w x yz the of and to in on",
        "towards who were now away with few new views, the snowy west; awwad was wary",
        "border with Turkey, border with turkey; on the border with jordan the town was held",
        "Kyiv, Kharkiv and the city of kherson; troops left the town near izium and lyman",
        "they said that the forces of the regime had taken the hill of tal al-eis and the town",
    ];

    #[test]
    fn the_gated_scan_finds_what_the_whole_fold_finds() {
        for p in [syria(), ukraine()] {
            let mut hits = 0;
            for line in LINES {
                // each line shifted across the eight-byte blocks, cut, and glued to words
                for shift in 0..9 {
                    let pad = &"xx yy zz "[..shift];
                    let text = format!("{pad}{line}");
                    hits += gate_agrees(p, &text);
                    gate_agrees(p, &format!("{text}X"));
                    gate_agrees(p, &format!("{line} {line}"));
                    for cut in (0..line.len()).filter(|&c| line.is_char_boundary(c)) {
                        gate_agrees(p, &format!("{pad}{}", &line[..cut]));
                    }
                }
            }
            assert!(hits > 100, "the lines hold names: {hits} hits");
        }
    }

    #[test]
    fn the_gate_skips_common_prose_but_no_word_a_name_can_use() {
        let p = syria();
        let text = "they said that the forces had been there for many years";
        let (mut whole, mut gated) = (Folded::default(), Folded::default());
        fold_gated_into(text, 0, &mut whole, None, None);
        fold_gated_into(text, 0, &mut gated, None, Some(&p.lexicon.gate));
        assert!(
            gated.bytes().len() < whole.bytes().len() / 2,
            "{:?} vs {:?}",
            String::from_utf8_lossy(gated.bytes()),
            String::from_utf8_lossy(whole.bytes())
        );
        // "the" opens the lower-case names ("the city"): never skipped
        assert!(String::from_utf8_lossy(gated.bytes()).contains(" tha"));
        // every word is listed all the same
        assert_eq!(gated.words, whole.words);
    }

    #[test]
    fn the_packs_names_in_running_text_are_found_with_the_gate() {
        for p in [syria(), ukraine()] {
            let places = p.gazetteer().places();
            let step = (places.len() / 1500).max(1);
            let mut hits = 0;
            for (k, place) in places.iter().step_by(step).enumerate() {
                for name in place.all_names().take(2) {
                    let lower = name.to_lowercase();
                    let text = match k % 3 {
                        0 => format!("forces entered {name} and the town of {lower} on the way"),
                        1 => format!("the village of {lower} was shelled, as was {name}'s market"),
                        _ => format!("{name} said the army held {lower} and the city for a day"),
                    };
                    hits += gate_agrees(p, &text);
                }
            }
            assert!(hits > 1000, "{hits} hits");
        }
    }

    /// How much of the bench corpus the gate skips (`cargo test --release --lib
    /// gate_coverage -- --ignored --nocapture`, after `scripts/bench-corpus.sh`).
    #[test]
    #[ignore]
    fn gate_coverage_on_the_bench_corpus() {
        let Ok(text) = std::fs::read_to_string("target/c1.txt") else {
            return;
        };
        let p = syria();
        let (mut whole, mut gated) = (Folded::default(), Folded::default());
        fold_gated_into(&text, 0, &mut whole, None, None);
        fold_gated_into(&text, 0, &mut gated, None, Some(&p.lexicon.gate));
        let lower = |w: &str| w.bytes().all(|b| b.is_ascii_lowercase());
        let words: Vec<&str> = text.split([' ', '\n']).filter(|w| !w.is_empty()).collect();
        let plain_lower: usize = words.iter().filter(|w| lower(w)).map(|w| w.len() + 1).sum();
        eprintln!(
            "{} bytes, {} words ({} bytes in lower-case words with their space); folded {} \
             bytes whole, {} gated; word starts {} / {}",
            text.len(),
            words.len(),
            plain_lower,
            whole.bytes().len(),
            gated.bytes().len(),
            whole.bytes().iter().filter(|&&b| b == b' ').count(),
            gated.bytes().iter().filter(|&&b| b == b' ').count(),
        );
        // the lower-case words of up to seven letters before a space that the gate keeps even
        // where no walk is alive, or that are later words of names (kept after a start)
        let mut later = std::collections::HashSet::new();
        p.lexicon.trie.for_each_later_word(|w, _| {
            later.insert(w.to_vec());
        });
        let mut kept: std::collections::HashMap<&str, usize> = Default::default();
        let (mut short_kept, mut short_all, mut long_all) = (0, 0, 0);
        for w in text.split(' ').filter(|w| !w.is_empty() && lower(w)) {
            if w.len() > 7 {
                long_all += 1;
                continue;
            }
            short_all += 1;
            let mut block = [b' '; 8];
            block[..w.len()].copy_from_slice(w.as_bytes());
            if p.lexicon
                .gate
                .look(u64::from_le_bytes(block))
                .is_none_or(|(_, places)| places != 0)
            {
                short_kept += 1;
                *kept.entry(w).or_default() += 1;
            }
        }
        let mut kept: Vec<(&str, usize)> = kept.into_iter().collect();
        kept.sort_by_key(|k| std::cmp::Reverse(k.1));
        eprintln!("lower-case words before a space: {short_all} of <= 7 letters ({short_kept} kept), {long_all} longer");
        for (w, n) in kept.iter().take(80) {
            let f = crate::geoparse::fold::fold_name(w);
            eprintln!("{n:6} {w:10} {f:10} later={}", later.contains(f.as_bytes()));
        }
    }

    mod generated {
        use super::*;
        use proptest::prelude::*;

        const PIECES: &[&str] = &[
            "the",
            "city",
            "town",
            "of",
            "and",
            "said",
            "is",
            "as",
            "al",
            "el",
            "ash",
            "an",
            "in",
            "on",
            "border",
            "with",
            "turkey",
            "Turkey",
            "Tell",
            "tell",
            "abyad",
            "Abyad",
            "Ras",
            "ras",
            "ain",
            "Deir",
            "ez",
            "zor",
            "Zor",
            "Aleppo",
            "aleppo",
            "Al",
            "Idlib",
            "Kyiv",
            "north",
            "of",
            "near",
            "forces",
            "were",
            "there",
            "who",
            "away",
            "saw",
            "bah",
            "salameh",
            "kfar",
            "Kafr",
            "nabl",
            "Ma'arrat",
            "Nu'man",
            "’s",
            "'s",
            "2016",
            "3",
            "Ḥalab",
            "حلب",
            "بحلب",
            "-",
            ",",
            ".",
            ";",
            " ",
            "  ",
            "\n",
            "“",
            "”",
            "x",
            "yy",
            "abcdefg",
            "abcdefgh",
            "countryside",
            "village",
        ];

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]
            #[test]
            fn the_gated_scan_finds_what_the_whole_fold_finds_on_generated_text(
                picks in proptest::collection::vec((0..PIECES.len(), 0..3usize), 0..48)
            ) {
                let mut text = String::new();
                for (k, sep) in picks {
                    text.push_str(PIECES[k]);
                    text.push_str([" ", "", ", "][sep]);
                }
                gate_agrees(syria(), &text);
                gate_agrees(ukraine(), &text);
            }
        }
    }
}
