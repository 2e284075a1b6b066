#!/usr/bin/env python3
"""Writes geodata/lang/<lang>-frequent-words.txt: the most frequent words of a language.

English (`en-frequent-words.txt`): the geoparser compares names in a transliteration
skeleton (vowels folded, doubled letters once), so an English word can share the skeleton
of a village ("Jones" and "Junas", "House" and "Hisyah"). A single capitalised word on
this list is a place only when spelt exactly as one of the place's names
(src/geoparse/mod.rs). The top 30,000 words, kept when they are ASCII letters only and
four letters or longer (shorter skeletons already need the exact spelling).

Arabic (`ar-frequent-words.txt`): Arabic has no capitals, so every word is a candidate,
and frequent words are names of small villages ("الحربية", military, is the village
Harbiya; "خريطة", map, is Kharita). A single word on this list is a small place only when
a kind noun names it one ("قرية الحربية"); known places (cities, towns of note) pass. The
top 10,000 words, Arabic letters only, each also without a leading article (with its
conjunction or preposition: "ال", "وال", "بال" …), since a hit starts after the article.

The words come from wordfreq (Robyn Speer et al., https://github.com/rspeer/wordfreq;
code Apache-2.0, word lists CC BY-SA 4.0), the PyPI package pinned below.

Usage: pip install wordfreq==3.1.1 && scripts/build_frequent_words.py [en|ar ...]
(both languages when none is given)
"""

import os
import re
import sys

import wordfreq

VERSION = "3.1.1"
LANG_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        "geodata", "lang")
ARABIC_WORD = re.compile(r"^[\u0621-\u064A]+$")
ARABIC_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")


def english():
    top, min_letters = 30_000, 4
    words = {w for w in wordfreq.top_n_list("en", top)
             if w.isascii() and w.isalpha() and len(w) >= min_letters}
    note = (f"# The most frequent words of English, one a line, lower case: a single\n"
            f"# capitalised word listed here is a place only when spelt exactly as one of\n"
            f"# its names (src/geoparse/mod.rs). Written by scripts/build_frequent_words.py\n"
            f"# from wordfreq {VERSION} (top {top:,} words, ASCII letters, {min_letters}+ "
            f"letters).\n")
    return words, note


def arabic():
    top = 10_000
    words = set()
    for w in wordfreq.top_n_list("ar", top):
        if not ARABIC_WORD.match(w):
            continue
        words.add(w)
        for article in ARABIC_ARTICLES:
            if w.startswith(article) and len(w) - len(article) >= 3:
                words.add(w[len(article):])
                break
    note = (f"# The most frequent words of Arabic, one a line, also without a leading article:\n"
            f"# a single word listed here is a small place only when a kind noun names it one\n"
            f"# (src/geoparse/mod.rs). Written by scripts/build_frequent_words.py from\n"
            f"# wordfreq {VERSION} (top {top:,} words, Arabic letters only).\n")
    return words, note


def main():
    installed = getattr(wordfreq, "__version__", None)
    if installed and installed != VERSION:
        print(f"build_frequent_words: wordfreq {installed} installed, {VERSION} pinned; "
              f"the list may differ (pip install wordfreq=={VERSION})", file=sys.stderr)
    langs = sys.argv[1:] or ["en", "ar"]
    for lang in langs:
        build = {"en": english, "ar": arabic}.get(lang)
        if build is None:
            sys.exit(f"build_frequent_words: unknown language {lang!r} (en or ar)")
        words, note = build()
        out = os.path.join(LANG_DIR, f"{lang}-frequent-words.txt")
        with open(out, "w", encoding="utf-8") as f:
            f.write(note)
            f.write("# Source: wordfreq, Robyn Speer et al., https://github.com/rspeer/wordfreq —\n"
                    "# word lists licensed CC BY-SA 4.0.\n")
            for w in sorted(words):
                f.write(w + "\n")
        print(f"wrote {len(words)} words to {out}")


if __name__ == "__main__":
    main()
