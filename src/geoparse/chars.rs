//! Letter tests for the characters geoparsing meets most: ASCII and the Arabic block are
//! answered from tables, every other character by the standard library. The standard
//! tests search a compressed Unicode table for each non-ASCII character (about 500
//! instructions per Arabic letter), and the Arabic reading and the word scans around
//! each hit ask for every character of an Arabic text. Same answers as `char`'s methods
//! (a unit test compares them).

use std::sync::OnceLock;

/// First code point of the Arabic block (U+0600-U+06FF).
const ARABIC: u32 = 0x0600;

/// One bit per character of the Arabic block.
struct Block {
    alphabetic: [u64; 4],
    alphanumeric: [u64; 4],
}

fn arabic_block() -> &'static Block {
    static BLOCK: OnceLock<Block> = OnceLock::new();
    BLOCK.get_or_init(|| {
        let mut block = Block {
            alphabetic: [0; 4],
            alphanumeric: [0; 4],
        };
        for i in 0..256u32 {
            let Some(c) = char::from_u32(ARABIC + i) else {
                continue;
            };
            let bit = 1u64 << (i % 64);
            if c.is_alphabetic() {
                block.alphabetic[(i / 64) as usize] |= bit;
            }
            if c.is_alphanumeric() {
                block.alphanumeric[(i / 64) as usize] |= bit;
            }
        }
        block
    })
}

/// The bit of `c` in `bits` when `c` is in the Arabic block.
#[inline]
fn arabic_bit(c: char, bits: impl Fn(&Block) -> &[u64; 4]) -> Option<bool> {
    let i = (c as u32).wrapping_sub(ARABIC);
    (i < 256).then(|| bits(arabic_block())[(i / 64) as usize] >> (i % 64) & 1 == 1)
}

/// `c.is_alphabetic()`.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    arabic_bit(c, |b| &b.alphabetic).unwrap_or_else(|| c.is_alphabetic())
}

/// `c.is_alphanumeric()`.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    arabic_bit(c, |b| &b.alphanumeric).unwrap_or_else(|| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_answer_as_the_standard_library() {
        // ASCII, Latin with diacritics, Greek, Cyrillic, Hebrew, Arabic and the blocks
        // beside it, and a few beyond.
        let chars = (0u32..0x0900)
            .chain(0xFB50..0xFE00)
            .chain([0x2019, 0x02BF, 0x3000, 0x1F600])
            .filter_map(char::from_u32);
        for c in chars {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
        assert!(is_alphabetic('ق') && is_alphanumeric('٣') && !is_alphabetic('٣'));
        assert!(!is_alphanumeric('\u{060C}')); // Arabic comma
    }
}
