//! How a line is cased: ordinary prose, a Title Case headline ("Rebels Withdraw From Khan
//! Sheikhoun As Troops Advance") or ALL CAPS ("UPDATE: KURDISH FIGHTERS SEIZE TELL ABYAD").
//!
//! In ordinary prose a capital is evidence of a name, and `roles` reads runs of capitalised
//! words as people and organisations. In a headline every content word is capitalised, so
//! there the tests keep only what does not depend on case. The casing is worked out once per
//! line (`roles::RoleState` keeps the line of the last hit) from counts of words and letters.

use super::words::WordSet;

/// The casing of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Casing {
    /// Prose, or too short a line to tell: capitals mark names.
    #[default]
    Ordinary,
    /// Every content word capitalised, the function words maybe not.
    Title,
    /// Letters almost all upper case.
    Caps,
}

impl Casing {
    /// Whether capitals say nothing of names on the line.
    pub fn is_headline(self) -> bool {
        self != Casing::Ordinary
    }
}

/// Content words a line needs before it can be read as a headline: "Northern Hama:" or a
/// byline of two words stays ordinary, so a short heading never changes how it is read.
const MIN_WORDS: usize = 3;

/// At most one letter in this many may be lower case in an ALL-CAPS line ("(Reuters)" or
/// "1230 GMT" in a flash keep a few).
const CAPS_LOWER_SHARE: usize = 8;

/// The casing of `line`. `minor` are the words a Title Case line may leave in lower case
/// (`[casing] minor_words` of the language file). Stops at the first content word in lower
/// case (prose), so a paragraph costs its first few words.
pub fn line_casing(line: &str, minor: &WordSet) -> Casing {
    // words starting with a capital / all in capitals
    let (mut capitalised, mut all_caps) = (0usize, 0usize);
    let (mut upper_letters, mut lower_letters) = (0usize, 0usize);
    for (i, raw) in line.split_whitespace().enumerate() {
        // a header's key in lower case before its value ("title: Rebels Seize Raqqa")
        if i == 0 && raw.ends_with(':') && !raw.starts_with(char::is_uppercase) {
            continue;
        }
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let (up, low, first_upper) = if word.is_ascii() {
            let Some(&first) = word.as_bytes().first() else {
                continue;
            };
            // numbers ("1230", "24") count for neither
            if !first.is_ascii_alphabetic() {
                continue;
            }
            let up = word.bytes().filter(u8::is_ascii_uppercase).count();
            let low = word.bytes().filter(u8::is_ascii_lowercase).count();
            (up, low, first.is_ascii_uppercase())
        } else {
            let Some(first) = word.chars().next() else {
                continue;
            };
            // words of a script without case count for neither
            if !first.is_uppercase() && !first.is_lowercase() {
                continue;
            }
            let up = word.chars().filter(|c| c.is_uppercase()).count();
            let low = word.chars().filter(|c| c.is_lowercase()).count();
            (up, low, first.is_uppercase())
        };
        upper_letters += up;
        lower_letters += low;
        if first_upper {
            capitalised += 1;
            if low == 0 && up >= 2 {
                all_caps += 1;
            }
        } else if !minor.has(word) {
            // One small content word makes prose: "In June 2015, the YPG took Suluk on 15
            // June, Tell Abyad on 16 June and Ain Issa on 23 June" names much but is a
            // sentence (and a line in capitals keeps small only its function words).
            return Casing::Ordinary;
        }
    }
    if capitalised < MIN_WORDS {
        return Casing::Ordinary;
    }
    if all_caps >= MIN_WORDS && lower_letters * CAPS_LOWER_SHARE <= upper_letters {
        return Casing::Caps;
    }
    Casing::Title
}

/// Whether the line holding byte `pos` of `text` is written in capitals (lines longer than
/// a headline are read only within `LINE_WINDOW` bytes either side: prose anyway).
pub fn in_caps_line(text: &str, pos: usize) -> bool {
    let mut from = pos.saturating_sub(LINE_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (pos + LINE_WINDOW).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let line = line_within(text, pos, from..to);
    // no minor words: they only matter to Title Case
    line_casing(&text[line], &WordSet::new(std::iter::empty::<&str>())) == Casing::Caps
}

/// The byte range of the line holding `pos`, looked for within `bounds` (char boundaries),
/// without its line break.
pub fn line_within(
    text: &str,
    pos: usize,
    bounds: std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    let start = text[bounds.start..pos]
        .rfind('\n')
        .map_or(bounds.start, |i| bounds.start + i + 1);
    let end = text[pos..bounds.end]
        .find('\n')
        .map_or(bounds.end, |i| pos + i);
    start..end
}

/// How far [`in_caps_line`] looks for a line's ends.
const LINE_WINDOW: usize = 300;

#[cfg(test)]
mod tests {
    use super::*;

    fn casing(line: &str) -> Casing {
        let minor = WordSet::new(&super::super::words::lists().casing.minor_words);
        line_casing(line, &minor)
    }

    #[test]
    fn headlines_and_prose() {
        assert_eq!(
            casing("Rebels Withdraw From Khan Sheikhoun As Government Troops Advance"),
            Casing::Title
        );
        assert_eq!(
            casing("Syrian Army Captures Rebel-Held Town of Morek in Northern Hama"),
            Casing::Title
        );
        assert_eq!(
            casing("UPDATE 1230 GMT: KURDISH FIGHTERS SEIZE TELL ABYAD FROM ISLAMIC STATE"),
            Casing::Caps
        );
        assert_eq!(
            casing("Syrian troops captured the town of Morek on Tuesday."),
            Casing::Ordinary
        );
        // a dateline opens a line of prose
        assert_eq!(
            casing("BEIRUT (Reuters) - Syrian troops captured Morek on Tuesday."),
            Casing::Ordinary
        );
        // short headings stay ordinary
        assert_eq!(casing("Northern Hama:"), Casing::Ordinary);
        assert_eq!(casing("NORTHERN HAMA:"), Casing::Ordinary);
        assert_eq!(casing("Aleppo"), Casing::Ordinary);
        assert_eq!(casing("title: Rebels Seize Raqqa"), Casing::Title);
        // a sentence holding several names is still prose
        assert_eq!(
            casing("Fighting raged in Aleppo, Homs and Hama, the Syrian Observatory said."),
            Casing::Ordinary
        );
        assert_eq!(
            casing("In June 2015, the YPG took Suluk on 15 June, Tell Abyad on 16 June and Ain Issa on 23 June."),
            Casing::Ordinary
        );
        // Arabic has no case
        assert_eq!(casing("سيطرت قوات النظام على مدينة حلب"), Casing::Ordinary);
    }

    #[test]
    fn caps_lines_in_a_text() {
        let text = "Headline\nIS CAPTURES PALMYRA FROM SYRIAN TROOPS\nThe town is held.";
        assert!(in_caps_line(text, text.find("IS").unwrap()));
        assert!(!in_caps_line(text, text.find("is held").unwrap()));
    }
}
