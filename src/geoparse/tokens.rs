//! Looking at the words around a hit in the original text: the previous or next word,
//! stopping at sentence-level punctuation. Only used on hits, so it favours clarity.

use super::chars;

/// A word of the input: byte range and text.
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// The separator between this word and the word the search started from
    /// contained a hyphen (for `prev`: after this word; for `next`: before it).
    pub hyphen: bool,
}

impl Word<'_> {
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_uppercase())
    }

    /// The word in lower case, without allocating for short ASCII words (this runs for
    /// every hit).
    pub fn lower(&self) -> Lower {
        let mut l = Lower {
            buf: [0; 24],
            len: 0,
            spill: None,
        };
        if self.text.len() <= 24 && self.text.is_ascii() {
            for (d, b) in l.buf.iter_mut().zip(self.text.bytes()) {
                *d = b.to_ascii_lowercase();
            }
            l.len = self.text.len();
        } else {
            l.spill = Some(self.text.to_lowercase());
        }
        l
    }

    pub fn is(&self, w: &str) -> bool {
        self.text.eq_ignore_ascii_case(w)
    }
}

/// A lower-cased word (see [`Word::lower`]).
pub struct Lower {
    buf: [u8; 24],
    len: usize,
    spill: Option<String>,
}

impl Lower {
    pub fn as_str(&self) -> &str {
        match &self.spill {
            Some(s) => s,
            None => std::str::from_utf8(&self.buf[..self.len]).unwrap_or(""),
        }
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    chars::is_alphanumeric(c) || c == '\u{0301}'
}

#[inline]
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BF}' | '\u{02BE}' | '`'
    )
}

/// Soft separators: spaces, tabs, hyphens (and dashes used as hyphens).
#[inline]
fn is_soft(c: char) -> bool {
    matches!(c, ' ' | '\t' | '-' | '\u{2010}' | '\u{2011}' | '\u{00A0}')
}

/// The word ending before `pos` (skipping soft separators), or `None` at punctuation.
pub fn prev(text: &str, pos: usize) -> Option<Word<'_>> {
    let head = &text[..pos];
    let bytes = head.as_bytes();
    let mut hyphen = false;
    let mut end = None;
    // skip separators (and a possessive "'s" is not expected here): by bytes while
    // they are ASCII (most are one space), as the char loop below would
    let mut k = pos;
    while k > 0 && bytes[k - 1].is_ascii() {
        let b = bytes[k - 1];
        if matches!(b, b' ' | b'\t' | b'-') {
            hyphen |= b == b'-';
            k -= 1;
            continue;
        }
        if b.is_ascii_alphanumeric() {
            end = Some(k);
            break;
        }
        return None;
    }
    if end.is_none() && k > 0 {
        // a character outside ASCII: by chars, from the start
        hyphen = false;
        for (i, c) in head.char_indices().rev() {
            if is_soft(c) {
                hyphen |= c != ' ' && c != '\t' && c != '\u{00A0}';
                continue;
            }
            if is_word_char(c) {
                end = Some(i + c.len_utf8());
                break;
            }
            return None;
        }
    }
    let end = end?;
    // Most words are ASCII letters after a space: found by bytes, no char decoding.
    let mut ascii_start = end;
    while ascii_start > 0 && bytes[ascii_start - 1].is_ascii_alphanumeric() {
        ascii_start -= 1;
    }
    if ascii_start < end
        && (ascii_start == 0
            || (bytes[ascii_start - 1].is_ascii() && !is_mark(bytes[ascii_start - 1] as char)))
    {
        return Some(Word {
            start: ascii_start,
            end,
            text: &text[ascii_start..end],
            hyphen,
        });
    }
    let mut start = end;
    let mut last_word_char = end;
    for (i, c) in head[..end].char_indices().rev() {
        if is_word_char(c) {
            start = i;
            last_word_char = i;
        } else if is_mark(c) && i > 0 && last_word_char == i + c.len_utf8() {
            // an ayn/hamza mark inside a word ("Ma'arat")
            start = i;
        } else {
            break;
        }
    }
    // a mark at the very start is not part of the word
    while start < end && text[start..].starts_with(is_mark) {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    Some(Word {
        start,
        end,
        text: &text[start..end],
        hyphen,
    })
}

/// The word starting after `pos` (skipping soft separators and a possessive `'s`),
/// or `None` at punctuation.
pub fn next(text: &str, pos: usize) -> Option<Word<'_>> {
    let mut p = pos;
    let tail = &text[pos..];
    // a possessive right after the previous word
    for m in ["'s", "\u{2019}s"] {
        if tail.starts_with(m) && !tail[m.len()..].starts_with(chars::is_alphanumeric) {
            p += m.len();
        }
    }
    let mut hyphen = false;
    let mut start = None;
    for (i, c) in text[p..].char_indices() {
        if is_soft(c) {
            hyphen |= c != ' ' && c != '\t' && c != '\u{00A0}';
            continue;
        }
        if is_word_char(c) {
            start = Some(p + i);
            break;
        }
        return None;
    }
    let start = start?;
    // Most words are ASCII letters and digits ending at an ASCII byte that is no mark:
    // found by bytes, no char decoding (the loop below would stop at that byte too).
    let bytes = text.as_bytes();
    let mut ascii_end = start;
    while ascii_end < bytes.len() && bytes[ascii_end].is_ascii_alphanumeric() {
        ascii_end += 1;
    }
    if ascii_end > start
        && bytes
            .get(ascii_end)
            .is_none_or(|&b| b.is_ascii() && !is_mark(b as char))
    {
        return Some(Word {
            start,
            end: ascii_end,
            text: &text[start..ascii_end],
            hyphen,
        });
    }
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            end = start + i + c.len_utf8();
        } else if is_mark(c)
            && chars
                .peek()
                .is_some_and(|&(_, n)| chars::is_alphanumeric(n))
        {
            // "Ra'ad" continues; "Assad's" stops before the possessive
            let rest = &text[start + i + c.len_utf8()..];
            if rest.starts_with('s') && !rest[1..].starts_with(chars::is_alphanumeric) {
                break;
            }
        } else {
            break;
        }
    }
    Some(Word {
        start,
        end,
        text: &text[start..end],
        hyphen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_around() {
        let t = "envoy Staffan de Mistura's office, in al-Bab";
        let w = next(t, 0).unwrap();
        assert_eq!(w.text, "envoy");
        let m = t.find("Mistura").unwrap();
        assert_eq!(prev(t, m).unwrap().text, "de");
        let end = m + "Mistura".len();
        assert_eq!(next(t, end).unwrap().text, "office");
        let office_end = t.find("office").unwrap() + 6;
        assert!(next(t, office_end).is_none());
        let b = t.find("Bab").unwrap();
        let al = prev(t, b).unwrap();
        assert_eq!(al.text, "al");
        assert!(al.hyphen);
        let q = "in Ma'arat al-Numan";
        assert_eq!(prev(q, q.find(" al").unwrap()).unwrap().text, "Ma'arat");
    }

    /// The previous word before the end of each text: ASCII words take the byte path,
    /// words with marks or other scripts the character path; both give whole words.
    #[test]
    fn previous_word_by_bytes_and_by_chars() {
        for (text, word, hyphen) in [
            ("shelling hit Aleppo", "Aleppo", false),
            ("Aleppo", "Aleppo", false),
            ("near 2016", "2016", false),
            ("the road to Ma'arat", "Ma'arat", false),
            ("towards 'Ayn", "Ayn", false),
            ("north of Ḥalab", "Ḥalab", false),
            ("se\u{301}rie", "se\u{301}rie", false),
            ("east of Kobanê", "Kobanê", false),
            ("town of Tell-", "Tell", true),
            ("in حلب", "حلب", false),
        ] {
            let w = prev(text, text.len()).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!((w.text, w.hyphen), (word, hyphen), "{text:?}");
            assert_eq!(&text[w.start..w.end], word);
        }
        assert!(prev("fighting, ", "fighting, ".len()).is_none());
    }
}
