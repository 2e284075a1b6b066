//! Language is data, not code: the claims grammar (`src/claims/`) holds no English word in a
//! string literal. Every word it tests is in `geodata/lang/<lang>.toml`, so a language is a
//! new file, not new code.
//!
//! What is checked: every string literal (plain, byte and raw) of `src/claims/**/*.rs` outside
//! comments and `#[cfg(test)]` code (inline test modules and the files of `#[cfg(test)] mod x;`
//! declarations). A literal fails when it holds a word: two ASCII letters in a row, or a
//! letter of the Arabic script (Arabic is data too, `geodata/lang/ar.toml`). Char literals
//! hold one character and are never words.
//!
//! What is not language, and so allowed:
//! - a literal inside an attribute `#[…]` (serde field names, `thiserror` messages);
//! - a message: a literal that is an argument of a macro call opened on its line
//!   (`format!`, `tracing::debug!`, `include_str!` of the language file);
//! - an identifier's own name: a literal equal to the snake_case form of an identifier
//!   written as code on its line (wire names such as `Relation::SiegeBroken => "siege_broken"`,
//!   rule ids such as `("capture", capture::run)`);
//! - a key of the language file's `[confidence]` table, passed to `.confidence("…")`.

#[path = "support/rust_literals.rs"]
mod rust_literals;

use rust_literals::{literals, rust_files, test_only_files};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Literals still allowed (file, literal): the frame engine's last few words, which move to
/// the language file with the frame engine's own work (issue 10). Add nothing here.
const KNOWN_OFFENDERS: &[(&str, &str)] = &[];

/// Whether the literal holds a word: two ASCII letters in a row, or any letter of the Arabic
/// script (whose words live in `geodata/lang/ar.toml`).
fn has_word(lit: &str) -> bool {
    lit.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_alphabetic())
        || lit.chars().any(is_arabic_letter)
}

fn is_arabic_letter(c: char) -> bool {
    matches!(
        c,
        '\u{0600}'..='\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{08A0}'..='\u{08FF}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}'
    ) && c.is_alphabetic()
}

fn snake_case(ident: &str) -> String {
    let mut out = String::new();
    for (i, c) in ident.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The identifiers written as code on a line (outside its string literals).
fn identifiers(line: &str) -> Vec<String> {
    let mut code = String::new();
    let mut in_str = false;
    let mut prev = ' ';
    for c in line.chars() {
        if c == '"' && prev != '\\' {
            in_str = !in_str;
            code.push(' ');
        } else {
            code.push(if in_str { ' ' } else { c });
        }
        prev = c;
    }
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(snake_case)
        .collect()
}

/// Whether a literal starting at `offset` of `src` is one of the allowed kinds.
fn allowed(src: &str, offset: usize, text: &str) -> bool {
    let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[offset..].find('\n').map_or(src.len(), |i| offset + i);
    let line = &src[line_start..line_end];
    let before = &src[line_start..offset.saturating_sub(1).max(line_start)];
    let attribute = line.trim_start().starts_with("#[");
    let message = before.contains("!(");
    let own_name = identifiers(line).iter().any(|i| i == text);
    let confidence_key = before.ends_with(".confidence(");
    attribute || message || own_name || confidence_key
}

/// (file, line, literal) of every English literal in `src/claims/`.
fn offenders() -> Vec<(String, usize, String)> {
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src/claims"), &mut files);
    files.sort();
    // `#[cfg(test)] mod testkit;` is declared in src/claims/extract/mod.rs.
    let test_files = test_only_files(&files);
    let mut out = Vec::new();
    for f in files.iter().filter(|f| !test_files.contains(*f)) {
        let rel = f.strip_prefix(ROOT).unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(f).unwrap();
        for lit in literals(&src) {
            let known = KNOWN_OFFENDERS.contains(&(rel.as_str(), lit.text.as_str()));
            if has_word(&lit.text) && !allowed(&src, lit.offset, &lit.text) && !known {
                out.push((rel.clone(), lit.line, lit.text));
            }
        }
    }
    out
}

#[test]
fn no_english_word_in_a_string_literal_of_the_claims_grammar() {
    let found = offenders();
    assert!(
        found.is_empty(),
        "English in src/claims/ (move it to geodata/lang/en.toml, see ARCHITECTURE.md):\n{}",
        found
            .iter()
            .map(|(f, l, t)| format!("  {f}:{l}: {t:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_rule_catches_words_and_lets_names_and_messages_through() {
    let src = r##"
        const A: &[&str] = &["captured", "seized", "سيطر"];
        fn f(t: &Tok) -> bool { t.is("of") }
        #[error("language file: {0}")]
        fn g() { tracing::debug!(n = 1, "left unresolved"); }
        fn h(r: Relation) -> &str { match r { Relation::SiegeBroken => "siege_broken" } }
        fn k() { let c = lex.confidence("likely"); let p = ","; }
        fn m(r: Relation) -> &str { match r { Relation::Holds => "captured" } }
    "##;
    let flagged: Vec<String> = literals(src)
        .into_iter()
        .filter(|l| has_word(&l.text) && !allowed(src, l.offset, &l.text))
        .map(|l| l.text)
        .collect();
    assert_eq!(flagged, ["captured", "seized", "سيطر", "of", "captured"]);
}
