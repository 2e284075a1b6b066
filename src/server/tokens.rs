//! Named write tokens: who may write, and under which name the audit log
//! records it.
//!
//! Tokens are kept only as SHA-256 digests, in memory and (when the file
//! gives them so) at rest: a tokens file line is `name:token` or
//! `name:sha256:<64 hex digits>` (`frontline token NAME` prints both).
//! A given token is hashed and compared with every entry in constant time
//! (`subtle`), so neither which entry matched nor where a wrong token
//! differs shows in the timing.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The name a single `--token` / `--token-file` / `FRONTLINE_TOKEN` writes under.
pub const DEFAULT_NAME: &str = "default";

/// Longest token name accepted (it goes into every audit row).
const MAX_NAME: usize = 64;

/// The named tokens a server accepts.
#[derive(Clone)]
pub struct Tokens {
    entries: Vec<(String, [u8; 32])>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names only: digests stay out of logs.
        f.debug_list()
            .entries(self.entries.iter().map(|(n, _)| n))
            .finish()
    }
}

/// SHA-256 of a token, as stored.
pub fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// A digest as 64 lower-case hex digits (the `name:sha256:…` form).
pub fn hex(d: &[u8; 32]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '@'))
}

impl Tokens {
    /// One token under [`DEFAULT_NAME`] (the single-token options).
    pub fn single(token: &str) -> Tokens {
        Tokens {
            entries: vec![(DEFAULT_NAME.to_string(), digest(token))],
        }
    }

    /// Reads `name:token` or `name:sha256:<hex>` entries, one per line (or
    /// separated by commas, for an environment variable); blank lines and
    /// `#` comments are skipped. `origin` names the file or variable in
    /// errors, which give the line but never the token.
    pub fn parse(text: &str, origin: &str) -> Result<Tokens, String> {
        let mut entries: Vec<(String, [u8; 32])> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            for item in line.split(',') {
                let item = item.trim();
                if item.is_empty() || item.starts_with('#') {
                    continue;
                }
                let at = format!("{origin}: line {}", n + 1);
                let (name, secret) = item
                    .split_once(':')
                    .ok_or_else(|| format!("{at}: expected name:token"))?;
                let name = name.trim();
                if !valid_name(name) {
                    return Err(format!(
                        "{at}: token name {name:?} must be 1–{MAX_NAME} letters, digits, '_', '-', '.' or '@'"
                    ));
                }
                let secret = secret.trim();
                let hashed = match secret.strip_prefix("sha256:") {
                    Some(h) => unhex(h.trim()).ok_or_else(|| {
                        format!("{at}: sha256: must be followed by 64 hex digits")
                    })?,
                    None if secret.is_empty() => {
                        return Err(format!(
                            "{at}: the token of {name:?} is empty; an empty token would leave writes open"
                        ))
                    }
                    None => digest(secret),
                };
                if entries.iter().any(|(other, _)| other == name) {
                    return Err(format!("{at}: token name {name:?} is given twice"));
                }
                entries.push((name.to_string(), hashed));
            }
        }
        if entries.is_empty() {
            return Err(format!("{origin}: no tokens (expected name:token lines)"));
        }
        Ok(Tokens { entries })
    }

    /// The names, in the order given.
    pub fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The name of the token `given` is, if any. Every entry is compared
    /// (in constant time), whichever matches.
    pub fn check(&self, given: &str) -> Option<&str> {
        let d = digest(given);
        let mut found: Option<&str> = None;
        for (name, want) in &self.entries {
            let hit: bool = d.ct_eq(want).into();
            if hit && found.is_none() {
                found = Some(name);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_plain_and_hashed_tokens() {
        let hashed = hex(&digest("s3cret-b"));
        let t = Tokens::parse(
            &format!("# analysts\nana: s3cret-a\n\nben:sha256:{hashed}\n"),
            "tokens.txt",
        )
        .unwrap();
        assert_eq!(t.names(), ["ana", "ben"]);
        assert_eq!(t.check("s3cret-a"), Some("ana"));
        assert_eq!(t.check("s3cret-b"), Some("ben"));
        assert_eq!(t.check("s3cret-"), None);
        assert_eq!(t.check(""), None);
        assert!(!format!("{t:?}").contains(&hashed));
        let env = Tokens::parse("ana:x1, ben:x2", "FRONTLINE_TOKENS").unwrap();
        assert_eq!(env.check("x2"), Some("ben"));
        assert_eq!(Tokens::single("t").check("t"), Some(DEFAULT_NAME));
    }

    #[test]
    fn bad_lines_are_named_without_the_token() {
        for (text, says) in [
            ("ana", "line 1: expected name:token"),
            ("ok:1\nana:", "line 2: the token of \"ana\" is empty"),
            ("a b:x", "token name"),
            ("ana:sha256:zz", "64 hex digits"),
            ("ana:x\nana:y", "given twice"),
            ("# nothing\n", "no tokens"),
        ] {
            let e = Tokens::parse(text, "t.txt").unwrap_err();
            assert!(e.starts_with("t.txt") && e.contains(says), "{text:?}: {e}");
            assert!(!e.contains(":y") && !e.contains(":x"), "{e}");
        }
    }
}
