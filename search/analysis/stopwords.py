"""Stopword lists for the Arabic and English chains.

The Arabic list holds function words only: particles, prepositions, pronouns, demonstratives,
relative pronouns and a few auxiliary verbs. Content words that some published lists drop
(العامة "general", أمس "yesterday", اليوم "today", عام "year") are kept on purpose: in news they
name bodies ("النيابة العامة") and dates that a journalist searches for. وإلى is not listed: once
normalised it is spelt والي, "governor"; the stemmer tells the two apart (a listed noun).

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
وفي ومن وعلى وعن ومع وهو وهي وهم ولا ولم ولن وما وقد وكان وكانت وأن وان وإن وهذا وهذه وذلك
فقد فإن فان فهو فهي فلا فما
ثمة
يا أما اما إما هل كيف أين متى لماذا كم ماهو ماهي
هذي ذا ذي تلك ذلكم عدة أيضاً حين حيثما لدي لديه لديها لديهم عليهما إليهم منهما بهما
أنّ إنّ لأنّ كأنّ مما فيما عما بما كما لما ممن عمن
"""

# The common English function-word list (NLTK's, also Whoosh's "en" list): questions and headlines
# are full of "what", "did", "how"; keeping them costs ranking quality (measured on XQuAD).
ENGLISH_STOPWORDS_RAW = """
a about above after again against all am an and any are as at be because been before being below between
both but by can did do does doing don down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
not now of off on once only or other our ours ourselves out over own s same she should so some such t
than that the their theirs them themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with you your yours yourself yourselves
"""


def _words(raw: str) -> frozenset[str]:
    return frozenset(raw.split())


# Raw (unnormalised) lists; the chain normalises them once with the same filters it applies to text.
ARABIC_STOPWORDS = _words(ARABIC_STOPWORDS_RAW)
ENGLISH_STOPWORDS = _words(ENGLISH_STOPWORDS_RAW)
