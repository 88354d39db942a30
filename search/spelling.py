"""A query word the archive never uses (a misspelling: اظطراب for اضطراب, قاءد for قائد) is looked
for, at a low weight, under the archive's words one letter away.

    >>> neighbours("اظطراب", {"اضطراب": 12, "اضطرابات": 3})
    ('اضطراب',)

Only a word of at least `MIN_LETTERS` letters that no title or body holds is corrected, so a word
the archive knows is never touched and the cost is paid only by the rare unknown word. Its
neighbours are the index terms one edit away (a letter replaced, added, dropped, or two neighbours
swapped), the `MAX_NEIGHBOURS` most frequent; they stand in for the word as one term of the coarse
query (coarse.py), weighted `SPELLING_WEIGHT`. `SPELLING_WEIGHT = 0` switches it off.
"""

from __future__ import annotations

SPELLING_WEIGHT = 0.5
MIN_LETTERS = 4  # a shorter word has too many neighbours to pick from
MAX_NEIGHBOURS = 5

# The Arabic letters of normalised text (أ إ آ → ا, ى → ي, ة → ه already), hamza seats kept.
ARABIC_LETTERS = "ءؤئابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _edits(word: str) -> set[str]:
    """Every string one edit from the word: a letter replaced, inserted or deleted, or two swapped."""
    out: set[str] = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        for letter in ARABIC_LETTERS:
            out.add(head + letter + tail)
            if tail:
                out.add(head + letter + tail[1:])
        if tail:
            out.add(head + tail[1:])
        if len(tail) > 1:
            out.add(head + tail[1] + tail[0] + tail[2:])
    out.discard(word)
    return out


def neighbours(word: str, df: dict[str, int]) -> tuple[str, ...]:
    """The archive's terms one edit from a word it lacks, most frequent first (() if it has it)."""
    if word in df or len(word) < MIN_LETTERS:
        return ()
    found = [term for term in _edits(word) if term in df]
    return tuple(sorted(found, key=lambda t: (-df[t], t))[:MAX_NEIGHBOURS])
