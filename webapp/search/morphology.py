"""Light stemming: the same word in the forms residents type and pages use.

"الطبيبة" and "طبيب", "вагітна" and "вагітність", "dhakhtarka" and
"dhakhtar", "doktorlara" and "doktor" become one word by taking off a
prefix (Arabic article and conjunctions, Persian verb prefixes, Ethiopic
prepositions) and common endings (plurals, cases, articles, possessives).

The rules are data (affix lists per language), so the phone runs them with
a ten-line function in static/js/search.js and gets them with the search
page (``ranking.phone_rules``). They are deliberately light: both the pages
and the query go through the same rules, so a stem only has to be the same
for the forms of one word, not a correct dictionary form. Over-stemming
joins different words; each affix needs a stem of at least ``min`` letters.
"""
from __future__ import annotations

from dataclasses import dataclass

from webapp.search.text import fold


@dataclass(frozen=True)
class Affixes:
    prefixes: tuple[tuple[str, int], ...]  # (prefix, shortest stem it may leave), longest first
    suffixes: tuple[tuple[str, int], ...]
    rounds: int = 1  # how many endings may come off one after the other (Turkish stacks them)


# (affixes, shortest stem they may leave): each group is one line of rules.
RULES: dict[str, dict] = {
    "ar": {
        # The article and the conjunctions/prepositions written onto the word.
        "prefixes": [("وال فال بال كال لل ال", 3), ("و ف ب ل ك", 4)],
        # Sound plurals, duals, feminine ending, possessive pronouns, nisba.
        "suffixes": [("ات ون ين ان ها هم هن كم كن نا تي يه ية ه ة ي ك", 3)],
    },
    "fa": {
        "prefixes": [("نمی می", 3)],
        "suffixes": [("هایی های ها ان ات ام اش مان تان شان ی", 3)],
    },
    "prs": {
        "prefixes": [("نمی می", 3)],
        "suffixes": [("هایی های ها ان ات ام اش مان تان شان ی", 3)],
    },
    "ps": {
        "suffixes": [("ګانې ګانو ګان ونو ونه انو ان ې ه و", 3)],
    },
    "ckb": {
        # Definite, plural and indefinite endings: "پزیشکەکان" is "پزیشک".
        "suffixes": [("یەکان ەکان یەکە ەکە یەک ەک کان کە ان ی ە", 3)],
    },
    "kmr": {
        "suffixes": [("yên ên an ê a î ek", 3)],
    },
    "uk": {
        # Case and number endings of nouns and adjectives, infinitives.
        "suffixes": [("ість ості істю ами ями ові еві ого ому ими іми ій ий ої ою ею ах ях ів їв ам ям ом ем "
                      "ти ть а я о е і и у ю ь й ї є", 3)],
    },
    "ru": {
        "suffixes": [("ость ости остью ами ями ого его ому ему ыми ими ой ей ый ий ая яя ое ее ые ие ах ях ов ев "
                      "ам ям ом ем ть ти а я о е ы и у ю ь й", 3)],
    },
    "so": {
        # Definite articles, possessives and plural endings: "dhakhtarka" is "dhakhtar".
        "suffixes": [("kaaga kayga taada tayda kooda kiisa yada ooyin yaal kii tii ka ta ga da ha sa a", 4)],
    },
    "ti": {
        # Prepositions written onto the word (ብ, ን, ካብ ...), plural and "and" endings.
        "prefixes": [("ካብ ናብ ኣብ ምስ ብ ን", 2)],
        "suffixes": [("ታት ትን ውን ን", 2)],
    },
    "am": {
        "prefixes": [("እንደ የ በ ለ ከ", 2)],
        # Plural, definite, object and "and" endings, stacked: "ትኬቶችንና" is "ትኬቶ".
        "suffixes": [("ዎች ኦች ዎቹ ች ው ዋ ን ና", 2)],
        "rounds": 3,
    },
    "tr": {
        # Plural, possessive and case endings, up to two stacked: "doktorlara" is "doktor".
        "suffixes": [("ları leri lar ler ımız imiz ınız iniz dan den tan ten nın nin nun nün ım im um üm ın in "
                      "da de ta te ya ye yı yi sı si ı i u ü a e", 3)],
        "rounds": 2,
    },
    "nb": {"suffixes": [("ene ane ende er en et ar a e", 4)]},
    "en": {"suffixes": [("ies ing ed es s y e", 4)]},
    "es": {"suffixes": [("es s a o e", 4)]},
    "fr": {"suffixes": [("es s e x", 4)]},
}


def _affix_list(groups: list[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    pairs = {(fold(affix), shortest) for words, shortest in groups for affix in words.split()}
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])))


def affixes(lang: str) -> Affixes:
    rules = RULES.get(lang, {})
    return Affixes(_affix_list(rules.get("prefixes", [])), _affix_list(rules.get("suffixes", [])),
                   rules.get("rounds", 1))


def _strip_prefix(word: str, prefixes) -> str:
    for prefix, shortest in prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= shortest:
            return word[len(prefix):]
    return word


def _strip_suffix(word: str, suffixes) -> str:
    for suffix, shortest in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            return word[: len(word) - len(suffix)]
    return word


def stem(word: str, rules: Affixes) -> str:
    """``word`` (folded) without one prefix and up to ``rules.rounds`` endings."""
    word = _strip_prefix(word, rules.prefixes)
    for _ in range(rules.rounds):
        shorter = _strip_suffix(word, rules.suffixes)
        if shorter == word:
            break
        word = shorter
    return word
