//! Language is data, not code: the claims grammar (`src/claims/`) and the geoparser
//! (`src/geoparse/`) hold no English word in a string literal. Every word they test is in
//! `geodata/lang/<lang>.toml` and `<lang>-geoparse.toml` (transliteration in
//! `en-transliteration.toml`), so a language is a new file, not new code.
//!
//! What is checked: every string literal (plain, byte and raw) of `src/claims/**/*.rs` and
//! `src/geoparse/**/*.rs` outside comments and `#[cfg(test)]` code (inline test modules and the files of `#[cfg(test)] mod x;`
//! declarations). A literal fails when it holds a word: two ASCII letters in a row, or a
//! letter of the Arabic script (Arabic is data too, `geodata/lang/ar.toml`). Char literals
//! hold one character and are never words.
//!
//! What is not language, and so allowed:
//! - a literal inside an attribute `#[…]` (serde field names, `thiserror` messages);
//! - a message: a literal that is an argument of a macro call opened on its line
//!   (`format!`, `tracing::debug!`, `include_str!` of the language file) or of a macro call,
//!   an `.expect(…)` or an error's constructor (`RulesError(…)`, `TablesError::Malformed(…)`)
//!   that encloses it across lines; in `src/geoparse/tables.rs`, the field name its
//!   prepared-tables `Reader` puts in the error when a file is malformed (`r.u32("…")`);
//! - an identifier's own name: a literal equal to the snake_case form of an identifier
//!   written as code on its line (wire names such as `Relation::SiegeBroken => "siege_broken"`,
//!   rule ids such as `("capture", capture::run)`);
//! - a key of the language file's `[confidence]` table, passed to `.confidence("…")`;
//! - a contract name of the geoparser listed in [`GEOPARSE_CONTRACT_NAMES`] with its reason.
//!
//! The `Direction` names of `src/geoparse/mod.rs` ("north", "northeast") are DESIGN.md's
//! JSON values: they pass as the snake_case of their own variants
//! (`Direction::North => "north"`), like the claims' wire names. The compass words of the
//! text are data (`[directions]` of `en-geoparse.toml`) and only map to those values.

#[path = "support/rust_literals.rs"]
mod rust_literals;

use rust_literals::{literals, rust_files, test_only_files};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Literals still allowed (file, literal): the frame engine's last few words, which move to
/// the language file with the frame engine's own work (issue 10). Add nothing here.
const KNOWN_OFFENDERS: &[(&str, &str)] = &[];

/// Names that are a contract of the geoparser, not language (file, literal, why).
const GEOPARSE_CONTRACT_NAMES: &[(&str, &str, &str)] = &[
    (
        "src/geoparse/mod.rs",
        "date",
        "report header key (DESIGN.md, input format): its line holds no prose",
    ),
    (
        "src/geoparse/mod.rs",
        "source",
        "report header key (DESIGN.md, input format): its line holds no prose",
    ),
    (
        "src/geoparse/mod.rs",
        "title",
        "report header key (DESIGN.md, input format): its line is prose",
    ),
    (
        "src/geoparse/mod.rs",
        "www.",
        "host prefix of a web address: no place is matched inside a URL",
    ),
    (
        "src/geoparse/tables.rs",
        "FLNAME03",
        "magic bytes of the prepared name tables' byte format",
    ),
];

/// The prepared-tables reader's methods (`src/geoparse/tables.rs` `Reader`), whose string
/// argument names the field an error is about.
const TABLES_READER_CALLS: &[&str] = &["r.take", "r.u32", "r.u32s", "r.bytes", "r.len", "r.string"];

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

/// The callee of the call whose parentheses enclose `offset` of `masked` (the source with
/// its literals blanked), as written before its `(`: `format!`, `.expect`,
/// `TablesError::Malformed`, `r.u32`. Looks back to the statement's start at most.
fn enclosing_call(masked: &[u8], offset: usize) -> Option<String> {
    let mut depth = 0usize;
    let mut at = offset;
    while at > 0 {
        at -= 1;
        match masked[at] {
            b')' | b']' => depth += 1,
            b'(' | b'[' if depth > 0 => depth -= 1,
            b'(' => {
                // The callee's path, and its receiver across a line break ("r\n.take").
                let mut callee = Vec::new();
                let mut start = at;
                loop {
                    let end = start;
                    while start > 0
                        && (masked[start - 1].is_ascii_alphanumeric()
                            || matches!(masked[start - 1], b'_' | b':' | b'!' | b'.'))
                    {
                        start -= 1;
                    }
                    callee.splice(0..0, masked[start..end].iter().copied());
                    if callee.first() != Some(&b'.') {
                        break;
                    }
                    while start > 0 && masked[start - 1].is_ascii_whitespace() {
                        start -= 1;
                    }
                    if start == 0 || !masked[start - 1].is_ascii_alphanumeric() {
                        break;
                    }
                }
                return Some(String::from_utf8_lossy(&callee).into_owned());
            }
            b'[' => return None,
            b';' | b'{' | b'}' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// Whether `callee` takes a message: a macro, `.expect`, or an error's constructor.
fn message_call(callee: &str) -> bool {
    let last = callee.rsplit(['.', ':']).next().unwrap_or("");
    callee.ends_with('!')
        || last == "expect"
        || callee
            .split("::")
            .any(|seg| seg.trim_start_matches('.').ends_with("Error"))
}

/// `src` with the contents of its string literals blanked, so that parentheses inside
/// them do not count.
fn masked(src: &str) -> Vec<u8> {
    let mut out = src.as_bytes().to_vec();
    for lit in literals(src) {
        out[lit.offset..lit.offset + lit.text.len()].fill(b' ');
    }
    out
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

/// Whether the literal at `offset` is a message by the call that encloses it, across lines.
fn message_by_call(rel: &str, masked: &[u8], offset: usize) -> bool {
    // The literal's opening quote (and any `b`/`r#` before it) is not part of `offset`.
    let Some(callee) = enclosing_call(masked, offset.saturating_sub(1)) else {
        return false;
    };
    message_call(&callee)
        || rel == "src/geoparse/tables.rs" && TABLES_READER_CALLS.contains(&callee.as_str())
}

/// (file, line, literal) of every English literal in `dir` (relative to the crate).
fn offenders(dir: &str) -> Vec<(String, usize, String)> {
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join(dir), &mut files);
    files.sort();
    // `#[cfg(test)] mod testkit;` is declared in src/claims/extract/mod.rs.
    let test_files = test_only_files(&files);
    let mut out = Vec::new();
    for f in files.iter().filter(|f| !test_files.contains(*f)) {
        let rel = f.strip_prefix(ROOT).unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(f).unwrap();
        let masked = masked(&src);
        for lit in literals(&src) {
            let known = KNOWN_OFFENDERS.contains(&(rel.as_str(), lit.text.as_str()))
                || GEOPARSE_CONTRACT_NAMES
                    .iter()
                    .any(|(file, name, _)| *file == rel && *name == lit.text);
            if has_word(&lit.text)
                && !allowed(&src, lit.offset, &lit.text)
                && !message_by_call(&rel, &masked, lit.offset)
                && !known
            {
                out.push((rel.clone(), lit.line, lit.text));
            }
        }
    }
    out
}

fn report(found: &[(String, usize, String)]) -> String {
    found
        .iter()
        .map(|(f, l, t)| format!("  {f}:{l}: {t:?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_english_word_in_a_string_literal_of_the_claims_grammar() {
    let found = offenders("src/claims");
    assert!(
        found.is_empty(),
        "English in src/claims/ (move it to geodata/lang/en.toml, see ARCHITECTURE.md):\n{}",
        report(&found)
    );
}

#[test]
fn no_english_word_in_a_string_literal_of_the_geoparser() {
    let found = offenders("src/geoparse");
    assert!(
        found.is_empty(),
        "English in src/geoparse/ (move it to geodata/lang/en-geoparse.toml or \
         en-transliteration.toml, see ARCHITECTURE.md):\n{}",
        report(&found)
    );
    // Every contract name still occurs: the list only shrinks.
    for (file, name, _) in GEOPARSE_CONTRACT_NAMES {
        let src = std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap();
        assert!(
            literals(&src).iter().any(|l| l.text == *name),
            "{file} no longer holds {name:?}: remove it from GEOPARSE_CONTRACT_NAMES"
        );
    }
}

#[test]
fn a_message_may_span_lines_and_a_word_in_an_ordinary_call_may_not() {
    let src = r##"
        fn f() -> Result<(), E> {
            tracing::warn!(
                "prepared tables do not match; building them"
            );
            let x = v.first().expect("one polygon");
            return Err(RulesError("an empty spelling".into()));
            let n = r.u32("place count")?;
            let b = r
                .take(n, "pattern lengths")?;
            if w.is(
                "the",
            ) {}
            g(h("north"), "eastern");
            TablesError::Malformed("trailing bytes", 0)
        }
    "##;
    let masked = masked(src);
    let flagged: Vec<String> = literals(src)
        .into_iter()
        .filter(|l| {
            has_word(&l.text)
                && !allowed(src, l.offset, &l.text)
                && !message_by_call("src/geoparse/other.rs", &masked, l.offset)
        })
        .map(|l| l.text)
        .collect();
    assert_eq!(
        flagged,
        ["place count", "pattern lengths", "the", "north", "eastern"]
    );
    assert_eq!(
        enclosing_call(&masked, src.find("pattern lengths").unwrap() - 1).as_deref(),
        Some("r.take")
    );
    assert!(message_by_call(
        "src/geoparse/tables.rs",
        &masked,
        src.find("place count").unwrap()
    ));
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
