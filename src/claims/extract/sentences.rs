//! Sentence spans: the unit a claim is read from and quoted as evidence.
//!
//! Line breaks always end a sentence (headlines and datelines have no full
//! stop); otherwise a sentence ends at `.`, `!` or `?` (plus closing quotes or
//! brackets) followed by white space and a capital, a letter of a script without
//! case (Arabic), a digit or a quote — unless the
//! word before the stop is an abbreviation or an initial ("U.S.", "Gen.").

use super::words::words;

/// Byte spans `[start, end)` of the sentences of `text[from..]`, trimmed of
/// surrounding white space, in order; empty sentences are skipped.
pub(crate) fn split(text: &str, from: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = from;
    let bytes = text.as_bytes();
    let mut i = from;
    // Only line breaks and stops can end a sentence: jump from one to the
    // next (memchr) instead of testing every byte. Each search is redone
    // only once `i` has passed its last find, so the text is scanned once.
    let line_at = |at: usize| memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |p| at + p);
    let stop_at =
        |at: usize| memchr::memchr3(b'.', b'!', b'?', &bytes[at..]).map_or(bytes.len(), |p| at + p);
    let (mut next_line, mut next_stop) = match bytes.get(from..) {
        Some(_) => (line_at(from), stop_at(from)),
        None => (bytes.len(), bytes.len()),
    };
    while i < text.len() {
        if next_line < i {
            next_line = line_at(i);
        }
        if next_stop < i {
            next_stop = stop_at(i);
        }
        i = next_line.min(next_stop);
        if i >= text.len() {
            break;
        }
        let c = bytes[i];
        if c == b'\n' {
            push(text, start, i, &mut out);
            start = i + 1;
            i += 1;
            continue;
        }
        if matches!(c, b'.' | b'!' | b'?') {
            // Take closing quotes and brackets with the stop.
            let mut end = i + 1;
            loop {
                let rest = &text[end..];
                let n = rest
                    .chars()
                    .next()
                    .filter(|ch| matches!(ch, '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}'));
                match n {
                    Some(ch) => end += ch.len_utf8(),
                    None => break,
                }
            }
            if ends_sentence(text, start, i, end) {
                push(text, start, end, &mut out);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    push(text, start, text.len(), &mut out);
    out
}

fn push(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let seg = &text[s..e];
    let lead = seg.len() - seg.trim_start().len();
    let trail = seg.len() - seg.trim_end().len();
    if lead + trail < seg.len() {
        out.push((s + lead, e - trail));
    }
}

/// Whether the stop at `dot` (closers up to `after`) ends the sentence begun at `start`.
fn ends_sentence(text: &str, start: usize, dot: usize, after: usize) -> bool {
    let rest = &text[after..];
    let trimmed = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    if trimmed.len() == rest.len() && !rest.is_empty() && !rest.starts_with(['\n', '\r']) {
        return false; // "3.5", "U.S.-backed"
    }
    match trimmed.chars().next() {
        None | Some('\n') | Some('\r') => return true,
        Some(ch)
            if ch.is_uppercase()
                // A script without case (Arabic) starts a sentence with any letter.
                || (ch.is_alphabetic() && !ch.is_lowercase())
                || ch.is_ascii_digit()
                || matches!(ch, '"' | '\u{201c}' | '\'' | '(') => {}
        Some(_) => return false,
    }
    if text.as_bytes()[dot] != b'.' {
        return true;
    }
    // After the last separator, which may be a multi-byte space (U+00A0, U+3000).
    let word_start = text[start..dot]
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
        .map_or(start, |(p, c)| start + p + c.len_utf8());
    let word = &text[word_start..dot];
    if word.is_empty() {
        return true;
    }
    // Initials and dotted abbreviations: "U.S", "J", "a.m".
    if word.split('.').all(|l| l.chars().count() == 1) {
        return false;
    }
    let abbreviations = &words().sentences.abbreviations;
    // Most words before a stop are lowercase already: no copy for those.
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        !abbreviations.contains(word.to_ascii_lowercase().as_str())
    } else {
        !abbreviations.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<&str> {
        split(t, 0).into_iter().map(|(s, e)| &t[s..e]).collect()
    }

    #[test]
    fn splits_on_stops_and_lines() {
        assert_eq!(
            sents("Army Takes Town\nTroops entered Kafr Laha. Rebels left! Why? \"We held.\" Then calm."),
            vec!["Army Takes Town", "Troops entered Kafr Laha.", "Rebels left!", "Why?", "\"We held.\"", "Then calm."]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            sents(
                "U.S. troops and Gen. Ali met at 3 p.m. near the base. The U.S.-backed SDF left."
            ),
            vec![
                "U.S. troops and Gen. Ali met at 3 p.m. near the base.",
                "The U.S.-backed SDF left."
            ]
        );
    }

    #[test]
    fn multi_byte_spaces_before_a_stop_do_not_split_a_character() {
        for space in ['\u{a0}', '\u{2003}', '\u{3000}', '\u{2028}', '\u{1680}'] {
            let t = format!("Shelling hit{space}Hreitan.{space}Rebels left.");
            let got = sents(&t);
            assert_eq!(
                got.concat().replace(space, ""),
                "Shelling hitHreitan.Rebels left."
            );
        }
    }

    #[test]
    fn offsets_index_the_text() {
        let t = "date: x\n\n  First one.  Second.";
        let s = split(t, 9);
        assert_eq!(&t[s[0].0..s[0].1], "First one.");
        assert_eq!(&t[s[1].0..s[1].1], "Second.");
    }
}
