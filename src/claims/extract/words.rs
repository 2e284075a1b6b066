//! The word sets of the older pattern families, read from the language
//! file's `[words.<family>]` tables (`geodata/lang/en.toml`).
//!
//! Each family's sets are fields of a typed struct declared once below, so
//! a set the code reads is checked by the compiler and a set the file lacks
//! (or one the code does not know) is a load error naming it, never a
//! silent empty list. A key is the English gloss of its set (usually its
//! first word, the way a verb dictionary names a synonym block by its
//! lemma); the values are the words of the file's language.
//!
//! A set may be one word (`of = "of"`), a list, or a table of words with
//! their base confidence (`{ captured = 0.9 }`). Small sets are scanned,
//! larger ones hashed, both built once when the lexicon loads.

use crate::fasthash::{HashMap, HashSet};
use std::collections::BTreeMap;

/// How many words a set holds before it is hashed rather than scanned.
const SCAN_LIMIT: usize = 8;

/// One named set of words, possibly with a base confidence per word.
#[derive(Debug, Default, Clone)]
pub(crate) struct WordSet {
    words: Vec<Box<str>>,
    hashed: Option<HashSet<Box<str>>>,
    weights: HashMap<Box<str>, f32>,
    /// Which first bytes and which lengths (up to 63) the words have: most
    /// tokens tested against a set are not in it, and these two bit tests
    /// say so before any comparison or hash.
    first_bytes: [u64; 4],
    lengths: u64,
}

fn bit(mask: &[u64; 4], b: u8) -> bool {
    mask[usize::from(b >> 6)] & (1 << (b & 63)) != 0
}

impl WordSet {
    fn new(words: Vec<String>, weights: HashMap<Box<str>, f32>) -> WordSet {
        let words: Vec<Box<str>> = words.into_iter().map(String::into_boxed_str).collect();
        let hashed = (words.len() > SCAN_LIMIT).then(|| words.iter().cloned().collect());
        let mut first_bytes = [0u64; 4];
        let mut lengths = 0u64;
        for w in &words {
            let b = w.as_bytes().first().copied().unwrap_or(0);
            first_bytes[usize::from(b >> 6)] |= 1 << (b & 63);
            lengths |= 1 << w.len().min(63);
        }
        WordSet {
            words,
            hashed,
            weights,
            first_bytes,
            lengths,
        }
    }

    /// Whether `w` has a length and a first byte some word of the set has:
    /// false means it is not in the set.
    fn may_contain(&self, w: &str) -> bool {
        let b = w.as_bytes().first().copied().unwrap_or(0);
        self.lengths & (1 << w.len().min(63)) != 0 && bit(&self.first_bytes, b)
    }

    pub fn contains<S: AsRef<str>>(&self, w: S) -> bool {
        let w = w.as_ref();
        if !self.may_contain(w) {
            return false;
        }
        match &self.hashed {
            Some(h) => h.contains(w),
            None => self.words.iter().any(|x| x.as_ref() == w),
        }
    }

    /// The words in file order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone {
        self.words.iter().map(|w| w.as_ref())
    }

    /// The base confidence the file gives `w`, for a weighted set.
    pub fn weight(&self, w: &str) -> Option<f32> {
        // Weighted words are words of the set: the bit tests spare the hash
        // for the many tokens asked about that are not (`count_of`).
        if !self.may_contain(w) {
            return None;
        }
        self.weights.get(w).copied()
    }
}

/// Anything a token can be tested against: a word set of the language
/// file, or (in tests and for punctuation) plain strings.
pub(crate) trait WordList {
    fn has(&self, w: &str) -> bool;
}

impl WordList for WordSet {
    fn has(&self, w: &str) -> bool {
        self.contains(w)
    }
}

impl WordList for str {
    fn has(&self, w: &str) -> bool {
        self == w
    }
}

impl WordList for String {
    fn has(&self, w: &str) -> bool {
        self == w
    }
}

impl WordList for [&str] {
    fn has(&self, w: &str) -> bool {
        self.contains(&w)
    }
}

impl<const N: usize> WordList for [&str; N] {
    fn has(&self, w: &str) -> bool {
        self.contains(&w)
    }
}

/// A set as the file writes it.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
pub(crate) enum RawSet {
    One(String),
    List(Vec<String>),
    Weighted(BTreeMap<String, f32>),
}

pub(crate) type RawTables = BTreeMap<String, BTreeMap<String, RawSet>>;

#[derive(Debug, thiserror::Error)]
pub(crate) enum WordsError {
    #[error("language file: [words.{group}] lacks `{key}`, which the grammar reads")]
    Missing { group: String, key: String },
    #[error("language file: [words.{group}] `{key}` is not a set the grammar reads")]
    Unknown { group: String, key: String },
}

fn take(t: &mut RawTables, group: &str, key: &str) -> Result<WordSet, WordsError> {
    let key = key.trim_start_matches("r#");
    let missing = || WordsError::Missing {
        group: group.to_string(),
        key: key.to_string(),
    };
    let raw = t
        .get_mut(group)
        .and_then(|g| g.remove(key))
        .ok_or_else(missing)?;
    Ok(match raw {
        RawSet::One(w) => WordSet::new(vec![w], HashMap::default()),
        RawSet::List(v) => WordSet::new(v, HashMap::default()),
        RawSet::Weighted(m) => {
            let weights = m.iter().map(|(w, &c)| (w.clone().into(), c)).collect();
            WordSet::new(m.into_keys().collect(), weights)
        }
    })
}

fn leftover(t: &RawTables) -> Option<WordsError> {
    t.iter().find_map(|(group, g)| {
        g.keys().next().map(|key| WordsError::Unknown {
            group: group.clone(),
            key: key.clone(),
        })
    })
}

macro_rules! word_tables {
    ($( $(#[$gm:meta])* $group:ident : $Group:ident { $( $name:ident ),* $(,)? } )*) => {
        $(
            $(#[$gm])*
            #[derive(Debug, Default)]
            pub(crate) struct $Group { $( pub $name: WordSet, )* }
        )*
        /// Every family's word sets.
        #[derive(Debug, Default)]
        pub(crate) struct Words { $( pub $group: $Group, )* }
        impl Words {
            pub(crate) fn from_tables(mut t: RawTables) -> Result<Words, WordsError> {
                let w = Words { $( $group: $Group {
                    $( $name: take(&mut t, stringify!($group), stringify!($name))?, )*
                }, )* };
                match leftover(&t) {
                    Some(e) => Err(e),
                    None => Ok(w),
                }
            }
        }
    };
}

/// The bundled language's word sets.
pub(crate) fn words() -> &'static Words {
    &super::lexicon::en().words
}

// The sets each family reads, one struct per `[words.<family>]` table of the
// language file (kept in the file's order).
word_tables! {
    // @generated-sets-start
    /// `[words.siege]`.
    siege: SiegeWords {
        siege_only_verbs, break_verbs, siege_nouns, of_on_around, the_a_two, by_of_and, by_from, siege_adjectives, imposed_participles, assault_verbs,
    }
    /// `[words.word]`.
    word: WordWords {
        by, siege, under, from, to, on, of, with, since, the, we, than, control, r#in, still, had, including, between, victory, way, been, back, respectively, fall, areas, area, into, over, r#where,
    }
    /// `[words.encircle]`.
    encircle: EncircleWords {
        ring_only_verbs, the_a_an, the_and_both,
    }
    /// `[words.route]`.
    route: RouteWords {
        cut, open, route, linking, the_to, in_inside_at, to_and_with, last_only, into_to_in,
    }
    /// `[words.split]`.
    split: SplitWords {
        approach, divided_split_partitioned, between_among, share_verbs, the_and_both, on_upon_towards, towards_toward_on,
    }
    /// `[words.hedges]`.
    hedges: HedgesWords {
        block, time_nouns, time_adverbs, deny, deny_objects, deny_complements, lower, question_marks, causatives, approximators, aim_goal_purpose, before_until, the_a_an, if_unless_should, if_unless, success, result_openers, result_links, goes_on, orders, ordered_leaving, gerund_aims, year_preps, when, own_clause, aside_openers, before_openers, again_verbs, past_markers, later_markers, last_words, time_units, perfect_aux, period_opens, period_closes, period_open_ends, period_date_fillers, preposed_bounds, bound_links,
    }
    /// `[words.tokens]`.
    tokens: TokensWords {
        actor_pronouns, anaphor_adjectives, place_nouns, attitude_prefixes, group_anaphors, possessives, plural_determiners, indefinite_articles, topic_copulas,
    }
    /// `[words.sentences]`.
    sentences: SentencesWords {
        abbreviations,
    }
    /// `[words.patterns]`.
    patterns: PatternsWords {
        ring_verbs, locating_participles, seat_nouns, partial, plural_parts, headline_breaks, connectors, back_skip, finite_aux, singular_aux, relatives, locative_preps, oblique, around_almost_more, percent_cent_half, s_main_last, the_s_its, participle_endings, locator_heads, modifier_heads, list_adjunct_preps, qualifier_preps, list_colon, colon_openers, paren_open, paren_close, place_pronouns, member_links, partitive_heads, whole_quantifiers, verb_links, subject_links, parts_in, position_nouns, last_position_words, region_adjectives, counted_partial, pronoun_verbs, part_possessives,
    }
    /// `[words.held]`.
    held: HeldWords {
        event_verbs, held_nouns, area_nouns, area_singulars, hold_verbs, ended_by, fight_words, repel, attack_nouns, failed, attack_aims, attack_aim_particles, seat_modifiers, former, former_adverbs, seat_events, seat_destinations, held_controlled_run, beat_fended, back_off, on_against_in, in_of, was_were_is, positions_land_lands, but_while, in_across_throughout, control_rule_grip, our_we_us, hands_hand, full_complete_total, of_over, is_are_was, still_now_already, still_also_only, but_and_yet, but_while_whereas, its_their, of_to_at, is_was_remains, in_for_over, province_nouns, outside, plural_quantifiers, partial_adverbs, degree_adverbs, regard_words, regard_verbs, of_for, carried_to, area_heads, share_objects, apposition_words, apposition_copulas, plural_seat_nouns, seat_until, seat_until_present, relational_heads, relational_links, inside_links, holder_links, under_bare_after, intransitive_rule, province_verbs, copula_seat_nouns, seat_copulas, then_phrases,
    }
    /// `[words.areas]`.
    areas: AreasWords {
        whole, minor, skip, region_modifies, named_parts,
    }
    /// `[words.capture]`.
    capture: CaptureWords {
        take_verbs, control_only, nominals, into_verbs, sweep_verbs, sweep_preps, into_next, lose, leave, expel, passive_adverbs, offensive_nouns, offensive_preps, offensive_verbs, advance_links, arrival_verbs, repelled, declared_declares_proclaimed, in_over_at, returned_reverted_returns, fell_fallen_falls, was_were_been, driven_beaten_pushed, in_on_at, which_that, took_taken_seized, were_are_was, into_under, to_into_under, over_back, again_back, their_its, deep_deeper_further, into_inside, control_hands_rule, out_back_overnight, from_of, to_towards_toward, flight_verbs, left_abandoned_evacuated, abandoned_evacuated_vacated, was_were_been_were, out_back_away, of_from, control_nouns, control_preps, telegraphic_participles, heading_marks, bulletin_heads, during_preps,
    }
    /// `[words.actors]`.
    actors: ActorsWords {
        held_suffixes, besieged_suffixes, facility_nouns, allegiance, ally_links, ally_openers, ally_nouns, of_links, owner_determiners, backing_governors, support_openers, support_kinds, support_nouns,
    }
    /// `[words.counts]`.
    counts: CountsWords {
        numbers,
    }
    /// `[words.plural_kinds]`.
    plural_kinds: PluralKindsWords {
        town, village, city, neighbourhood, base, airbase, hill,
    }
    /// `[words.directions]`.
    directions: DirectionsWords {
        north, south, east, west, northeast, northwest, southeast, southwest,
    }
    /// `[words.anaphor_kinds]`.
    anaphor_kinds: AnaphorKindsWords {
        city, town, village, neighbourhood, airbase, governorate,
    }
    /// `[words.provincial]`.
    provincial: ProvincialWords {
        capital, of, before_capital, after_capital,
    }
    /// `[words.disputes]`.
    disputes: DisputesWords {
        denials, persist, inside_preps, there, unverified, verification, negations, report_nouns, report_determiners, clause_openers, attack_determiners, sequence_links, ended_until,
    }
    // @generated-sets-end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> RawTables {
        #[derive(serde::Deserialize)]
        struct File {
            words: RawTables,
        }
        let text = include_str!("../../../geodata/lang/en.toml");
        toml::from_str::<File>(text).expect("en.toml parses").words
    }

    #[test]
    fn a_set_the_file_lacks_is_an_error_naming_it() {
        let mut t = bundled();
        t.get_mut("route").unwrap().remove("cut");
        let e = Words::from_tables(t).unwrap_err().to_string();
        assert!(e.contains("[words.route] lacks `cut`"), "{e}");
    }

    #[test]
    fn a_set_the_grammar_does_not_read_is_an_error_naming_it() {
        let mut t = bundled();
        let typo = RawSet::One("cut".into());
        t.get_mut("route").unwrap().insert("cutt".into(), typo);
        let e = Words::from_tables(t).unwrap_err().to_string();
        assert!(e.contains("`cutt`"), "{e}");
    }

    #[test]
    fn sets_answer_alike_scanned_or_hashed_and_keep_weights() {
        let w = Words::from_tables(bundled()).unwrap();
        let big = &w.route.cut; // hashed
        assert!(big.contains("severed") && !big.contains("sever-") && !big.contains(""));
        let small = &w.route.last_only; // scanned
        assert!(small.contains("only") && !small.contains("onl"));
        assert_eq!(w.capture.take_verbs.weight("captured"), Some(0.9));
        assert_eq!(w.capture.take_verbs.weight("attacked"), None);
        assert_eq!(w.counts.numbers.weight("three"), Some(3.0));
    }
}
