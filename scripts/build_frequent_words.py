#!/usr/bin/env python3
"""Writes geodata/lang/en-frequent-words.txt: the most frequent words of English.

The geoparser compares names in a transliteration skeleton (vowels folded, doubled
letters once), so an English word can share the skeleton of a village ("Jones" and
"Junas", "House" and "Hisyah"). A single capitalised word on this list is a place only
when it is spelt exactly as one of the place's names (src/geoparse/mod.rs).

The words come from wordfreq (Robyn Speer et al., https://github.com/rspeer/wordfreq;
code Apache-2.0, word lists CC BY-SA 4.0), the PyPI package pinned below: the top
30,000 English words, kept when they are ASCII letters only and four letters or
longer (shorter skeletons already need the exact spelling).

Usage: pip install wordfreq==3.1.1 && scripts/build_frequent_words.py
"""

import os
import sys

import wordfreq

TOP = 30_000
MIN_LETTERS = 4
VERSION = "3.1.1"
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                   "geodata", "lang", "en-frequent-words.txt")


def main():
    installed = getattr(wordfreq, "__version__", None)
    if installed and installed != VERSION:
        print(f"build_frequent_words: wordfreq {installed} installed, {VERSION} pinned; "
              f"the list may differ (pip install wordfreq=={VERSION})", file=sys.stderr)
    words = sorted({w for w in wordfreq.top_n_list("en", TOP)
                    if w.isascii() and w.isalpha() and len(w) >= MIN_LETTERS})
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# The most frequent words of English, one a line, lower case: a single\n"
                "# capitalised word listed here is a place only when spelt exactly as one of\n"
                "# its names (src/geoparse/mod.rs). Written by scripts/build_frequent_words.py\n"
                f"# from wordfreq {VERSION} (top {TOP:,} words, ASCII letters, {MIN_LETTERS}+ "
                "letters).\n"
                "# Source: wordfreq, Robyn Speer et al., https://github.com/rspeer/wordfreq —\n"
                "# word lists licensed CC BY-SA 4.0.\n")
        for w in words:
            f.write(w + "\n")
    print(f"wrote {len(words)} words to {OUT}")


if __name__ == "__main__":
    main()
