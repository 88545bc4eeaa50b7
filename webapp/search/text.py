"""Text normalisation for search, shared by the server and the phone.

The phone runs the same steps in ``static/js/search.js``, with the tables from
here (``ranking.phone_rules``, embedded in the search page), so results do not
depend on whether the resident is online; a browser test checks that both
fold and split text alike. Residents type whole questions ("how do I get a
frikort?"), with or without diacritics, and Arabic-script text comes with
several spellings of the same letter; all of that is folded away here.
"""
from __future__ import annotations

import re
import unicodedata

# Arabic-script letters that are spelled several ways, folded to one form.
ARABIC_SCRIPT_FOLDS = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ی", "ي": "ی", "ئ": "ی",
        "ك": "ک",
        "ة": "ه", "ۀ": "ه",
        "ؤ": "و",
        "ـ": None,  # tatweel (stretching)
    }
)
LATIN_FOLDS = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "ı": "i", "’": "'"})
TOKEN = re.compile(r"[^\W_]+")

STOP_WORDS: dict[str, set[str]] = {
    "en": set("a an and are at be can do does for from get how i if in is it me my of on or "
              "the to what when where which who why will with you your".split()),
    "nb": set("en et ei og eller i pa på til for fra av med hva hvor hvordan nar når hvem "
              "jeg meg min mitt mine du deg din er kan skal vil det den de som a å ikke har "
              "far får".split()),
    "ar": set("كيف ماذا ما هل من في على الى إلى عن انا أنا لي اين أين متى و او أو هو هي "
              "يمكن اريد أريد عندي هذا هذه التي الذي مع".split()),
    "fa": set("چگونه چطور چه ایا آیا از در به با برای من را که و یا کجا کی است هست می "
              "این ان آن باید".split()),
    "prs": set("چگونه چطور چی چه ایا آیا از در به با برای من را که و یا کجا کی است هست می "
               "این ان آن باید".split()),
    "uk": set("як що де коли я мені мене в у на з і та чи можна мій моя це для до".split()),
    "ru": set("как что где когда я мне меня в у на с и или можно мой моя это для до".split()),
    "so": set("sidee maxaan maxay waa ma iyo ku ka u la aan miyaan miyay xagee goorma "
              "waxaan".split()),
    "ti": set("ከመይ እንታይ ኣብ ናብ ካብ እዩ እየ ድዩ ድየ ምስ ን ክ".split()),
    "tr": set("nasıl ne nerede ne zaman ben bana benim ve veya ile için bir bu mi mı mu mü".split()),
    "es": set("cómo como qué que dónde donde cuándo cuando yo me mi el la los las un una y o "
              "de del en para con es puedo".split()),
    "fr": set("comment quoi que où quand je me mon ma mes le la les un une et ou de du des "
              "en pour avec est puis".split()),
}


def fold(text: str) -> str:
    """Lower case, no diacritics or vowel marks, one spelling per letter."""
    text = text.lower().translate(LATIN_FOLDS).translate(ARABIC_SCRIPT_FOLDS)
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def stop_words(lang: str) -> set[str]:
    return {fold(word) for word in STOP_WORDS.get(lang, set())}


def tokens(text: str) -> list[str]:
    words = TOKEN.findall(fold(text))
    # The Arabic article is written onto the word: "الطبيب" is "طبیب".
    return [w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words]


def query_terms(query: str, lang: str) -> list[str]:
    ignored = stop_words(lang)
    terms = [t for t in tokens(query) if t not in ignored]
    return list(dict.fromkeys(terms))  # unique, in order
