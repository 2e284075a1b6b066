//! The token stream patterns run over: one sentence as words, punctuation,
//! faction phrases ([`super::actors`]) and place mentions, each an atom.
//!
//! Where a faction phrase and a mention overlap, a demonym or in-name mention
//! always gives way ("Syrian troops", "Manbij Military Council"), and a
//! location mention gives way only to a longer phrase ("the Turkish border"
//! stays a place; "Turkish" alone would be an adjective).
//!
//! Simple anaphora are resolved here, in text order: "they"/"them" stand for
//! the last faction named, and "the town"/"the city" (not followed by "of")
//! for the last place of a fitting kind named in the last few sentences.

use super::actors::{ActorHit, HitKind};
use super::patterns::{count_of, plural_kind};
use super::words::words;
use super::words::WordList;
use crate::gazetteer::{Gazetteer, PlaceKind};
use crate::geoparse::{Mention, MentionRole};
use std::borrow::Cow;

/// How many sentences back a "the town" may find its place.
const PLACE_ANAPHORA_SENTENCES: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// A word; `Tok::w` holds it lowercased.
    Word,
    /// One punctuation character (`Tok::w`).
    Punct,
    /// A faction phrase (`faction` indexes `Factions::all()`; `None` for a
    /// non-faction actor or an unresolved pronoun).
    Actor {
        faction: Option<usize>,
        kind: HitKind,
        anaphor: bool,
    },
    /// A place mention (index into the report's mentions).
    /// `around`: the mention names the land around a place ("north of
    /// Aleppo"), a locator rather than a place that can be claimed.
    Place {
        mention: usize,
        anaphor: bool,
        around: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tok<'a> {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Lowercased surface text; borrowed from the report when it is
    /// already lowercase (most words), so tokenizing rarely allocates.
    pub w: Cow<'a, str>,
    /// A word written with a capital: possibly a name the gazetteer lacks.
    pub upper: bool,
    /// A region descriptor ("Shiite", "Kurdish-majority": `factions.toml`
    /// `descriptors`), which a noun phrase may carry like any adjective.
    pub descriptor: bool,
}

impl Tok<'_> {
    /// Whether the token is a word of `words` (one word, a slice, or a
    /// set of the language file).
    pub fn is<L: WordList + ?Sized>(&self, words: &L) -> bool {
        matches!(self.kind, Kind::Word) && words.has(&self.w)
    }
    pub fn is_any<L: WordList + ?Sized>(&self, words: &L) -> bool {
        self.is(words)
    }
    /// A number written in digits ("90", "2015").
    pub fn is_number(&self) -> bool {
        !self.w.is_empty() && self.w.bytes().all(|b| b.is_ascii_digit())
    }
    /// A year written in four digits ("2015").
    pub fn is_year(&self) -> bool {
        self.w.len() == 4 && self.is_number()
    }
    pub fn is_punct(&self, p: &str) -> bool {
        matches!(self.kind, Kind::Punct) && self.w == p
    }
    pub fn place(&self) -> Option<usize> {
        match self.kind {
            Kind::Place { mention, .. } => Some(mention),
            _ => None,
        }
    }
    pub fn actor(&self) -> Option<(Option<usize>, HitKind)> {
        match self.kind {
            Kind::Actor { faction, kind, .. } => Some((faction, kind)),
            _ => None,
        }
    }
    /// A locator such as "north of Aleppo".
    pub fn is_around(&self) -> bool {
        matches!(self.kind, Kind::Place { around: true, .. })
    }
    pub fn is_anaphor(&self) -> bool {
        matches!(
            self.kind,
            Kind::Actor { anaphor: true, .. } | Kind::Place { anaphor: true, .. }
        )
    }
}

/// What carries over from one sentence to the next.
#[derive(Debug, Default)]
pub(crate) struct Discourse {
    pub last_actor: Option<usize>,
    /// Recent location mentions: (mention index, sentence number).
    pub recent_places: Vec<(usize, usize)>,
    pub sentence_no: usize,
    /// How often each place has been named so far: "the city" is the one
    /// the report is about, not merely the last one named.
    pub seen: crate::fasthash::HashMap<String, usize>,
    /// The faction last named as the subject of an offensive ("the YPG began
    /// to retake the city", "rebels launched an assault on …") and the
    /// sentence it was in: the likely agent of a later agentless passive
    /// ("the city was recaptured on Tuesday").
    pub offensive: Option<(usize, usize)>,
    /// Places named as members of a described plural ("the Shiite towns of A and B"):
    /// (descriptor, mention index, sentence number). "two Shiite towns" later points
    /// back to them.
    pub described: Vec<(String, usize, usize)>,
    /// Places the report introduced with a kind noun ("the town of A"): (mention
    /// index, the noun). "the town" later points back to them first.
    pub introduced: Vec<(usize, Box<str>)>,
    /// The place a sentence introduced as what the text is about ("X is a
    /// town in …", [`topic_noun`]): it stays among the recent places however
    /// long the text runs, and "it" with no other antecedent is it.
    pub topic: Option<usize>,
    /// The one place a sentence named as the object of a verb of taking or
    /// losing, and the sentence's number: "it" after such a verb in the next
    /// sentence stands for it ("Rebels stormed Y. They lost it on Tuesday.").
    pub taken_object: Option<(usize, usize)>,
}

impl Discourse {
    /// The bookkeeping [`tokenize`] does for a sentence that names neither a
    /// place nor a faction (see [`Gate`]): such a sentence only ages the
    /// recent places.
    pub fn skip_sentence(&mut self) {
        self.age_places();
        self.sentence_no += 1;
    }

    /// Drops the places named too long ago to be pointed back to, except the
    /// text's topic.
    fn age_places(&mut self) {
        let (now, topic) = (self.sentence_no, self.topic);
        self.recent_places
            .retain(|&(m, n)| now.saturating_sub(n) < PLACE_ANAPHORA_SENTENCES || Some(m) == topic);
    }

    /// The faction of an offensive stated in this sentence or the last
    /// [`OFFENSIVE_SENTENCES`] ones.
    pub fn recent_offensive(&self) -> Option<usize> {
        self.offensive
            .filter(|(_, n)| self.sentence_no.saturating_sub(*n) <= OFFENSIVE_SENTENCES)
            .map(|(f, _)| f)
    }
}

/// How many sentences back an offensive may supply the agent of an
/// agentless passive.
const OFFENSIVE_SENTENCES: usize = 2;

/// Decides, without tokenizing, whether a sentence can yield a claim or a
/// named group: every claim needs a faction, which only a faction phrase or
/// a pronoun standing for the last faction named can supply, and a named
/// group needs place mentions. A sentence with none of these is skipped;
/// its only effect on the discourse is [`Discourse::skip_sentence`].
pub(crate) struct Gate {
    /// Sorted (start, end) spans of faction phrases and of the mentions
    /// [`tokenize`] would consider (not in-name ones).
    spans: Vec<(usize, usize)>,
}

impl Gate {
    pub fn new(hits: &[ActorHit], mentions: &[Mention]) -> Self {
        let mut spans: Vec<(usize, usize)> = hits
            .iter()
            .map(|h| (h.start, h.end))
            .chain(
                mentions
                    .iter()
                    .filter(|m| m.role != MentionRole::InName)
                    .map(|m| (m.start, m.end)),
            )
            .collect();
        spans.sort_unstable();
        Gate { spans }
    }

    /// Whether `text[s..e]` has a faction phrase or mention inside it, or a
    /// pronoun that [`tokenize`] would turn into the last faction named.
    pub fn may_claim(
        &self,
        text: &str,
        lower: &std::cell::OnceCell<String>,
        (s, e): (usize, usize),
        d: &Discourse,
        held_before: bool,
    ) -> bool {
        let first = self.spans.partition_point(|&(a, _)| a < s);
        if self.spans[first..]
            .iter()
            .take_while(|&&(a, _)| a < e)
            .any(|&(_, b)| b <= e)
        {
            return true;
        }
        let pronoun = d.last_actor.is_some();
        // After an offensive, "the town fell" names neither: its place is
        // an anaphor and its agent the attacker.
        // So, in a war of two sides, after a place a side was said to hold
        // ("Y was occupied in March. The town was liberated in November"):
        // the taker of an agentless change of hands is that side's opponent.
        let place_noun =
            (d.recent_offensive().is_some() || held_before) && !d.recent_places.is_empty();
        if pronoun && !place_noun {
            // Most sentences: only a pronoun is sought, found in the text's
            // lowercase form by substring search (a whole word there is a
            // whole word of the sentence, equal up to ASCII case).
            let pronouns = &words().tokens.actor_pronouns;
            if pronouns.iter().all(|p| !p.is_empty() && p.is_ascii()) {
                let lower = lower.get_or_init(|| text.to_ascii_lowercase());
                let sentence = lower.get(s..e).unwrap_or("");
                return pronouns
                    .iter()
                    .any(|p| has_whole_word(sentence, &p.to_ascii_lowercase()));
            }
        }
        (pronoun || place_noun)
            && text
                .get(s..e)
                .unwrap_or("")
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| {
                    (pronoun
                        && words()
                            .tokens
                            .actor_pronouns
                            .iter()
                            .any(|p| w.eq_ignore_ascii_case(p)))
                        || (place_noun
                            && (words()
                                .tokens
                                .place_nouns
                                .iter()
                                .any(|n| w.eq_ignore_ascii_case(n))
                                || (held_before
                                    && words()
                                        .patterns
                                        .place_pronouns
                                        .iter()
                                        .any(|n| w.eq_ignore_ascii_case(n)))))
                })
    }
}

/// Whether `word` (ASCII, not empty) stands in `sentence` as a whole run of
/// alphanumerics, as `split` on the rest would give it.
fn has_whole_word(sentence: &str, word: &str) -> bool {
    memchr::memmem::find_iter(sentence.as_bytes(), word.as_bytes()).any(|at| {
        let end = at + word.len();
        !sentence[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !sentence[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// Whether the name at `text[a..b]` stands where a clause's subject does:
/// no preposition or noun-phrase word before it (not "in eastern Y", "of Y")
/// and a lowercase word after it ("Y said", "Y has taken"), not a
/// possessive, a coordination or the end of a headline.
/// Whether `before` (the text up to a state's name) ends with a noun of
/// control and "of", a determiner between ("the control of the Russian
/// Federation", "occupation of Russia"): the state is that control's holder.
fn holder_of_control_noun(before: &str) -> bool {
    let mut rest = before
        .trim_end()
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    let Some(mut w) = rest.next() else {
        return false;
    };
    if super::lexicon::en().determiners.contains(&w) {
        let Some(next) = rest.next() else {
            return false;
        };
        w = next;
    }
    words().word.of.has(&w)
        && rest
            .next()
            .is_some_and(|n| words().held.control_rule_grip.has(&n))
}

fn state_as_subject(text: &str, s: usize, a: usize, b: usize) -> bool {
    let lex = super::lexicon::en();
    let before = text.get(s..a).unwrap_or("");
    let prev = before
        .trim_end()
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '-'))
        .next()
        .unwrap_or("")
        .to_lowercase();
    let joined = before.trim_end().ends_with(|c: char| c.is_alphanumeric());
    // "the Donetsk region, where Ukraine still controls territory": a
    // relative word opens a clause with a subject of its own (an adverbial
    // one, "after Russia …", is left as it was).
    let opens_relative = lex.relatives.contains(&prev) && !lex.subordinators.contains(&prev);
    // "occupied by Russia", "held by Russia since 2014": the agent of a
    // participle of holding or taking.
    if words().word.by.has(&prev) {
        // `prev` is "by" (ASCII), so the head ends on a char boundary.
        let head = before.trim_end();
        let participle = head
            .get(..head.len().saturating_sub(prev.len()))
            .unwrap_or("")
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        if words().held.held_controlled_run.has(&participle)
            || words().capture.take_verbs.has(&participle)
        {
            return true;
        }
    }
    // "under the temporary military control of the Russian Federation",
    // "under the occupation of Russia": the state that holds the control noun.
    if holder_of_control_noun(before) {
        return true;
    }
    if joined
        && !opens_relative
        && (lex.object_stops.contains(&prev)
            || lex.filler.contains(&prev)
            || lex.determiners.contains(&prev)
            || words().word.of.contains(prev.as_str()))
    {
        return false;
    }
    let after = text.get(b..).unwrap_or("");
    // "Russia's seizure of Y": a state whose possessive opens a nominal
    // change of hands is its government, the act's agent.
    if let Some(owned) = possessive_rest(after) {
        let nominal = |w: &str| lex.nominal.iter().any(|f| f.nouns.iter().any(|n| n == w));
        let mut words_after = owned
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase);
        if let Some(first) = words_after.next() {
            if nominal(&first)
                || (lex.filler.contains(&first) && words_after.next().is_some_and(|w| nominal(&w)))
            {
                return true;
            }
        }
    }
    let rest = after.trim_start();
    if rest.len() == after.len() {
        return false;
    }
    let next: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>();
    // "Turkey and its Syrian allies took Y": the possessive after the link
    // points back at the state, which heads the coordinated subject.
    if words().patterns.subject_links.has(&next) {
        let owner = rest[next.len()..]
            .trim_start()
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("")
            .to_lowercase();
        return words().tokens.possessives.has(&owner);
    }
    next.chars().next().is_some_and(|c| c.is_lowercase())
        && !words().patterns.connectors.contains(next.as_str())
}

/// Whether a finite verb of taking of the language file (a `[[verb]]` block
/// with the `take` role: "retook", "regained", "has recaptured") follows
/// `at`: "Damascus regained control of Y", where the capital is the subject
/// of a capture and so stands for its government.
fn take_verb_follows(text: &str, at: usize) -> bool {
    let lex = super::lexicon::en();
    let mut words_after = text
        .get(at..)
        .unwrap_or("")
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    let Some(mut word) = words_after.next() else {
        return false;
    };
    // "Damascus has retaken Y": past the auxiliary to the participle; "was
    // captured" is the capital taken, not taking.
    if lex.be_forms.contains(&word) {
        return false;
    }
    if words().patterns.finite_aux.has(&word) {
        let Some(next) = words_after.next() else {
            return false;
        };
        word = next;
    }
    lex.verb_forms.get(&word).is_some_and(|&(block, _)| {
        lex.verbs
            .get(block)
            .is_some_and(|b| b.role == super::lexicon::VerbRole::Take)
    })
}

/// Whether an attribution verb of the language file ("said", "claimed")
/// follows `at` after one space.
fn attribution_follows(text: &str, at: usize) -> bool {
    let after = text.get(at..).unwrap_or("");
    let rest = after.trim_start_matches([' ', '\u{a0}']);
    if rest.len() == after.len() {
        return false;
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    super::lexicon::en().attribution_verbs.contains(&word)
}

/// The most words scare quotes may hold.
const SCARE_QUOTE_WORDS: usize = 3;

/// "its forces had \"liberated\" the village", "had 'liberated' A": quotes
/// around a few lowercase words after an auxiliary, one of them a verb of
/// taking, mark the speaker's word for a capture, not a clause of their own;
/// they are dropped so no clause break falls between the verb and its
/// subject or object. (Quotes around other words stay breaks: a quoted
/// "encircled" is as often a fear as a fact.)
fn drop_scare_quotes(text: &str, toks: &mut Vec<Tok<'_>>) {
    let quote = |t: &Tok| matches!(t.kind, Kind::Punct) && (t.w == "\"" || t.w == "'");
    let mut drop = Vec::new();
    let mut i = 1;
    while i < toks.len() {
        if !quote(&toks[i]) || !toks[i - 1].is(&words().patterns.finite_aux) {
            i += 1;
            continue;
        }
        // An opening quote stands apart from the word before it ("the
        // rebels' town" is a possessive).
        let spaced = text
            .get(toks[i - 1].end..toks[i].start)
            .is_some_and(|gap| !gap.is_empty() && gap.chars().all(char::is_whitespace));
        let inside = toks[i + 1..]
            .iter()
            .take(SCARE_QUOTE_WORDS + 1)
            .take_while(|t| matches!(t.kind, Kind::Word) && !t.upper)
            .count();
        let close = i + 1 + inside;
        let taking = toks[i + 1..close]
            .iter()
            .any(|t| t.is(&words().capture.take_verbs));
        let closes = taking
            && inside > 0
            && inside <= SCARE_QUOTE_WORDS
            && toks
                .get(close)
                .is_some_and(|t| t.w == toks[i].w && quote(t))
            && toks[close].start == toks[close - 1].end
            && toks
                .get(close + 1)
                .is_none_or(|n| n.start > toks[close].end || matches!(n.kind, Kind::Punct));
        if spaced && closes {
            drop.push(i);
            drop.push(close);
            i = close + 1;
        } else {
            i += 1;
        }
    }
    for k in drop.into_iter().rev() {
        toks.remove(k);
    }
}

/// The text after a possessive mark at the start of `after` ("'s", "’s").
fn possessive_rest(after: &str) -> Option<&str> {
    let rest = after
        .strip_prefix('\'')
        .or_else(|| after.strip_prefix('\u{2019}'))?;
    let rest = rest.strip_prefix(['s', 'S']).unwrap_or(rest);
    rest.starts_with([' ', '\u{a0}']).then_some(rest)
}

/// Tokens of `text[s..e]`. `lower` is `text` with ASCII letters lowercased
/// (`str::to_ascii_lowercase`, same offsets): capitalised ASCII words borrow
/// their lowercase form from it instead of allocating one each.
#[allow(clippy::too_many_arguments)]
pub(crate) fn tokenize<'a>(
    text: &'a str,
    lower: &'a str,
    (s, e): (usize, usize),
    hits: &[ActorHit],
    mentions: &[Mention],
    gazetteer: &Gazetteer,
    descriptors: &crate::fasthash::HashSet<String>,
    d: &mut Discourse,
) -> Vec<Tok<'a>> {
    let hits: Vec<&ActorHit> = hits.iter().filter(|h| h.start >= s && h.end <= e).collect();
    let mut atoms: Vec<Tok<'a>> = Vec::new();
    let mut kept_hits = vec![true; hits.len()];
    for (mi, m) in mentions.iter().enumerate() {
        if m.start < s || m.end > e || m.role == MentionRole::InName {
            continue;
        }
        // "pro-Damascus", "anti-Assad": an attitude, not a place.
        let mut from = s.max(m.start.saturating_sub(5));
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let prefix = lowercase_ascii_in(text, lower, from, m.start.max(from));
        let attitude = words()
            .tokens
            .attitude_prefixes
            .iter()
            .any(|p| prefix.ends_with(p));
        let mut keep = m.role == MentionRole::Location && !attitude;
        // A state named as the subject of a clause is its government
        // ("Russia said its forces had taken Y", "Ukraine has regained
        // control of Y"), when the region's factions name it.
        let state = gazetteer.place(m.place).kind == PlaceKind::Country
            && state_as_subject(text, s, m.start, m.end);
        // "Kyiv said its forces had retaken Y": a capital that is a weak name
        // of a side, as the speaker of an attribution verb, is that side (the
        // verb is looked for only behind such a name, not behind every place).
        for (hi, h) in hits.iter().enumerate() {
            if h.start < m.end && m.start < h.end {
                let same = h.start == m.start && h.end == m.end;
                if same
                    && ((state && h.kind == HitKind::Name)
                        || (h.kind == HitKind::Weak
                            && (attribution_follows(text, m.end)
                                || (state_as_subject(text, s, m.start, m.end)
                                    && take_verb_follows(text, m.end)))))
                {
                    keep = false;
                } else if keep && (m.end - m.start) >= (h.end - h.start) {
                    kept_hits[hi] = false;
                } else {
                    keep = false;
                }
            }
        }
        if keep {
            atoms.push(Tok {
                kind: Kind::Place {
                    mention: mi,
                    anaphor: false,
                    around: matches!(m.part, Some((_, crate::geoparse::PartKind::Around))),
                },
                start: m.start,
                end: m.end,
                w: Cow::Owned(m.text.to_lowercase()),
                upper: false,
                descriptor: false,
            });
        }
    }
    for (h, keep) in hits.iter().zip(&kept_hits) {
        if *keep {
            atoms.push(Tok {
                kind: Kind::Actor {
                    faction: h.faction,
                    kind: h.kind,
                    anaphor: false,
                },
                start: h.start,
                end: h.end,
                w: lowercase_in(text, lower, h.start, h.end),
                upper: false,
                descriptor: false,
            });
        }
    }
    atoms.sort_by_key(|t| t.start);
    // Overlapping mentions (rare): keep the first.
    atoms.dedup_by(|b, a| b.start < a.end);

    // About one token per five bytes of prose: one allocation, not a doubling series.
    let mut toks = Vec::with_capacity(e.saturating_sub(s) / 5 + atoms.len() + 4);
    let mut pos = s;
    for a in atoms {
        word_tokens(text, lower, pos, a.start, &mut toks);
        pos = a.end;
        toks.push(a);
    }
    word_tokens(text, lower, pos, e, &mut toks);
    drop_scare_quotes(text, &mut toks);
    if !descriptors.is_empty() {
        // Which lengths the descriptors have: most words have none of them
        // and need no hash.
        let lengths = descriptors
            .iter()
            .fold(0u64, |m, w| m | (1 << w.len().min(63)));
        for t in toks.iter_mut() {
            t.descriptor = matches!(t.kind, Kind::Word)
                && lengths & (1 << t.w.len().min(63)) != 0
                && descriptors.contains(t.w.as_ref());
        }
    }
    // "Izium was occupied by Russian forces", "Russia has occupied Crimea": a
    // holder word of the region that is itself a participle ("occupied") is
    // the verb after an auxiliary or a side, or before "by", not the
    // adjective of "occupied Melitopol".
    let lex = super::lexicon::en();
    for i in 0..toks.len() {
        let Kind::Actor {
            faction: Some(_),
            anaphor: false,
            ..
        } = toks[i].kind
        else {
            continue;
        };
        if !words().held.held_controlled_run.has(&toks[i].w) {
            continue;
        }
        let after_aux = i > 0
            && (toks[i - 1].actor().is_some()
                || (matches!(toks[i - 1].kind, Kind::Word)
                    && lex.stative_aux.contains(toks[i - 1].w.as_ref())));
        let before_by = toks.get(i + 1).is_some_and(|t| t.is(&words().word.by));
        if after_aux || before_by {
            toks[i].kind = Kind::Word;
        }
    }

    // "pro-government Nubl and Zahraa", "occupied Melitopol": an attitude
    // adjective right before a place says who holds it, as "government-held"
    // does (before a place noun, `actors` reads it so already).
    for i in 0..toks.len().saturating_sub(1) {
        if let Kind::Actor {
            faction: Some(f),
            kind: HitKind::Adjective,
            anaphor: false,
        } = toks[i].kind
        {
            let next = &toks[i + 1];
            // "occupied Melitopol": a region's holder word that is itself a
            // participle of holding says the same.
            let attitude = words()
                .tokens
                .attitude_prefixes
                .iter()
                .any(|p| toks[i].w.starts_with(p))
                || words().held.held_controlled_run.has(&toks[i].w);
            if attitude && next.place().is_some() && !next.is_around() {
                toks[i].kind = Kind::Actor {
                    faction: Some(f),
                    kind: HitKind::Held(super::actors::HeldKind::Held),
                    anaphor: false,
                };
            }
        }
    }

    // Anaphora and discourse state, in text order.
    d.age_places();
    d.described
        .retain(|(_, _, n)| d.sentence_no.saturating_sub(*n) < DESCRIBED_SENTENCES);
    let mut plural: Vec<(usize, Vec<usize>)> = Vec::new();
    for i in 0..toks.len() {
        match toks[i].kind.clone() {
            // "except two Shiite towns": the places named before as "the Shiite
            // towns of A and B".
            Kind::Word
                if i > 0
                    && toks[i - 1].descriptor
                    && !d.described.is_empty()
                    && plural_kind(&toks[i].w).is_some() =>
            {
                if let Some(found) = described_antecedents(&toks, i, d, gazetteer, mentions) {
                    plural.push((i, found));
                }
            }
            Kind::Actor {
                faction: Some(f),
                kind: HitKind::Name,
                anaphor: false,
            } => {
                // "the group said its troops took Y": a lowercase one-word force
                // noun after a possessive belongs to the side it points back to.
                let bare = !toks[i].w.contains(|c: char| !c.is_alphabetic())
                    && text[toks[i].start..].starts_with(|c: char| c.is_lowercase());
                match d.last_actor {
                    Some(g)
                        if g != f
                            && bare
                            && i > 0
                            && toks[i - 1].is_any(&words().tokens.possessives) =>
                    {
                        toks[i].kind = Kind::Actor {
                            faction: Some(g),
                            kind: HitKind::Name,
                            anaphor: true,
                        };
                    }
                    // "seized Y from the FSA", "drove the YPG out of Y": the loser
                    // is no antecedent of "the fighters" in the next sentence.
                    _ if loser_named(&toks, i) => {}
                    _ => d.last_actor = Some(f),
                }
            }
            Kind::Place {
                mention,
                anaphor: false,
                ..
            } => {
                // Where the report was filed is no antecedent of "the town" or "it".
                if opens_dateline(&toks, i, text) {
                    continue;
                }
                d.recent_places.push((mention, d.sentence_no));
                if i >= 2
                    && toks[i - 1].is(&words().word.of)
                    && noun_kinds(&toks[i - 2].w).is_some()
                {
                    d.introduced.push((mention, toks[i - 2].w.as_ref().into()));
                }
                if let Some(noun) = topic_noun(&toks, i) {
                    d.introduced.push((mention, noun.into()));
                    d.topic = Some(mention);
                }
                *d.seen
                    .entry(gazetteer.place(mentions[mention].place).name.to_lowercase())
                    .or_default() += 1;
            }
            // "IS fighters were killed and the rest fled to Y", "the group
            // also took Y": a part or the whole of the last faction named.
            Kind::Word
                if i > 0
                    && toks[i - 1].is(&words().word.the)
                    && toks[i].is_any(&words().tokens.group_anaphors)
                    && d.last_actor.is_some() =>
            {
                toks[i].kind = Kind::Actor {
                    faction: d.last_actor,
                    kind: HitKind::Name,
                    anaphor: true,
                };
            }
            // "the city was in their hands": a possessive before "hands" is
            // the holder, the side last named.
            Kind::Word
                if toks[i].is_any(&words().tokens.possessives)
                    && toks
                        .get(i + 1)
                        .is_some_and(|t| t.is_any(&words().held.hands_hand))
                    && d.last_actor.is_some() =>
            {
                toks[i].kind = Kind::Actor {
                    faction: d.last_actor,
                    kind: HitKind::Name,
                    anaphor: true,
                };
            }
            Kind::Word if toks[i].is_any(&words().tokens.actor_pronouns) => {
                if let Some(f) = d.last_actor {
                    toks[i].kind = Kind::Actor {
                        faction: Some(f),
                        kind: HitKind::Name,
                        anaphor: true,
                    };
                }
            }
            // "the two towns fell", "both villages": as many places of the kind,
            // the most recent ones named.
            Kind::Word
                if i > 0
                    // The count before the noun first: it is the rarer and
                    // the cheaper test (`plural_anaphor_count` needs it too).
                    && count_of(&toks[i - 1].w).is_some()
                    && plural_kind(&toks[i].w).is_some()
                    && plural_anaphor_count(&toks, i).is_some() =>
            {
                if let Some(found) = plural_antecedents(&toks, i, d, gazetteer, mentions) {
                    plural.push((i, found));
                }
            }
            // "The towns are held by the YPG": a definite plural with no count
            // opening its sentence stands for the places of its kind the latest
            // sentence naming any named, when that is a group of two to four.
            Kind::Word
                if i == 1
                    && toks[0].is(&words().word.the)
                    && plural_kind(&toks[i].w).is_some()
                    && !named_after(&toks, i) =>
            {
                if let Some(found) = group_antecedents(&toks, i, d, gazetteer, mentions) {
                    plural.push((i, found));
                }
            }
            // "It had been in rebel hands since 2013": the one place just named.
            Kind::Word if toks[i].is_any(&words().patterns.place_pronouns) => {
                if let Some(m) = super::lists::pronoun_place(&toks, i, d, gazetteer, mentions) {
                    toks[i].kind = Kind::Place {
                        mention: m,
                        anaphor: true,
                        around: false,
                    };
                }
            }
            Kind::Word
                if i > 0
                    && (toks[i - 1].is(&words().word.the)
                        || (i > 1
                            && toks[i - 2].is(&words().word.the)
                            && toks[i - 1].is_any(&words().tokens.anaphor_adjectives))
                        || indefinite_whole(&toks, i)) =>
            {
                let followed = toks.get(i + 1);
                // "the city of Y", "the city Y", and a compound of the kind noun
                // ("the city centre of Y") name a place of their own.
                let of_follows = followed
                    .is_some_and(|t| t.is(&words().word.of) || t.place().is_some())
                    || (followed.is_some_and(|t| {
                        matches!(t.kind, Kind::Word) && t.w.chars().all(char::is_alphabetic)
                    }) && toks.get(i + 2).is_some_and(|t| t.is(&words().word.of))
                        && toks.get(i + 3).is_some_and(|t| t.place().is_some()));
                if let (Some(kinds), false) = (noun_kinds(&toks[i].w), of_follows) {
                    // A place introduced with this very noun ("the town of A …
                    // the town"), else a fitting place named earlier in this
                    // sentence ("the withdrawal from A left the town …"), else the
                    // most talked-about fitting place; then the most recent.
                    let noun = toks[i].w.as_ref();
                    let introduced = |m: usize| {
                        d.introduced
                            .iter()
                            .any(|(n, w)| *n == m && w.as_ref() == noun)
                    };
                    let fits = |m: usize| kinds.contains(&gazetteer.place(mentions[m].place).kind);
                    let any_introduced = d
                        .recent_places
                        .iter()
                        .any(|(m, _)| fits(*m) && introduced(*m));
                    let found = d
                        .recent_places
                        .iter()
                        .enumerate()
                        .filter(|(_, (m, _))| fits(*m) && (!any_introduced || introduced(*m)))
                        .max_by_key(|(k, (m, named_in))| {
                            (
                                *named_in == d.sentence_no,
                                d.seen
                                    .get(&gazetteer.place(mentions[*m].place).name.to_lowercase())
                                    .copied()
                                    .unwrap_or(0),
                                *k,
                            )
                        })
                        .map(|(_, x)| x);
                    if let Some(&(m, _)) = found {
                        toks[i].kind = Kind::Place {
                            mention: m,
                            anaphor: true,
                            around: false,
                        };
                        // The place stays the one talked about: "the town" and
                        // "it" in the sentences after still point to it.
                        d.recent_places.push((m, d.sentence_no));
                    }
                }
            }
            _ => {}
        }
    }
    // One plural anaphor becomes its places, listed with commas, so that every
    // pattern reads them as a list.
    for (i, found) in plural.into_iter().rev() {
        let (start, end) = (toks[i].start, toks[i].end);
        let comma: Cow<'_, str> = Cow::Borrowed(",");
        let mut members = Vec::with_capacity(found.len() * 2);
        for (k, mention) in found.into_iter().enumerate() {
            if k > 0 {
                members.push(Tok {
                    kind: Kind::Punct,
                    start,
                    end,
                    w: comma.clone(),
                    upper: false,
                    descriptor: false,
                });
            }
            members.push(Tok {
                kind: Kind::Place {
                    mention,
                    anaphor: true,
                    around: false,
                },
                start,
                end,
                w: toks[i].w.clone(),
                upper: false,
                descriptor: false,
            });
        }
        toks.splice(i..=i, members);
    }
    record_described(&toks, d);
    speakers(&mut toks);
    d.taken_object = taken_object(&toks).map(|m| (m, d.sentence_no));
    d.sentence_no += 1;
    toks
}

/// The most words between the indefinite article and the kind noun of a
/// topic sentence ("X is a small Christian town").
const TOPIC_NOUN_GAP: usize = 3;

/// "X is a town in …", "X was a village north of …": the kind noun by which
/// a sentence introduces the place at `i` as what the passage is about (an
/// encyclopedia article's first line), so "the town" later points to it.
fn topic_noun<'t>(toks: &'t [Tok], i: usize) -> Option<&'t str> {
    let t = &words().tokens;
    if !toks.get(i + 1)?.is_any(&t.topic_copulas)
        || !toks.get(i + 2)?.is_any(&t.indefinite_articles)
    {
        return None;
    }
    toks.iter()
        .skip(i + 3)
        .take(TOPIC_NOUN_GAP + 1)
        .take_while(|x| matches!(x.kind, Kind::Word))
        .find(|x| noun_kinds(&x.w).is_some())
        .map(|x| x.w.as_ref())
}

/// The one place a sentence names as the object of a verb of taking or
/// losing ("Rebels stormed the town of Y on Monday"), when no other place
/// is such an object in it: the antecedent of "it" after such a verb in the
/// next sentence (`lists::pronoun_place`).
fn taken_object(toks: &[Tok]) -> Option<usize> {
    let mut found = None;
    for v in 0..toks.len() {
        if !super::lists::takes_or_loses(&toks[v]) {
            continue;
        }
        for &(j, partial) in &super::patterns::places_after(toks, v + 1).places {
            let m = toks[j].place()?;
            if partial || toks[j].is_around() {
                return None;
            }
            match found {
                None => found = Some(m),
                Some(f) if f == m => {}
                Some(_) => return None,
            }
        }
    }
    found
}

/// How many sentences back "two Shiite towns" may find the places described so.
const DESCRIBED_SENTENCES: usize = 5;

/// Records the members of every described plural in the sentence: "the Shiite towns
/// of A and B", "the Kurdish-majority villages of A, B and C".
fn record_described(toks: &[Tok<'_>], d: &mut Discourse) {
    for k in 0..toks.len() {
        if !toks[k].descriptor {
            continue;
        }
        let mut noun = k + 1;
        while toks.get(noun).is_some_and(|t| t.descriptor) {
            noun += 1;
        }
        let described_noun = toks.get(noun).is_some_and(|t| plural_kind(&t.w).is_some())
            && toks.get(noun + 1).is_some_and(|t| t.is(&words().word.of));
        if !described_noun {
            continue;
        }
        let mut j = noun + 2;
        while let Some(t) = toks.get(j) {
            match t.kind {
                Kind::Place {
                    mention,
                    anaphor: false,
                    around: false,
                } => d
                    .described
                    .push((toks[noun - 1].w.to_string(), mention, d.sentence_no)),
                _ if t.is_punct(",") || t.is_any(&words().patterns.connectors) => {}
                _ => break,
            }
            j += 1;
        }
    }
}

/// Places a described plural ("two Shiite towns", "the Shiite towns") stands for: the
/// distinct places of a fitting kind recorded with the same descriptor, as many as its
/// count says (all of them, at least two, after "the" alone).
fn described_antecedents(
    toks: &[Tok<'_>],
    i: usize,
    d: &Discourse,
    gazetteer: &Gazetteer,
    mentions: &[Mention],
) -> Option<Vec<usize>> {
    let descriptor = &toks[i - 1].w;
    let mut before = i - 1;
    while before > 0 && toks[before].descriptor {
        before -= 1;
    }
    let count = match count_of(&toks[before].w) {
        Some(n) => Some(n as usize),
        None if toks[before].is(&words().word.the) => None,
        None => return None,
    };
    // "two Shiite villages near A" (no "the", no "both") locates other places.
    let definite = before > 0 && toks[before - 1].is(&words().word.the)
        || toks[before].is(&words().word.the)
        || toks[before].is(&words().tokens.plural_determiners);
    let located = toks
        .get(i + 1)
        .is_some_and(|t| t.is_any(&words().patterns.qualifier_preps));
    // "the Shiite towns of A and B" names its members: no anaphor.
    if named_after(toks, i) || (!definite && located) {
        return None;
    }
    let kinds = plural_kind(&toks[i].w).and_then(singular_kinds)?;
    let mut found: Vec<usize> = Vec::new();
    for &(_, m, _) in d
        .described
        .iter()
        .filter(|(w, _, _)| w == descriptor.as_ref())
    {
        let place = mentions[m].place;
        if kinds.contains(&gazetteer.place(place).kind)
            && !found.iter().any(|&f| mentions[f].place == place)
        {
            found.push(m);
        }
    }
    let fits = match count {
        Some(n) => found.len() == n,
        None => found.len() >= 2,
    };
    fits.then_some(found)
}

/// "gaining control of an entire province", "a whole Syrian province": an
/// indefinite article and a quantifier of the whole (`[words.areas] whole`),
/// at most one capitalised adjective between, before the kind noun at `i`
/// point back like "the province".
fn indefinite_whole(toks: &[Tok<'_>], i: usize) -> bool {
    let whole = |k: usize| toks[k].is_any(&words().areas.whole);
    let article = |k: usize| toks[k].is_any(&words().tokens.indefinite_articles);
    (i > 1 && whole(i - 1) && article(i - 2))
        || (i > 2
            && matches!(toks[i - 1].kind, Kind::Word)
            && toks[i - 1].upper
            && whole(i - 2)
            && article(i - 3))
}

/// The count of a plural anaphor ending at the kind noun `i`: "both towns",
/// "the two villages" (a definite count; "two villages near Y" is vague), and
/// no members or locator after it ("the two towns of A and B").
fn plural_anaphor_count(toks: &[Tok<'_>], i: usize) -> Option<usize> {
    let count = count_of(&toks[i - 1].w)? as usize;
    let definite = toks[i - 1].is(&words().tokens.plural_determiners)
        || (i > 1 && toks[i - 2].is(&words().word.the));
    (definite && !named_after(toks, i) && count <= MAX_PLURAL_ANAPHOR).then_some(count)
}

/// Whether the place at `i` opens a wire dateline: "BEIRUT (Reuters) -", "AMMAN, March 28
/// (AP) -", "Damascus (SANA) -", or a place in capitals before a dash or a comma ("DAMASCUS -").
/// The shape is typographic (a line-initial place, an agency in parentheses, a dash), so it
/// holds in any language; "Y (Arabic: …) is a town" has no dash after its parenthesis.
fn opens_dateline(toks: &[Tok<'_>], i: usize, text: &str) -> bool {
    if i != 0 {
        return false;
    }
    let surface = text.get(toks[0].start..toks[0].end).unwrap_or("");
    let capitals =
        surface.chars().any(char::is_alphabetic) && !surface.chars().any(char::is_lowercase);
    let next = |k: usize| toks.get(k);
    if capitals && next(1).is_some_and(|t| t.is_punct("-")) {
        return true;
    }
    // An optional date after a comma, then the agency in parentheses, then the dash.
    let mut k = 1;
    if next(k).is_some_and(|t| t.is_punct(",")) {
        k += 1;
        while k <= 6 && next(k).is_some_and(|t| !t.is_punct("(") && matches!(t.kind, Kind::Word)) {
            k += 1;
        }
        if capitals && !next(k).is_some_and(|t| t.is_punct("(")) {
            return next(k).is_some_and(|t| t.is_punct("-"));
        }
    }
    if !next(k).is_some_and(|t| t.is_punct("(")) {
        return false;
    }
    let close = (k + 1..(k + 5).min(toks.len())).find(|&j| toks[j].is_punct(")"));
    close.is_some_and(|j| next(j + 1).is_some_and(|t| t.is_punct("-")))
}

/// Whether the kind noun at `i` has its members or a locator after it ("the
/// towns of A and B", "the villages: A, B"): then it is no anaphor.
fn named_after(toks: &[Tok<'_>], i: usize) -> bool {
    toks.get(i + 1).is_some_and(|t| {
        t.is(&words().word.of) || t.place().is_some() || t.is_punct(":") || t.is_around()
    })
}

/// Places an uncounted definite plural ("the towns") stands for: every
/// distinct place of a fitting kind the latest sentence naming one named, when
/// they are two to [`MAX_PLURAL_ANAPHOR`]; one place, or a longer list, is no
/// group the noun can point to.
fn group_antecedents(
    toks: &[Tok<'_>],
    i: usize,
    d: &Discourse,
    gazetteer: &Gazetteer,
    mentions: &[Mention],
) -> Option<Vec<usize>> {
    let kinds = plural_kind(&toks[i].w).and_then(singular_kinds)?;
    let fits = |m: usize| kinds.contains(&gazetteer.place(mentions[m].place).kind);
    let (last, latest) = d
        .recent_places
        .iter()
        .rev()
        .find(|&&(m, _)| fits(m))
        .copied()?;
    // The group lies in one country: a dateline's foreign city ("BEIRUT (Reuters) -
    // … near the towns of A and B") is none of its members.
    let country = &gazetteer.place(mentions[last].place).country;
    let mut found: Vec<usize> = Vec::new();
    for &(m, n) in &d.recent_places {
        if n == latest
            && fits(m)
            && gazetteer.place(mentions[m].place).country == *country
            && !found
                .iter()
                .any(|&f| mentions[f].place == mentions[m].place)
        {
            found.push(m);
        }
    }
    (2..=MAX_PLURAL_ANAPHOR)
        .contains(&found.len())
        .then_some(found)
}

/// Places a plural anaphor stands for: exactly `count` distinct places of a
/// fitting kind among the recent ones, the latest named, in text order.
fn plural_antecedents(
    toks: &[Tok<'_>],
    i: usize,
    d: &Discourse,
    gazetteer: &Gazetteer,
    mentions: &[Mention],
) -> Option<Vec<usize>> {
    let count = plural_anaphor_count(toks, i)?;
    let kinds = plural_kind(&toks[i].w).and_then(singular_kinds)?;
    let mut found: Vec<usize> = Vec::with_capacity(count);
    for &(m, _) in d.recent_places.iter().rev() {
        let place = mentions[m].place;
        if !kinds.contains(&gazetteer.place(place).kind)
            || found.iter().any(|&f| mentions[f].place == place)
        {
            continue;
        }
        found.push(m);
        if found.len() == count {
            break;
        }
    }
    // Too few is no antecedent: "the two towns" then names something else.
    (found.len() == count).then(|| {
        found.reverse();
        found
    })
}

/// At most this many places stand behind "the N towns": a longer count is a
/// summary of the fighting, not a pointer to the places just named.
const MAX_PLURAL_ANAPHOR: usize = 4;

/// The kinds of place a kind noun may stand for ("the town": a town, a city
/// or a village; "the two towns": each of them).
fn singular_kinds(kind: PlaceKind) -> Option<&'static [PlaceKind]> {
    use PlaceKind::*;
    Some(match kind {
        City => &[City, Town],
        Town => &[Town, City, Village],
        Village => &[Village, Town],
        Neighbourhood => &[Neighbourhood],
        Airbase | Base => &[Airbase, Base],
        Governorate => &[Governorate],
        _ => return None,
    })
}

/// "We" inside a quote is the faction named in the attribution after it:
/// "\"We captured the town,\" an SDF commander said."
fn speakers(toks: &mut [Tok<'_>]) {
    let mut open: Option<usize> = None;
    for i in 0..toks.len() {
        if toks[i].is_punct("\"") {
            open = if open.is_some() { None } else { Some(i) };
            continue;
        }
        if open.is_none() || !toks[i].is(&words().word.we) {
            continue;
        }
        let Some(close) = (i + 1..toks.len()).find(|&j| toks[j].is_punct("\"")) else {
            continue;
        };
        let speaker = (close + 1..toks.len()).find_map(|j| match toks[j].kind {
            Kind::Actor {
                faction: Some(f),
                kind: HitKind::Name,
                ..
            } => Some(f),
            _ => None,
        });
        if let Some(f) = speaker {
            toks[i].kind = Kind::Actor {
                faction: Some(f),
                kind: HitKind::Name,
                anaphor: true,
            };
        }
    }
}

/// The place kinds a singular kind noun can stand for.
pub(crate) fn noun_kinds(w: &str) -> Option<&'static [PlaceKind]> {
    use PlaceKind::*;
    let k = &words().anaphor_kinds;
    let heads: [(&super::words::WordSet, PlaceKind); 6] = [
        (&k.city, City),
        (&k.town, Town),
        (&k.village, Village),
        (&k.neighbourhood, Neighbourhood),
        (&k.airbase, Airbase),
        (&k.governorate, Governorate),
    ];
    heads
        .into_iter()
        .find_map(|(set, kind)| set.contains(w).then_some(kind))
        .and_then(singular_kinds)
}

/// Words and punctuation of `text[from..to]`.
///
/// A word is a run of alphanumerics, joined by hyphens (`-`, U+2011) and by a
/// full stop before a digit ("2.5"), without trailing hyphens; any other
/// character that is not white space is one punctuation token. ASCII bytes
/// (most of any text) are classified by byte, without decoding a `char`.
fn word_tokens<'a>(text: &'a str, lower: &'a str, from: usize, to: usize, out: &mut Vec<Tok<'a>>) {
    let seg = &text[from..to];
    let b = seg.as_bytes();
    // The character at byte `i` (a char boundary) and its length.
    let char_at = |i: usize| -> (char, usize) {
        if b[i] < 0x80 {
            (b[i] as char, 1)
        } else {
            let c = seg[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        }
    };
    let mut i = 0;
    while i < b.len() {
        let (c, clen) = char_at(i);
        if c.is_alphanumeric() {
            let mut end = i + clen;
            // Whether the word is all ASCII and has a capital, noted on the
            // way: they decide where its lowercase form comes from.
            let mut ascii = c.is_ascii();
            let mut capital = c.is_ascii_uppercase();
            while end < b.len() {
                let x = b[end];
                if x < 0x80 {
                    let joins =
                        x == b'-' || (x == b'.' && b.get(end + 1).is_some_and(u8::is_ascii_digit));
                    if x.is_ascii_alphanumeric() || joins {
                        capital |= x.is_ascii_uppercase();
                        end += 1;
                        continue;
                    }
                    break;
                }
                let (d, dlen) = char_at(end);
                if d.is_alphanumeric() || d == '\u{2011}' {
                    ascii = false;
                    end += dlen;
                } else {
                    break;
                }
            }
            let w = seg[i..end].trim_end_matches('-');
            let (a, z) = (from + i, from + i + w.len());
            out.push(Tok {
                kind: Kind::Word,
                start: a,
                end: z,
                w: match (ascii, capital) {
                    (true, false) => Cow::Borrowed(w),
                    (true, true) => lowercase_ascii_in(text, lower, a, z),
                    (false, _) => lowercase_in(text, lower, a, z),
                },
                upper: w.starts_with(char::is_uppercase),
                descriptor: false,
            });
            i = end;
        } else {
            if !c.is_whitespace() {
                let p = match c {
                    '\u{2019}' | '\u{2018}' => Cow::Borrowed("'"),
                    '\u{201c}' | '\u{201d}' => Cow::Borrowed("\""),
                    '\u{2013}' | '\u{2014}' => Cow::Borrowed("-"),
                    _ => Cow::Borrowed(&seg[i..i + clen]),
                };
                out.push(Tok {
                    kind: Kind::Punct,
                    start: from + i,
                    end: from + i + clen,
                    w: p,
                    upper: false,
                    descriptor: false,
                });
            }
            i += clen;
        }
    }
}

/// `text[a..b]` with ASCII letters lowercased (`str::to_ascii_lowercase`),
/// borrowed from `lower`.
fn lowercase_ascii_in<'a>(text: &'a str, lower: &'a str, a: usize, b: usize) -> Cow<'a, str> {
    match lower.get(a..b) {
        Some(l) => Cow::Borrowed(l),
        None => Cow::Owned(text[a..b].to_ascii_lowercase()),
    }
}

/// `text[a..b]` lowercased (the same result as `str::to_lowercase`):
/// borrowed from `text` when it already is lowercase (most words), from
/// `lower` when it is ASCII with capitals; only non-ASCII words with
/// capitals allocate.
fn lowercase_in<'a>(text: &'a str, lower: &'a str, a: usize, b: usize) -> Cow<'a, str> {
    let w = &text[a..b];
    if w.is_ascii() {
        if w.bytes().any(|c| c.is_ascii_uppercase()) {
            lowercase_ascii_in(text, lower, a, b)
        } else {
            Cow::Borrowed(w)
        }
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// Whether the side at `i` is named as the loser of a change of hands: after "from" right
/// after a place ("seized Y from the FSA", "took the town of Y from IS"), or as the object of a
/// verb of driving out ("drove the YPG out of Y").
fn loser_named(toks: &[Tok], i: usize) -> bool {
    let k = if i > 0 && toks[i - 1].is(&words().word.the) {
        i - 1
    } else {
        i
    };
    k >= 2
        && ((toks[k - 1].is(&words().word.from) && toks[k - 2].place().is_some())
            || toks[k - 1].is_any(&words().capture.expel))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{claims, t, triples};

    #[test]
    fn a_state_after_a_noun_of_control_holds_it() {
        assert!(super::holder_of_control_noun(
            "areas under the temporary military control of the "
        ));
        assert!(super::holder_of_control_noun(
            "Y is under the occupation of "
        ));
        assert!(!super::holder_of_control_noun("the border of "));
        assert!(!super::holder_of_control_noun("of "));
        assert!(!super::holder_of_control_noun(""));
    }

    #[test]
    fn multibyte_text_around_faction_words_never_panics() {
        for text in [
            "\u{627}\u{644}\u{62d}\u{644}\u{628}\u{64a}\u{629} rebels captured Azaz \u{2014} \u{1f525}",
            "\u{1f1f8}\u{1f1fe}pro-rebels\u{1f525} Azaz\u{2014}\u{645}\u{62d}\u{631}\u{631}\u{629}",
            "anti-\u{627}Azaz \u{2014}SDF\u{2014} \u{627}\u{644}\u{633}\u{648}\u{631}\u{64a}\u{629}-held Azaz",
            "\u{201c}We captured Azaz,\u{201d} \u{1f600}an SDF commander said\u{2026}",
            "\u{e9}\u{e9}\u{e9}\u{e9}Azaz fell to Syrian troops \u{1f4a5}\u{1f4a5}.",
        ] {
            let _ = claims(text);
        }
    }

    #[test]
    fn whole_words_are_found_as_split_finds_them() {
        for text in [
            "they said",
            "-they- (them)",
            "th\u{e9}y they\u{e9} \u{e9}they",
            "\u{627}they 5they they2 \u{2019}they\u{2019}",
            "",
            "they",
            "theythey",
            "caf\u{e9}-they\u{2011}x",
        ] {
            let by_split = text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.eq_ignore_ascii_case("they"));
            assert_eq!(by_split, super::has_whole_word(text, "they"), "{text}");
        }
    }

    #[test]
    fn a_dateline_is_no_antecedent_of_a_definite_description() {
        // (report, the place "the town" must stand for, if any)
        let table: [(&str, Option<&str>); 6] = [
            ("Manbij (Reuters) - Syrian troops were in full control of the town.", None),
            ("MANBIJ - Syrian troops were in full control of the town.", None),
            ("MANBIJ, June 3 (AP) - Syrian troops were in full control of the town.", None),
            (
                "Manbij (AFP) - Troops recaptured Azaz on Sunday and were in full control of the town by nightfall.",
                Some("Azaz"),
            ),
            (
                "Troops take Azaz\nMANBIJ (Reuters) - Troops were in full control of the town.",
                Some("Azaz"),
            ),
            // An aside in parentheses with no dash after it opens no dateline.
            (
                "Azaz (Kurdish: Ezaz) is a town near the border. Troops were in full control of the town.",
                Some("Azaz"),
            ),
        ];
        for (text, want) in table {
            let got = triples(text);
            eprintln!("{text} => {got:?}");
            assert!(
                !got.iter().any(|(place, _, _)| place == "Manbij"),
                "{text}: {got:?}"
            );
            if let Some(place) = want {
                assert!(got.iter().any(|(p, _, _)| p == place), "{text}: {got:?}");
            }
        }
    }

    #[test]
    fn a_pronoun_after_a_sentence_without_places_or_factions_still_claims() {
        // The middle sentence names neither a place nor a faction and is not
        // tokenized; "they" and "the town" must still find Syrian troops and
        // Azaz across it.
        let got = triples(
            "Syrian troops reached Azaz on Monday. Heavy rain fell overnight. By dawn they had captured the town.",
        );
        assert!(
            got.contains(&t("Azaz", "government", "captured")),
            "{got:?}"
        );
    }
}
