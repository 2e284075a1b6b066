#!/usr/bin/env python3
"""Writes geodata/lang/en-given-names.txt: common given names for telling people from places.

The recogniser takes a capitalised name right after a given name for a person's name
("Tom Soule", "Adam Kantor"), not a village whose transliteration skeleton it shares, and
remembers the surname for the rest of the text ("Soule said"). The hand-written
`first_names` of `en-geoparse.toml` cover the region's names and the officials of its
reporting; this file adds the given names of the English-speaking world, which general
news (and foreign correspondents, aid workers, analysts in conflict reporting) is full of.

Source: the 1990 US Census name frequency files (male and female first names, 5,494
names; a US government work in the public domain) as shipped by the PyPI package `names`
(Trey Hunner, MIT), pinned below. Left out, since they would make a place a person's name:
  * names that are also ordinary English words in lower case ("grant", "will", "rose",
    "may", "august"), per the lower-case entries of the Debian `wamerican` word list;
  * names that are a one-word name of a place in any region pack ("Jordan", "Paris"), or a
    demonym or country spelling of `en-geoparse.toml` ("German");
  * names that are a word of three or more place names in the packs ("al", "david",
    "hassan": name parts, which `first_names` lists by hand where they are given names);
  * names shorter than three letters.

Usage: pip install names==0.3.0 && apt-get install wamerican && scripts/build_given_names.py
"""

import collections
import glob
import json
import os
import re
import sys
import tomllib

import names

VERSION = "0.3.0"
DICTIONARY = "/usr/share/dict/american-english"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "geodata", "lang", "en-given-names.txt")
MIN_LETTERS = 3
MAX_PLACE_WORD_USES = 2


def census_names():
    folder = os.path.dirname(names.__file__)
    found = set()
    for part in ("dist.male.first", "dist.female.first"):
        with open(os.path.join(folder, part), encoding="ascii") as f:
            for line in f:
                if line.strip():
                    found.add(line.split()[0].lower())
    return found


def place_words():
    """One-word place names, and how many place names each word is part of, over every pack."""
    single, uses = set(), collections.Counter()
    for path in glob.glob(os.path.join(ROOT, "geodata", "*", "places.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                place = json.loads(line)
                for name in {place["name"], *place.get("aliases", [])}:
                    words = [w.lower() for w in re.findall(r"[A-Za-z]+", name)]
                    if len(words) == 1:
                        single.add(words[0])
                    uses.update(set(words))
    return single, uses


def language_place_words():
    """Demonyms and country spellings of the English geoparse file, lower case."""
    with open(os.path.join(ROOT, "geodata", "lang", "en-geoparse.toml"), "rb") as f:
        lang = tomllib.load(f)
    return {spelling.lower() for spelling, _ in lang["demonyms"] + lang["country_aliases"]}


def main():
    installed = getattr(names, "__version__", None)
    if installed and installed != VERSION:
        print(f"build_given_names: names {installed} installed, {VERSION} pinned",
              file=sys.stderr)
    if not os.path.exists(DICTIONARY):
        sys.exit(f"build_given_names: {DICTIONARY} not found (apt-get install wamerican)")
    with open(DICTIONARY, encoding="utf-8") as f:
        english = {w.strip() for w in f if w.strip().islower()}
    single, uses = place_words()
    single |= language_place_words()
    kept = sorted(n for n in census_names()
                  if len(n) >= MIN_LETTERS and n.isalpha() and n not in english
                  and n not in single and uses[n] <= MAX_PLACE_WORD_USES)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# Common given names, one a line, lower case: a capitalised name right after one\n"
                "# is a person's (src/geoparse/roles.rs). Written by scripts/build_given_names.py\n"
                f"# from the 1990 US Census first-name files (public domain) in the PyPI package\n"
                f"# names {VERSION}, without English words, one-word place names and place-name\n"
                "# parts of the region packs.\n")
        for n in kept:
            f.write(n + "\n")
    print(f"wrote {len(kept)} names to {OUT}")


if __name__ == "__main__":
    main()
