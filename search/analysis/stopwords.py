"""Stopword lists for the Arabic and English chains.

The Arabic list holds function words only: particles, prepositions, pronouns, demonstratives,
relative pronouns and a few auxiliary verbs. Content words that some published lists drop
(العامة "general", أمس "yesterday", اليوم "today", عام "year") are kept on purpose: in news they
name bodies ("النيابة العامة") and dates that a journalist searches for.

    >>> "في" in ARABIC_STOPWORDS
    True
"""

from __future__ import annotations

ARABIC_STOPWORDS_RAW = """
في من إلى الى على عن مع لدى حتى منذ مذ خلال عند بين بعد قبل فوق تحت ضد نحو حول دون عبر
و أو او ثم أم بل لكن لكنه لكنها لكن إلا الا غير سوى
أن إن ان أنه إنه انه أنها إنها انها أنهم إنهم انهم كأن لأن لان لأنه
لا لم لن ما ماذا لما ليس ليست قد لقد سوف كل بعض أي أية أيضا ايضا كما كذلك
هو هي هم هن هما أنا انا نحن أنت انت أنتم انتم
هذا هذه هذان هاتان هؤلاء ذلك تلك أولئك هنا هناك هنالك
الذي التي اللذان اللتان الذين اللاتي اللواتي
كان كانت كانوا يكون تكون يكونون
إذ اذ إذا اذا لو لولا كي لكي حيث بينما عندما كلما
به بها بهم له لها لهم منه منها منهم فيه فيها فيهم عليه عليها عليهم عنه عنها إليه اليه إليها اليها
وفي ومن وإلى والى وعلى وعن ومع وهو وهي وهم ولا ولم ولن وما وقد وكان وكانت وأن وان وإن وهذا وهذه وذلك
فقد فإن فان فهو فهي فلا فما
ثمة
يا أما اما إما هل كيف أين متى
"""

ENGLISH_STOPWORDS_RAW = """
a an and are as at be but by for if in into is it no not of on or such that the their then there these
they this to was will with
"""


def _words(raw: str) -> frozenset[str]:
    return frozenset(raw.split())


# Raw (unnormalised) lists; the chain normalises them once with the same filters it applies to text.
ARABIC_STOPWORDS = _words(ARABIC_STOPWORDS_RAW)
ENGLISH_STOPWORDS = _words(ENGLISH_STOPWORDS_RAW)
