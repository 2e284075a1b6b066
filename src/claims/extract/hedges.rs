//! Hedges and negation: how much a control verb is asserted.
//!
//! Intent, conditions, attempts and denials block a claim ("failed to take",
//! "sought to capture", "would seize", "threatened to storm", "denied
//! capturing"); attribution of a doubtful kind lowers it ("claimed to have
//! taken", "reportedly seized"). An infinitive ("to capture") is an aim unless
//! success is said ("managed to capture", "were forced to withdraw").

use super::tokens::Tok;

/// Words that block a claim when they stand between its subject and its verb
/// (or just before the verb).
const BLOCK: &[&str] = &[
    "not",
    "n't",
    "never",
    "no",
    "failed",
    "fail",
    "fails",
    "failing",
    "unable",
    "attempt",
    "attempted",
    "attempts",
    "attempting",
    "tried",
    "try",
    "tries",
    "trying",
    "sought",
    "seek",
    "seeks",
    "seeking",
    "aim",
    "aimed",
    "aims",
    "aiming",
    "plan",
    "plans",
    "planned",
    "planning",
    "bid",
    "would",
    "could",
    "might",
    "may",
    "will",
    "shall",
    "should",
    "threatened",
    "threaten",
    "threatens",
    "threatening",
    "if",
    "unless",
    "hope",
    "hoped",
    "hopes",
    "hoping",
    "want",
    "wants",
    "wanted",
    "intend",
    "intended",
    "intends",
    "poised",
    "set",
    "expected",
    "expect",
    "ready",
    "prepare",
    "prepares",
    "preparing",
    "prepared",
    "vowed",
    "vow",
    "vows",
    "pledged",
    "denied",
    "deny",
    "denies",
    "denying",
    "nearly",
    "almost",
    "whether",
    "can",
    "cannot",
    "need",
    "needs",
    "order",
    "ordered",
    "urged",
    "called",
    "demanded",
    "warned",
    "before",
    "until",
    "prevent",
    "prevented",
    "stop",
    "stopped",
    "repelled",
    "repulsed",
    "thwarted",
    "foiled",
];

/// Nouns of a time phrase after "before"/"until" ("before the war").
const TIME_NOUNS: &[&str] = &[
    "war",
    "conflict",
    "uprising",
    "revolution",
    "fighting",
    "end",
    "start",
    "beginning",
    "year",
    "month",
    "week",
    "summer",
    "winter",
    "spring",
    "autumn",
    "offensive",
    "truce",
    "ceasefire",
    "talks",
];

/// Denials, which block the clause they introduce.
const DENY: &[&str] = &[
    "denied",
    "denies",
    "deny",
    "denying",
    "rejected",
    "dismissed",
    "disputed",
    "refuted",
];

/// Words that lower a claim's confidence.
const LOWER: &[&str] = &[
    "claimed",
    "claims",
    "claim",
    "claiming",
    "reportedly",
    "allegedly",
    "purportedly",
    "apparently",
    "rumoured",
    "rumored",
    "unconfirmed",
    "possibly",
    "probably",
    "likely",
];

/// Words before "to" that make an infinitive a success, not an aim.
const SUCCESS: &[&str] = &[
    "managed",
    "able",
    "succeeded",
    "forced",
    "went",
    "compelled",
    "had",
    // A state that goes on: "continues to control Y".
    "continues",
    "continue",
    "continued",
    "continuing",
];

/// How far back from the verb hedges are looked for when there is no subject.
const WINDOW: usize = 6;

/// Confidence factor for the verb at `verb` whose subject starts at `from`
/// (or `None`): 0 blocks, 1 leaves the claim as it is.
pub(crate) fn factor(toks: &[Tok], from: Option<usize>, verb: usize) -> f32 {
    let lo = from.map_or(verb.saturating_sub(WINDOW), |f| {
        f.min(verb).max(verb.saturating_sub(20))
    });
    let mut f = 1.0f32;
    // An infinitive is an aim ("fought to drive IS out of …").
    if verb > 0 && toks[verb - 1].is("to") {
        let success = verb >= 2 && toks[verb - 2].is_any(SUCCESS);
        if !success {
            return 0.0;
        }
    }
    // "with the aim of besieging": a gerund after an intent noun.
    if verb >= 2
        && toks[verb - 1].is("of")
        && toks[verb - 2].is_any(&["aim", "goal", "purpose", "intention", "hope"])
    {
        return 0.0;
    }
    // "Rebels denied that troops had seized Y": a denial governs the clause.
    if let Some(f) = from {
        let before = f.saturating_sub(4);
        if toks[before..f.min(verb)].iter().any(|t| t.is_any(DENY)) {
            return 0.0;
        }
    }
    for (k, t) in toks.iter().enumerate().take(verb).skip(lo) {
        // "before the war", "until the end of 2015": a time phrase, not a clause
        // that the claim's event has yet to happen in.
        let year = |n: &Tok| n.w.len() == 4 && n.w.bytes().all(|b| b.is_ascii_digit());
        if t.is_any(&["before", "until"])
            && toks.get(k + 1).is_some_and(|n| {
                year(n)
                    || (n.is_any(&["the", "a", "an", "its", "their", "his", "this", "last"])
                        && toks
                            .get(k + 2)
                            .is_some_and(|m| m.is_any(TIME_NOUNS) || year(m)))
            })
        {
            continue;
        }
        if t.is_any(BLOCK) {
            return 0.0;
        }
        if t.is_any(LOWER) {
            f *= 0.5;
        }
    }
    // A sentence opening with a condition asserts nothing.
    if toks
        .first()
        .is_some_and(|t| t.is_any(&["if", "unless", "should"]))
    {
        return 0.0;
    }
    f
}

/// Whether the whole sentence is a denial or a conditional ("HTS denied
/// this", "if they are able to") — used for claims without a verb.
pub(crate) fn sentence_factor(toks: &[Tok]) -> f32 {
    if toks.first().is_some_and(|t| t.is_any(&["if", "unless"])) {
        return 0.0;
    }
    1.0
}
