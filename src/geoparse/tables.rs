//! The lexicon's name tables as plain data: every folded name pattern with what it
//! stands for, the name trie searched at word starts, and a compact byte form of both.
//!
//! Building the tables folds every name, alias and spelling variant of a region (about
//! 100k patterns for Syria), which takes longer than the rest of loading together. So
//! the packs compiled into the binary get their tables prepared at build time
//! (`build.rs` runs [`build`] and [`Tables::to_bytes`]; the binary embeds the bytes and
//! reads them back with [`Tables::from_bytes`]); a pack folder given at run time is
//! built here at load time, by the same code.
//!
//! `build.rs` compiles this file too (`#[path]`), so it may only use [`super::fold`],
//! `crate::gazetteer::{PlaceIdx, PlaceKind}`, `unicode-normalization`, `thiserror`,
//! serde, toml and std. The words it strips and adds are language data: `[names]` of
//! `geodata/lang/en-geoparse.toml` and the article and height-head lists of the
//! transliteration rules ([`super::fold::rules`]).

use super::fold::fold_name;
use crate::gazetteer::{PlaceIdx, PlaceKind};
use std::collections::HashMap;
use std::sync::OnceLock;

const EN_GEOPARSE: &str = include_str!("../../geodata/lang/en-geoparse.toml");

/// `[names]` of the language file: the words name preparation strips and adds.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameWords {
    /// (kind word cut from a name's end, the kinds of place it is cut from), first match.
    pub kind_suffixes: Vec<(String, Vec<PlaceKind>)>,
    /// Forms of a height's name without its head word, `{}` standing for that name.
    pub height_forms: Vec<String>,
    /// Phrases referring back to the last city or town mentioned.
    pub anaphors: Vec<String>,
    /// Articles of the language opening a name written in lower case.
    pub articles: Vec<String>,
}

/// The language file with only the table this module reads.
#[derive(serde::Deserialize)]
struct NamesSection {
    names: NameWords,
}

/// The compiled-in `[names]`, parsed on first use (a unit test of `words.rs` parses the
/// whole file, so a failure here is a build defect, not bad input).
pub fn name_words() -> &'static NameWords {
    static WORDS: OnceLock<NameWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        toml::from_str::<NamesSection>(EN_GEOPARSE)
            .unwrap_or_else(|e| panic!("geodata/lang/en-geoparse.toml (compiled in): {e}"))
            .names
    })
}

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A gazetteer place.
    Place(PlaceIdx),
    /// A nationality adjective: the country place.
    Demonym(PlaceIdx),
    /// "the city" / "the town": refers back to the last city or town mentioned.
    Anaphor,
}

/// One target of a pattern, with the exact spellings (letters only, lower case) that
/// produced it, to prefer exact over merely skeleton-equal matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub target: Target,
    /// The exact spellings: keys `exact_from..exact_to` of [`Tables::key`].
    pub exact_from: u32,
    pub exact_to: u32,
    /// The name was derived by stripping a generic word ("X Governorate" → "X").
    pub stripped: bool,
    /// The name itself starts with a lower-case word ("border with Turkey"), so a
    /// lower-case match is fine.
    pub lower_ok: bool,
}

/// The names of one place, as the table builder needs them.
pub struct NameSource<'a> {
    /// The preferred name first, then every alias.
    pub names: Vec<&'a str>,
    pub kind: PlaceKind,
    pub country: &'a str,
    pub importance: f32,
}

/// The language's names that are not places of the pack (`geodata/lang/*-geoparse.toml`):
/// `(word, ISO country code)` pairs.
pub struct LangNames<'a> {
    pub country_aliases: &'a [(String, String)],
    pub demonyms: &'a [(String, String)],
}

/// A trie over the patterns (each starts with a space), walked from a folded word start.
/// Nodes are numbered densely; node `n`'s edges are `labels/next[edge_start[n]..edge_start[n + 1]]`,
/// sorted by label.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameTrie {
    edge_start: Vec<u32>,
    labels: Vec<u8>,
    next: Vec<u32>,
    /// Pattern id ending at each node, or `NO_PATTERN`.
    terminal: Vec<u32>,
    /// The walk's form of the edges (derived from the four arrays above, not stored in
    /// the byte form): edge `i` with what the walk needs of its child — the child's
    /// edges and pattern — in one record. A step then reads one record of one array
    /// instead of four arrays at four places: the walk is bound by cache misses, the
    /// trie being megabytes.
    walk: Vec<WalkEdge>,
    /// The walk record of the root (for walks that do not start at a space).
    root: WalkEdge,
    /// The walk record of the node after a space and byte `b` (`ABSENT` when none), by
    /// `b`: every walk starts with these two steps, and the node after the space has the
    /// most edges of all.
    after_space: Vec<WalkEdge>,
}

/// One edge of the trie as the walk reads it: its label, the child's edges
/// (`walk[first..first + count]`) and the pattern ending at the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct WalkEdge {
    first: u32,
    terminal: u32,
    count: u16,
    label: u8,
}

/// `WalkEdge::first` of a missing edge.
const ABSENT: u32 = u32::MAX;

const NO_PATTERN: u32 = u32::MAX;

/// Folded word boundaries: a space, the sentence mark `|`, or the end of the text.
#[inline]
pub fn is_boundary(b: Option<&u8>) -> bool {
    matches!(b, Some(b' ') | Some(b'|') | None)
}

impl NameTrie {
    /// The trie of `patterns`; pattern `i` gets id `i`. Patterns must be distinct.
    pub fn build(patterns: &[String]) -> NameTrie {
        // Sorted, the patterns sharing a prefix are adjacent: each pattern adds nodes
        // only after its common prefix with the one before, and the nodes of a prefix
        // are numbered before its extensions, depth first.
        let mut order: Vec<u32> = (0..patterns.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| patterns[a as usize].cmp(&patterns[b as usize]));
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut terminal = vec![NO_PATTERN];
        let mut path: Vec<u32> = vec![0];
        let mut prev: &[u8] = &[];
        for &id in &order {
            let p = patterns[id as usize].as_bytes();
            let common = prev.iter().zip(p).take_while(|(a, b)| a == b).count();
            path.truncate(common + 1);
            for &b in &p[common..] {
                let parent = *path.last().unwrap_or(&0);
                let node = children.len() as u32;
                children.push(Vec::new());
                terminal.push(NO_PATTERN);
                children[parent as usize].push((b, node));
                path.push(node);
            }
            let end = *path.last().unwrap_or(&0);
            terminal[end as usize] = id;
            prev = p;
        }
        let mut edge_start = Vec::with_capacity(children.len() + 1);
        let mut labels = Vec::with_capacity(children.len());
        let mut next = Vec::with_capacity(children.len());
        edge_start.push(0);
        for c in &children {
            // Pushed in sorted order of the patterns, so already sorted by label.
            for &(b, n) in c {
                labels.push(b);
                next.push(n);
            }
            edge_start.push(labels.len() as u32);
        }
        NameTrie {
            edge_start,
            labels,
            next,
            terminal,
            ..NameTrie::default()
        }
        .indexed()
    }

    /// The walk record of node `n` reached by `label`.
    fn walk_edge(&self, n: u32, label: u8) -> WalkEdge {
        let n = n as usize;
        let first = self.edge_start[n];
        WalkEdge {
            first,
            terminal: self.terminal[n],
            // at most 256 edges: one per byte value
            count: (self.edge_start[n + 1] - first) as u16,
            label,
        }
    }

    /// Fills `walk`, `root` and `after_space` from the edges.
    fn indexed(mut self) -> NameTrie {
        let absent = WalkEdge {
            first: ABSENT,
            terminal: NO_PATTERN,
            count: 0,
            label: 0,
        };
        self.after_space = vec![absent; 256];
        self.walk = Vec::new();
        self.root = WalkEdge::default();
        if self.terminal.is_empty() {
            return self;
        }
        self.walk = (0..self.labels.len())
            .map(|i| self.walk_edge(self.next[i], self.labels[i]))
            .collect();
        self.root = self.walk_edge(0, 0);
        if let Some(space) = self.child(0, b' ') {
            for b in 0..=255u8 {
                if let Some(n) = self.child(space, b) {
                    self.after_space[b as usize] = self.walk_edge(n, b);
                }
            }
        }
        self
    }

    #[inline]
    fn child(&self, node: u32, b: u8) -> Option<u32> {
        let (s, e) = (
            self.edge_start[node as usize] as usize,
            self.edge_start[node as usize + 1] as usize,
        );
        let labels = &self.labels[s..e];
        let i = if labels.len() <= 8 {
            labels.iter().position(|&l| l == b)?
        } else {
            labels.binary_search(&b).ok()?
        };
        Some(self.next[s + i])
    }

    /// The longest pattern starting at `st` (the space before a folded word) that ends
    /// at a word end ([`is_boundary`]), as (end, pattern id). A longer name that ends
    /// inside a word ("Hama" in "Hamadiya") does not hide a shorter whole-word one.
    #[inline]
    pub fn longest_word_match(&self, hay: &[u8], st: usize) -> Option<(usize, u32)> {
        self.longest_word_match_after(hay, st, 0)
    }

    /// [`NameTrie::longest_word_match`] for the word after the space at `st` read from
    /// `skip` bytes into it, as if a space stood there: a name under a prefix written on
    /// its word (Arabic "بحلب").
    #[inline]
    pub fn longest_word_match_after(
        &self,
        hay: &[u8],
        st: usize,
        skip: usize,
    ) -> Option<(usize, u32)> {
        let mut cur = self.root;
        let mut best = None;
        let mut from = st;
        if let (Some(b' '), Some(&b1)) = (hay.get(st), hay.get(st + 1 + skip)) {
            cur = *self.after_space.get(b1 as usize)?;
            if cur.first == ABSENT {
                return None;
            }
            from = st + 2 + skip;
            if cur.terminal != NO_PATTERN && is_boundary(hay.get(from)) {
                best = Some((from, cur.terminal));
            }
        }
        for (i, &b) in hay.iter().enumerate().skip(from) {
            let first = cur.first as usize;
            let Some(edges) = self.walk.get(first..first + cur.count as usize) else {
                break;
            };
            let found = if edges.len() <= 8 {
                edges.iter().find(|e| e.label == b)
            } else {
                edges
                    .binary_search_by(|e| e.label.cmp(&b))
                    .ok()
                    .map(|k| &edges[k])
            };
            match found {
                Some(e) => cur = *e,
                None => break,
            }
            if cur.terminal != NO_PATTERN && is_boundary(hay.get(i + 1)) {
                best = Some((i + 1, cur.terminal));
            }
        }
        best
    }

    pub fn node_count(&self) -> usize {
        self.terminal.len()
    }
}

/// Everything the lexicon holds per region, as plain data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tables {
    /// Number of places of the gazetteer the tables were built over (a check that
    /// prepared tables belong to the places they are loaded with).
    pub place_count: u32,
    pub trie: NameTrie,
    /// Patterns that may match in lower case ("border with Turkey", "the city"): the
    /// folded pattern without its leading space, and its id.
    pub lower: Vec<(String, u32)>,
    /// Pattern `i`'s entries are `entries[entry_start[i]..entry_start[i + 1]]`.
    pub entry_start: Vec<u32>,
    pub entries: Vec<Entry>,
    /// Exact-spelling key `k` is `key_text[key_start[k]..key_start[k + 1]]`.
    pub key_start: Vec<u32>,
    pub key_text: String,
    /// Folded length of each pattern (without the leading space).
    pub folded_len: Vec<u16>,
    /// Number of words of each pattern.
    pub words: Vec<u8>,
    /// The country place of each ISO code, sorted by code.
    pub country_by_iso: Vec<(String, PlaceIdx)>,
    /// Folded names of the region's settlements, for near-miss spellings, in the order
    /// the fuzzy index lists them.
    pub fuzzy: Vec<(String, PlaceIdx)>,
    /// Region names whose skeleton is two letters: the skeleton and its pattern id (a
    /// pattern after the trie's, with entries, length and word count like the others).
    pub short: Vec<([u8; 2], u32)>,
}

impl Tables {
    pub fn pattern_count(&self) -> usize {
        self.folded_len.len()
    }

    /// The entries of pattern `id`.
    #[inline]
    pub fn entries_of(&self, id: u32) -> &[Entry] {
        let i = id as usize;
        &self.entries[self.entry_start[i] as usize..self.entry_start[i + 1] as usize]
    }

    /// Exact-spelling key `k`.
    #[inline]
    pub fn key(&self, k: u32) -> &str {
        let k = k as usize;
        &self.key_text[self.key_start[k] as usize..self.key_start[k + 1] as usize]
    }

    /// Whether `key` is one of the exact spellings of `e`.
    #[inline]
    pub fn is_exact(&self, e: &Entry, key: &str) -> bool {
        (e.exact_from..e.exact_to).any(|k| self.key(k) == key)
    }
}

/// Letters only, lower case, diacritics stripped: the "exact spelling" key.
pub fn letters_key(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if s.is_ascii() {
        // Bytes, not chars: a char pushed onto a String is encoded one at a time, and
        // this runs for every hit.
        let mut key = Vec::with_capacity(s.len());
        key.extend(
            s.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase()),
        );
        return String::from_utf8(key).unwrap_or_default();
    }
    s.nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// [`letters_key`] of ASCII text of up to 64 bytes, written into `buf`; `None` for
/// other text. Every hit builds a key, and most hits are short ASCII names: no
/// allocation for them.
pub fn ascii_letters_key<'a>(s: &str, buf: &'a mut [u8; 64]) -> Option<&'a str> {
    if s.len() > buf.len() {
        return None;
    }
    // One pass, branch-free per byte: every byte is written (an ASCII letter or digit
    // lower-cased by setting bit 0x20, which digits already have) and kept only when it
    // is a letter or digit; a byte outside ASCII ends the search.
    let mut n = 0;
    for &b in s.as_bytes() {
        if b >= 0x80 {
            return None;
        }
        let lower = b | 0x20;
        buf[n] = lower;
        n += usize::from(lower.is_ascii_lowercase() || b.is_ascii_digit());
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// The name without a leading article ("Al Qa'im" → "Qa'im"): the transliteration's
/// `name_articles`, case aside.
pub fn strip_article(name: &str) -> &str {
    for a in super::fold::rules().name_articles() {
        if name.len() > a.len() + 2
            && name.is_char_boundary(a.len())
            && name[..a.len()].eq_ignore_ascii_case(a)
        {
            return &name[a.len()..];
        }
    }
    name
}

/// Variants of a folded name with one inner vowel dropped, for vowels that
/// transliterations insert or omit (Kfeen/Kafin, Nubl/Nubul): "kafan" → "kfan".
pub fn vowel_drops(folded: &str) -> Vec<String> {
    let b = folded.as_bytes();
    let mut out = Vec::new();
    for i in 1..b.len().saturating_sub(1) {
        let cons = |c: u8| c.is_ascii_lowercase() && c != b'a';
        if b[i] == b'a' && cons(b[i - 1]) && cons(b[i + 1]) {
            // the word must keep at least four letters
            let ws = folded[..i].rfind(' ').map_or(0, |p| p + 1);
            let we = folded[i..].find(' ').map_or(folded.len(), |p| i + p);
            if we - ws >= 5 {
                let mut v = folded.to_string();
                v.remove(i);
                out.push(v);
            }
        }
    }
    out
}

/// The first word of a multi-word name with an epenthetic vowel written in, for the
/// Arabic CvCC nouns that colloquial transliteration breaks up (Karm/Karam, Jisr/Jisir,
/// Nahr/Nahar, Burj/Buruj): "karm dada" → "karam dada". Single words are left alone:
/// "Homs" → "hamas" would be a word of its own.
pub fn vowel_insert(folded: &str) -> Option<String> {
    let (first, rest) = folded.split_once(' ')?;
    let b = first.as_bytes();
    let cons = |c: u8| c.is_ascii_lowercase() && c != b'a';
    if b.len() == 4 && cons(b[0]) && b[1] == b'a' && cons(b[2]) && cons(b[3]) && b[2] != b[3] {
        return Some(format!("{}a{} {rest}", &first[..3], &first[3..]));
    }
    None
}

/// A one-word folded name written apart after its compound head ("khantaman" →
/// "khan taman"), when at least four letters follow the head.
pub fn compound_split(folded: &str) -> Option<String> {
    if folded.contains(' ') {
        return None;
    }
    // The heads are transliteration data (`compound_heads` of the rules file).
    super::fold::rules().compound_heads().find_map(|h| {
        let rest = folded.strip_prefix(h)?;
        (rest.len() >= 4).then(|| format!("{h} {rest}"))
    })
}

/// A name with the articles a source glued onto its later words cut ("Khan Elshih" →
/// "Khan shih"), or `None` when no word after the first carries one. The articles are
/// transliteration data (`glued_articles`); the rest of the word must open with a
/// lower-case consonant and keep three letters, so "Sheikh Elias" is not cut.
pub fn glued_article_split(name: &str) -> Option<String> {
    let mut cut = false;
    let words: Vec<&str> = name
        .split(' ')
        .enumerate()
        .map(|(i, word)| {
            if i == 0 {
                return word;
            }
            for article in super::fold::rules().glued_articles() {
                if let Some(rest) = word.strip_prefix(article) {
                    // Folding writes every vowel as `a`: a rest whose skeleton opens with
                    // another letter opens with a consonant.
                    let consonant = rest.starts_with(char::is_lowercase)
                        && super::fold::fold_name(rest)
                            .starts_with(|c: char| c.is_ascii_lowercase() && c != 'a');
                    if consonant && rest.chars().count() >= 3 {
                        cut = true;
                        return rest;
                    }
                }
            }
            word
        })
        .collect();
    cut.then(|| words.join(" "))
}

/// Whether [`place_names`] strips a generic kind word from names of this kind (else
/// it returns the names themselves, split at parentheses and trimmed).
pub fn strips_kind_words(kind: PlaceKind) -> bool {
    name_words()
        .kind_suffixes
        .iter()
        .any(|(_, kinds)| kinds.contains(&kind))
}

/// The names a place is recognised by: its names and aliases, split at parentheses,
/// and with generic kind words stripped. `(name, stripped)`.
pub fn place_names(names: impl Iterator<Item = String>, kind: PlaceKind) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let add = |s: &str, stripped: bool, out: &mut Vec<(String, bool)>| {
        let s = s.trim().trim_matches(|c: char| c == ',' || c == '.');
        if s.is_empty() {
            return;
        }
        // A name that is also an alias in its own right ("Aleppo Governorate" stripped
        // and the alias "Aleppo") counts as unstripped.
        match out.iter_mut().find(|(o, _)| o == s) {
            Some(o) => o.1 &= stripped,
            None => out.push((s.to_string(), stripped)),
        }
    };
    for n in names {
        let mut parts = vec![n.clone()];
        if let Some((a, b)) = n.split_once('(') {
            parts = vec![a.to_string(), b.trim_end_matches(')').to_string()];
        }
        for p in parts {
            add(&p, false, &mut out);
            let lower = p.to_lowercase();
            for (suffix, kinds) in &name_words().kind_suffixes {
                if !kinds.contains(&kind) {
                    continue;
                }
                if let Some(head) = lower.strip_suffix(suffix) {
                    if head.ends_with(' ') || head.ends_with('-') {
                        let h = &p[..head.len()];
                        add(h.trim_end_matches(['-', ' ']), true, &mut out);
                        break;
                    }
                }
            }
            // ASCII only: the lower-cased copy then has the name's byte offsets.
            if matches!(kind, PlaceKind::Mountain | PlaceKind::Hill) && p.is_ascii() {
                // Head words of height names ("Jabal Al-Rous") and the word orders a
                // report also uses for them ("al-Rous Mountain", "Mount al-Rous").
                for head in super::fold::rules().height_heads() {
                    let Some(tail) = lower.strip_prefix(head) else {
                        continue;
                    };
                    if tail.starts_with(' ') || tail.starts_with('-') {
                        let t = p[p.len() - tail.len()..].trim_start_matches(['-', ' ']);
                        if !t.is_empty() {
                            for form in &name_words().height_forms {
                                add(&form.replace("{}", t), false, &mut out);
                            }
                        }
                        break;
                    }
                }
            }
        }
    }
    out
}

/// Whether [`place_names`], for a place of a kind without stripped kind words, yields
/// nothing from name `n` that can be a short name: `n` is not split (no parenthesis) and,
/// trimmed as `place_names` trims it, is not ASCII or has more than six letters (an
/// article of at most three and three more).
fn has_no_short_form(n: &str) -> bool {
    let t = n.trim().trim_matches(|c: char| c == ',' || c == '.');
    !n.contains('(') && (!t.is_ascii() || alnum_count(t) > 6)
}

/// ASCII letters and digits in `s` (the length of its [`letters_key`] when `s` is ASCII).
fn alnum_count(s: &str) -> usize {
    s.bytes().filter(u8::is_ascii_alphanumeric).count()
}

/// One target of a pattern while building, with its exact spellings.
#[derive(Clone)]
struct BuildEntry {
    target: Target,
    exact: Vec<String>,
    stripped: bool,
    lower_ok: bool,
}

/// Builds the tables of a region: `places` in gazetteer order, `region_country` the
/// ISO code of the region's main country, `lang` the language's extra names.
pub fn build(places: &[NameSource], region_country: &str, lang: &LangNames) -> Tables {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut entries: Vec<Vec<BuildEntry>> = Vec::new();
    let mut patterns: Vec<String> = Vec::new();
    // A name opening with an article in lower case ("al-Bab", "the Bab") is no name that
    // may match in lower case: the transliterated articles and the language's own.
    let lower_case_articles: Vec<&str> = super::fold::rules()
        .name_articles()
        .map(|a| a.trim_end_matches(['-', ' ']))
        .chain(name_words().articles.iter().map(String::as_str))
        .collect();
    let mut add = |name: &str, folded: Option<String>, target: Target, stripped: bool| {
        let folded = folded.unwrap_or_else(|| fold_name(name));
        // Two-letter skeletons match too much English; keep only non-Latin ones,
        // and names of four letters or more whose vowels the skeleton collapsed
        // ("Foua", "Fuaa" → "fa"): short skeletons match their exact spelling only
        // (see `Geoparser`), which for such names is no English word.
        if folded.len() < 3
            && folded.is_ascii()
            && (folded.len() < 2 || letters_key(strip_article(name)).len() < 4)
        {
            return;
        }
        if folded.is_empty() || folded.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
            return;
        }
        let id = match index.get(&folded) {
            Some(&id) => id,
            None => {
                patterns.push(format!(" {folded}"));
                entries.push(Vec::new());
                index.insert(folded, patterns.len() - 1);
                patterns.len() - 1
            }
        };
        let key = letters_key(strip_article(name));
        let first_word = name.split([' ', '-']).next().unwrap_or("");
        let lower_ok = first_word.chars().next().is_some_and(char::is_lowercase)
            && !lower_case_articles.contains(&first_word);
        let list = &mut entries[id];
        if let Some(e) = list.iter_mut().find(|e| e.target == target) {
            if !e.exact.contains(&key) {
                e.exact.push(key);
            }
            e.stripped &= stripped;
            e.lower_ok |= lower_ok;
        } else {
            list.push(BuildEntry {
                target,
                exact: vec![key],
                stripped,
                lower_ok,
            });
        }
    };
    let mut country_by_iso: HashMap<String, PlaceIdx> = HashMap::new();
    let mut fuzzy: Vec<(String, PlaceIdx)> = Vec::new();
    let mut fuzzy_seen: HashMap<(u8, u8), Vec<usize>> = HashMap::new();
    for (i, p) in places.iter().enumerate() {
        let idx = i as PlaceIdx;
        if p.kind == PlaceKind::Country {
            let best = country_by_iso.entry(p.country.to_string()).or_insert(idx);
            if places[*best as usize].importance < p.importance {
                *best = idx;
            }
        }
        let in_region = p.country == region_country && p.kind != PlaceKind::Country;
        for (n, stripped) in place_names(p.names.iter().map(|s| s.to_string()), p.kind) {
            // Region names get spelling variants and a fuzzy-index entry: fold once.
            let folded = (in_region && n.is_ascii()).then(|| fold_name(&n));
            add(&n, folded.clone(), Target::Place(idx), stripped);
            let Some(folded) = folded else { continue };
            if !stripped && p.kind.is_settlement() {
                if let Some(&b) = folded.as_bytes().first() {
                    let key = (b, folded.len().min(255) as u8);
                    let seen = fuzzy_seen.entry(key).or_default();
                    if !seen
                        .iter()
                        .any(|&j| fuzzy[j].1 == idx && fuzzy[j].0 == folded)
                    {
                        seen.push(fuzzy.len());
                        fuzzy.push((folded.clone(), idx));
                    }
                }
            }
            // Vowels that one transliteration writes and another drops: region names only.
            for v in vowel_drops(&folded) {
                add(&n, Some(v), Target::Place(idx), true);
            }
            if let Some(v) = vowel_insert(&folded) {
                add(&n, Some(v), Target::Place(idx), true);
            }
            if let Some(v) = compound_split(&folded) {
                add(&n, Some(v), Target::Place(idx), false);
            }
            if let Some(cut) = glued_article_split(&n) {
                add(&n, Some(fold_name(&cut)), Target::Place(idx), false);
            }
        }
    }
    for (alias, iso) in lang.country_aliases {
        if let Some(&c) = country_by_iso.get(iso.as_str()) {
            add(alias, None, Target::Place(c), false);
        }
    }
    for (d, iso) in lang.demonyms {
        if let Some(&c) = country_by_iso.get(iso.as_str()) {
            add(d, None, Target::Demonym(c), false);
        }
    }
    for a in &name_words().anaphors {
        add(a, None, Target::Anaphor, false);
    }
    let mut folded_len: Vec<u16> = patterns
        .iter()
        .map(|p| (p.len() - 1).min(u16::MAX as usize) as u16)
        .collect();
    let mut words: Vec<u8> = patterns
        .iter()
        .map(|p| p.split(' ').filter(|w| !w.is_empty()).count().min(255) as u8)
        .collect();
    let mut lower = Vec::new();
    for (i, list) in entries.iter().enumerate() {
        if list
            .iter()
            .any(|e| e.lower_ok || e.target == Target::Anaphor)
        {
            lower.push((patterns[i][1..].to_string(), i as u32));
        }
    }
    let trie = NameTrie::build(&patterns);
    // Three-letter region names whose skeleton is two letters ("al-Rai" → "ra", "Foa"
    // → "fa"): too short for the trie, which drops them; patterns of their own after the
    // trie's, matched by whole word in their exact spelling only. One entry per place and
    // spelling, then the entries of the trie's pattern of the same skeleton, if any
    // ("Ar-Raee" → "ra"): the short pattern is matched in its place.
    let base = patterns.len() as u32;
    let mut short: Vec<([u8; 2], u32)> = Vec::new();
    let mut short_lists: Vec<Vec<BuildEntry>> = Vec::new();
    for (i, p) in places.iter().enumerate() {
        if p.country != region_country || p.kind == PlaceKind::Country {
            continue;
        }
        // Only names of three letters (after an article of at most three) qualify: a
        // place whose names are all longer, unsplit and of a kind without stripped kind
        // words has none (most places; this skips their folding).
        if !strips_kind_words(p.kind) && p.names.iter().all(|n| has_no_short_form(n)) {
            continue;
        }
        for (n, stripped) in place_names(p.names.iter().map(|s| s.to_string()), p.kind) {
            if !n.is_ascii() {
                continue;
            }
            // `letters_key` of an ASCII name keeps its alphanumerics.
            let bare = strip_article(&n);
            if alnum_count(bare) != 3 {
                continue;
            }
            let key = letters_key(bare);
            let folded = fold_name(&n);
            let &[a, b] = folded.as_bytes() else {
                continue;
            };
            if key.len() != 3 || !a.is_ascii_lowercase() || !b.is_ascii_lowercase() {
                continue;
            }
            let j = match short.iter().position(|s| s.0 == [a, b]) {
                Some(j) => j,
                None => {
                    short.push(([a, b], base + short.len() as u32));
                    short_lists.push(Vec::new());
                    short.len() - 1
                }
            };
            let target = Target::Place(i as PlaceIdx);
            let list = &mut short_lists[j];
            if list
                .iter()
                .any(|e| e.target == target && e.exact == [key.as_str()])
            {
                continue;
            }
            list.push(BuildEntry {
                target,
                exact: vec![key],
                stripped,
                lower_ok: false,
            });
        }
    }
    for (j, (fold, _)) in short.iter().enumerate() {
        if let Some((3, pid)) = trie.longest_word_match(&[b' ', fold[0], fold[1]], 0) {
            let extra = entries[pid as usize].clone();
            short_lists[j].extend(extra);
        }
    }
    for list in short_lists {
        entries.push(list);
        folded_len.push(2);
        words.push(1);
    }
    let mut t = Tables {
        place_count: places.len() as u32,
        trie,
        lower,
        entry_start: vec![0],
        key_start: vec![0],
        folded_len,
        words,
        fuzzy,
        short,
        ..Tables::default()
    };
    for list in entries {
        for e in list {
            let exact_from = t.key_start.len() as u32 - 1;
            for k in e.exact {
                t.key_text.push_str(&k);
                t.key_start.push(t.key_text.len() as u32);
            }
            t.entries.push(Entry {
                target: e.target,
                exact_from,
                exact_to: t.key_start.len() as u32 - 1,
                stripped: e.stripped,
                lower_ok: e.lower_ok,
            });
        }
        t.entry_start.push(t.entries.len() as u32);
    }
    let mut countries: Vec<(String, PlaceIdx)> = country_by_iso.into_iter().collect();
    countries.sort();
    t.country_by_iso = countries;
    t
}

/// Prepared tables that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum TablesError {
    #[error("prepared name tables: {0} at byte {1}")]
    Malformed(&'static str, usize),
}

/// First bytes of the byte form; the number changes with the layout.
const MAGIC: &[u8; 8] = b"FLNAME03";

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32s(&mut self, v: &[u32]) {
        self.u32(v.len() as u32);
        for &x in v {
            self.u32(x);
        }
    }
    fn bytes(&mut self, v: &[u8]) {
        self.u32(v.len() as u32);
        self.0.extend_from_slice(v);
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], TablesError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or(TablesError::Malformed(what, self.at))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self, what: &'static str) -> Result<u32, TablesError> {
        let s = self.take(4, what)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn len(&mut self, unit: usize, what: &'static str) -> Result<usize, TablesError> {
        let n = self.u32(what)? as usize;
        if n.saturating_mul(unit) > self.b.len() - self.at {
            return Err(TablesError::Malformed(what, self.at));
        }
        Ok(n)
    }
    fn u32s(&mut self, what: &'static str) -> Result<Vec<u32>, TablesError> {
        let n = self.len(4, what)?;
        let s = self.take(n * 4, what)?;
        Ok(s.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    fn bytes(&mut self, what: &'static str) -> Result<&'a [u8], TablesError> {
        let n = self.len(1, what)?;
        self.take(n, what)
    }
    fn string(&mut self, what: &'static str) -> Result<String, TablesError> {
        let at = self.at;
        let b = self.bytes(what)?;
        String::from_utf8(b.to_vec()).map_err(|_| TablesError::Malformed(what, at))
    }
}

impl Tables {
    /// The byte form read by [`Tables::from_bytes`] (little-endian, length-prefixed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        w.0.extend_from_slice(MAGIC);
        w.u32(self.place_count);
        w.u32s(&self.trie.edge_start);
        w.bytes(&self.trie.labels);
        w.u32s(&self.trie.next);
        w.u32s(&self.trie.terminal);
        w.u32(self.lower.len() as u32);
        for (p, id) in &self.lower {
            w.bytes(p.as_bytes());
            w.u32(*id);
        }
        w.u32s(&self.entry_start);
        w.u32(self.entries.len() as u32);
        for e in &self.entries {
            let (tag, idx) = match e.target {
                Target::Place(i) => (0u8, i),
                Target::Demonym(i) => (1, i),
                Target::Anaphor => (2, 0),
            };
            w.0.push(tag | ((e.stripped as u8) << 2) | ((e.lower_ok as u8) << 3));
            w.u32(idx);
            w.u32(e.exact_from);
            w.u32(e.exact_to);
        }
        w.u32s(&self.key_start);
        w.bytes(self.key_text.as_bytes());
        w.u32(self.folded_len.len() as u32);
        for &l in &self.folded_len {
            w.0.extend_from_slice(&l.to_le_bytes());
        }
        w.bytes(&self.words);
        w.u32(self.country_by_iso.len() as u32);
        for (iso, idx) in &self.country_by_iso {
            w.bytes(iso.as_bytes());
            w.u32(*idx);
        }
        w.u32(self.fuzzy.len() as u32);
        for (f, idx) in &self.fuzzy {
            w.bytes(f.as_bytes());
            w.u32(*idx);
        }
        w.u32(self.short.len() as u32);
        for (f, id) in &self.short {
            w.0.extend_from_slice(f);
            w.u32(*id);
        }
        w.0
    }

    /// Reads the byte form of [`Tables::to_bytes`], checking every length and index,
    /// so that damaged bytes give an error rather than a panic later.
    pub fn from_bytes(b: &[u8]) -> Result<Tables, TablesError> {
        let mut r = Reader { b, at: 0 };
        if r.take(MAGIC.len(), "header")? != MAGIC {
            return Err(TablesError::Malformed("not this version's tables", 0));
        }
        let place_count = r.u32("place count")?;
        let edge_start = r.u32s("trie nodes")?;
        let labels = r.bytes("trie labels")?.to_vec();
        let next = r.u32s("trie edges")?;
        let terminal = r.u32s("trie patterns")?;
        let nodes = terminal.len();
        if edge_start.len() != nodes + 1
            || next.len() != labels.len()
            || edge_start.first() != Some(&0)
            || edge_start.windows(2).any(|w| w[0] > w[1])
            || edge_start
                .last()
                .is_some_and(|&e| e as usize != labels.len())
            || next.iter().any(|&n| n as usize >= nodes)
        {
            return Err(TablesError::Malformed("inconsistent trie", r.at));
        }
        let n = r.len(8, "lower-case patterns")?;
        let mut lower = Vec::with_capacity(n);
        for _ in 0..n {
            lower.push((r.string("lower-case pattern")?, r.u32("lower-case id")?));
        }
        let entry_start = r.u32s("entry ranges")?;
        let n = r.len(13, "entries")?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let at = r.at;
            let flags = r.take(1, "entry")?[0];
            let idx = r.u32("entry target")?;
            let target = match flags & 3 {
                0 => Target::Place(idx),
                1 => Target::Demonym(idx),
                2 => Target::Anaphor,
                _ => return Err(TablesError::Malformed("entry target kind", at)),
            };
            if idx >= place_count && target != Target::Anaphor {
                return Err(TablesError::Malformed("entry place out of range", at));
            }
            entries.push(Entry {
                target,
                stripped: flags & 4 != 0,
                lower_ok: flags & 8 != 0,
                exact_from: r.u32("entry keys")?,
                exact_to: r.u32("entry keys")?,
            });
        }
        let key_start = r.u32s("key ranges")?;
        let key_text = r.string("keys")?;
        let n = r.len(2, "pattern lengths")?;
        let folded_len = r
            .take(n * 2, "pattern lengths")?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect::<Vec<u16>>();
        let words = r.bytes("pattern words")?.to_vec();
        let n = r.len(8, "countries")?;
        let mut country_by_iso = Vec::with_capacity(n);
        for _ in 0..n {
            country_by_iso.push((r.string("country code")?, r.u32("country place")?));
        }
        let n = r.len(8, "fuzzy names")?;
        let mut fuzzy = Vec::with_capacity(n);
        for _ in 0..n {
            fuzzy.push((r.string("fuzzy name")?, r.u32("fuzzy place")?));
        }
        let n = r.len(6, "short names")?;
        let mut short = Vec::with_capacity(n);
        for _ in 0..n {
            // Read into locals: the one-expression form `([f[0], f[1]], r.u32(..)?)`
            // gave wrong ids in a release build (rustc 1.95), seen by the round trip.
            let f = r.take(2, "short name")?;
            let fold = [f[0], f[1]];
            let id = r.u32("short name id")?;
            short.push((fold, id));
        }
        if r.at != b.len() {
            return Err(TablesError::Malformed("trailing bytes", r.at));
        }
        let patterns = folded_len.len();
        let keys = key_start.len().saturating_sub(1);
        let bad = words.len() != patterns
            || entry_start.len() != patterns + 1
            || entry_start.first() != Some(&0)
            || entry_start.windows(2).any(|w| w[0] > w[1])
            || entry_start
                .last()
                .is_some_and(|&e| e as usize != entries.len())
            || key_start.first() != Some(&0)
            || key_start.windows(2).any(|w| w[0] > w[1])
            || key_start
                .last()
                .is_some_and(|&e| e as usize != key_text.len())
            || key_start
                .iter()
                .any(|&k| !key_text.is_char_boundary(k as usize))
            || entries
                .iter()
                .any(|e| e.exact_from > e.exact_to || e.exact_to as usize > keys)
            || terminal
                .iter()
                .any(|&t| t != NO_PATTERN && t as usize >= patterns)
            || lower.iter().any(|l| l.1 as usize >= patterns)
            || country_by_iso.iter().any(|c| c.1 >= place_count)
            || fuzzy.iter().any(|c| c.1 >= place_count)
            || short.iter().any(|s| s.1 as usize >= patterns);
        if bad {
            return Err(TablesError::Malformed("inconsistent tables", r.at));
        }
        Ok(Tables {
            place_count,
            trie: NameTrie {
                edge_start,
                labels,
                next,
                terminal,
                ..NameTrie::default()
            }
            .indexed(),
            lower,
            entry_start,
            entries,
            key_start,
            key_text,
            folded_len,
            words,
            country_by_iso,
            fuzzy,
            short,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key on the stack is the allocated key, for the text it accepts.
    #[test]
    fn ascii_letters_key_equals_letters_key() {
        let mut buf = [0u8; 64];
        for s in [
            "Aleppo",
            "Ma'arrat al-Nu'man",
            "Deir ez-Zor",
            "SDF",
            "Route 4",
            "",
            "-- .",
            "Tell Abyad's",
        ] {
            assert_eq!(
                ascii_letters_key(s, &mut buf),
                Some(letters_key(s).as_str()),
                "{s:?}"
            );
        }
        // every ASCII byte, alone and between letters
        for b in 0u8..0x80 {
            let c = char::from(b);
            for s in [c.to_string(), format!("Q{c}z9")] {
                assert_eq!(
                    ascii_letters_key(&s, &mut buf),
                    Some(letters_key(&s).as_str()),
                    "{s:?}"
                );
            }
        }
        assert_eq!(ascii_letters_key("Kobanê", &mut buf), None);
        assert_eq!(ascii_letters_key(&"a".repeat(65), &mut buf), None);
        assert_eq!(
            ascii_letters_key(&"A".repeat(64), &mut buf),
            Some("a".repeat(64).as_str())
        );
    }
}
