//! The name tables prepared at build time (`build.rs`) against the tables built from the
//! pack's files at load time: equal for every bundled pack, and a geoparser over either
//! finds the same mentions. Damaged bytes are an error, never a panic.

use frontline::gazetteer::{bundled_names, Gazetteer, PlaceKind};
use frontline::geoparse::lexicon::Lexicon;
use frontline::geoparse::tables::{self, LangNames, NameSource, NameTrie, Tables};
use frontline::geoparse::Geoparser;
use std::path::Path;
use std::sync::Arc;

#[test]
fn prepared_tables_equal_the_tables_built_from_the_pack() {
    for name in bundled_names() {
        let g = Gazetteer::bundled_named(name)
            .expect("bundled")
            .expect("loads");
        let bytes = g
            .prepared_names()
            .expect("a bundled pack has prepared tables");
        let prepared = Tables::from_bytes(bytes).expect("prepared tables read back");
        let built = Lexicon::tables_of(&g);
        assert_eq!(prepared.place_count as usize, g.len(), "{name}");
        assert!(built.pattern_count() > 1000, "{name}");
        assert!(
            prepared == built,
            "{name}: prepared tables differ from built ones"
        );
        assert_eq!(Tables::from_bytes(&built.to_bytes()).ok(), Some(built));
    }
}

#[test]
fn a_pack_folder_has_no_prepared_tables_and_parses_like_the_bundled_pack() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata/syria");
    let folder = Arc::new(Gazetteer::load_dir(&dir).expect("folder loads"));
    assert!(folder.prepared_names().is_none());
    let bundled = Arc::new(Gazetteer::bundled().expect("bundled loads"));
    let (a, b) = (Geoparser::new(folder), Geoparser::new(bundled));
    let text = "Shelling hit al-Bab and Tell Abyad on Monday, while fighters in \
                eastern Aleppo withdrew towards Deir ez-Zor. Turkish forces crossed \
                the border with Turkey near Jarablus.";
    let spans = |gp: &Geoparser| -> Vec<(usize, usize, u32)> {
        gp.parse(text)
            .iter()
            .map(|m| (m.start, m.end, m.place))
            .collect()
    };
    let found = spans(&a);
    assert!(found.len() >= 5, "{found:?}");
    assert_eq!(found, spans(&b));
}

fn small_tables() -> Tables {
    let names = |n: &'static [&'static str], kind, importance| NameSource {
        names: n.to_vec(),
        kind,
        country: "SY",
        importance,
    };
    let places = [
        names(&["Syria"], PlaceKind::Country, 1.0),
        names(&["Hama", "Hamah"], PlaceKind::City, 0.8),
        names(&["Hamadiyah"], PlaceKind::Village, 0.1),
        names(&["Tall Abyad", "Tell Abiad"], PlaceKind::Town, 0.5),
        names(&["Hama Governorate"], PlaceKind::Governorate, 0.7),
    ];
    let demonyms = vec![("Syrian".to_string(), "SY".to_string())];
    tables::build(
        &places,
        "SY",
        &LangNames {
            country_aliases: &[],
            demonyms: &demonyms,
        },
    )
}

#[test]
fn tables_round_trip_and_damaged_bytes_are_errors() {
    let t = small_tables();
    let bytes = t.to_bytes();
    assert_eq!(Tables::from_bytes(&bytes).ok(), Some(t.clone()));
    // Every truncation fails cleanly.
    for n in 0..bytes.len() {
        assert!(
            Tables::from_bytes(&bytes[..n]).is_err(),
            "prefix of {n} bytes"
        );
    }
    let mut extra = bytes.clone();
    extra.push(0);
    assert!(Tables::from_bytes(&extra).is_err());
    // Corrupt every byte in turn: an error or some tables, never a panic.
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0xA5;
        let _ = Tables::from_bytes(&b);
    }
    let mut wrong = bytes;
    wrong[0] = b'X';
    let err = Tables::from_bytes(&wrong).unwrap_err().to_string();
    assert!(err.contains("byte 0"), "{err}");
}

#[test]
fn the_trie_finds_the_longest_whole_word_name() {
    let patterns: Vec<String> = [
        " hama",
        " hamadiya",
        " tal abyad",
        " tal",
        " tal abyad sharki",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let trie = NameTrie::build(&patterns);
    let m = |hay: &str, st: usize| trie.longest_word_match(hay.as_bytes(), st);
    // Longest whole-word match, ids in pattern order.
    assert_eq!(m(" tal abyad x", 0), Some((10, 2)));
    assert_eq!(m(" tal abyad", 0), Some((10, 2)));
    assert_eq!(m(" tal abyad sharki| x", 0), Some((17, 4)));
    // "tal abyad shar…" ends inside a word: the shorter whole-word name stands.
    assert_eq!(m(" tal abyad sharkiya", 0), Some((10, 2)));
    assert_eq!(m(" tal abx", 0), Some((4, 3)));
    // "hama" inside "hamad": no whole-word match at all.
    assert_eq!(m(" hamad x", 0), None);
    assert_eq!(m(" hama| x", 0), Some((5, 0)));
    assert_eq!(m("x hamadiya", 1), Some((10, 1)));
    assert_eq!(m(" hom", 0), None);
}

#[test]
fn small_tables_keep_exact_spellings_and_stripped_names() {
    let t = small_tables();
    let lex = Lexicon::from_tables(t.clone());
    let trie = &lex.trie;
    let (end, id) = trie
        .longest_word_match(b" hama ", 0)
        .expect("hama is a pattern");
    assert_eq!(end, 5);
    let entries = lex.entries(id);
    // The city and the governorate (its name with "Governorate" stripped) share "hama".
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(entries.iter().any(|e| lex.is_exact(e, "hamah")));
    assert!(entries.iter().any(|e| e.stripped));
    assert!(!entries.iter().any(|e| lex.is_exact(e, "hamadiyah")));
    assert_eq!(lex.country_by_iso.get("SY"), Some(&0));
    assert_eq!(lex.folded_len(id), 4);
    assert_eq!(lex.words(id), 1);
}

#[test]
fn bundled_places_equal_the_places_read_from_the_folder() {
    for name in bundled_names() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("geodata")
            .join(name);
        let folder = Gazetteer::load_dir(&dir).expect("folder loads");
        let bundled = Gazetteer::bundled_named(name)
            .expect("bundled")
            .expect("loads");
        assert_eq!(folder.len(), bundled.len(), "{name}");
        for (a, b) in folder.places().iter().zip(bundled.places()) {
            assert_eq!(
                (&a.id, &a.name, a.kind, a.point, &a.country),
                (&b.id, &b.name, b.kind, b.point, &b.country)
            );
            assert_eq!(
                (&a.admin1, &a.admin2, a.population),
                (&b.admin1, &b.admin2, b.population)
            );
            assert_eq!(
                (a.importance, &a.aliases, &a.shape),
                (b.importance, &b.aliases, &b.shape)
            );
        }
    }
}

#[test]
fn place_records_round_trip_and_damaged_bytes_are_errors() {
    use frontline::gazetteer::record::{records_from_bytes, records_to_bytes};
    use frontline::gazetteer::PlaceRecord;
    let records = vec![
        PlaceRecord {
            id: "test:1".into(),
            name: "Qaryat al-Ṭayyibah".into(),
            kind: PlaceKind::Village,
            lon: 36.5,
            lat: 35.25,
            country: "SY".into(),
            admin1: Some("Hama".into()),
            admin2: None,
            population: 1200,
            importance: 0.125,
            aliases: vec!["Taybeh".into(), "الطيبة".into()],
        },
        PlaceRecord {
            id: "test:2".into(),
            name: "Nowhere".into(),
            kind: PlaceKind::Landmark,
            lon: -0.5,
            lat: 0.0,
            country: String::new(),
            admin1: None,
            admin2: Some("Somewhere".into()),
            population: 0,
            importance: 0.0,
            aliases: vec![],
        },
    ];
    let bytes = records_to_bytes(&records);
    assert_eq!(records_from_bytes(&bytes).ok(), Some(records));
    for n in 0..bytes.len() {
        assert!(
            records_from_bytes(&bytes[..n]).is_err(),
            "prefix of {n} bytes"
        );
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] = b[i].wrapping_add(0x81);
        let _ = records_from_bytes(&b);
    }
    // Every kind survives the byte form (`kind as u8` indexes `PlaceKind::ALL`).
    for (i, k) in PlaceKind::ALL.iter().enumerate() {
        assert_eq!(*k as usize, i, "{k}");
    }
}
