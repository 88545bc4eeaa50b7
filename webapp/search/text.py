"""Text normalisation for search, shared by the server and the phone.

The phone runs the same steps in ``static/js/search.js``, with the tables from
here (``ranking.phone_rules``, embedded in the search page), so results do not
depend on whether the resident is online; a browser test checks that both
fold, split and rank text alike. Residents type whole questions ("how do I get
a frikort?"), with or without diacritics, and Arabic-script text comes with
several spellings of the same letter; all of that is folded away here.
"""
from __future__ import annotations

import re
import unicodedata

# Arabic-script letters that are spelled several ways, folded to one form
# (Arabic and Persian keyboards give different yeh and kaf for the same word).
ARABIC_SCRIPT_FOLDS = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ی", "ي": "ی", "ئ": "ی", "ې": "ی", "ۍ": "ی", "ێ": "ی",
        "ك": "ک", "ګ": "گ",
        "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",
        "ؤ": "و", "ۆ": "و",
        # Sorani letters that Arabic and Persian keyboards do not have.
        "ڵ": "ل", "ڕ": "ر",
        "ـ": None,  # tatweel (stretching)
    }
)
LATIN_FOLDS = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "ı": "i", "’": "'"})
# A word is letters and digits; anything else splits, also the zero-width
# non-joiner inside Persian words ("کارت‌ها" is "کارت" + "ها", as when typed
# with a space).
TOKEN = re.compile(r"[^\W_]+")

# Question words and other words that say nothing about what is asked, per
# language. English and Norwegian ones are ignored in every language: residents
# type questions in them from any app ("How do I get a frikort?" in Tigrinya).
STOP_WORDS: dict[str, str] = {
    "en": "a about am an and any are at be can could do does find for from get getting got have has how i if in is "
          "it me my need of on or our please should the there this to us want was we what when where which who "
          "why will with would you your",
    "nb": "en et ei og eller i pa på til for fra av med hva hvor hvordan hvilken hvilke nar når hvem jeg meg min "
          "mitt mine du deg din er kan skal vil det den de som a å ikke har far får fa få finne finner trenger må "
          "ma om vi oss seg sin",
    "ar": "كيف ماذا ما هل من في على الى إلى عن انا أنا لي اين أين وين فين متى امتى ليش لماذا شو ايش كم و او أو "
          "هو هي يمكن ممكن يمكنني اقدر أقدر استطيع اريد أريد بدي ابغى عايز عاوز عندي عند هذا هذه التي الذي مع "
          "احصل أحصل نحصل يحصل تحصل الاقي ألاقي لاقي اجد أجد القى ألقى اعمل أعمل شي شيء لو اذا إذا",
    "fa": "چگونه چطور چطوری چه چی ایا آیا از در به با برای من را که و یا کجا کی کی چرا است هست می نمی این ان آن "
          "باید ها های هایی کنم بکنم کنیم شود میشه میتوانم توانم بگیرم گرفتن پیدا چقدر چند خواهم میخواهم",
    "prs": "چگونه چطور چطوری چه چی ایا آیا از در به با برای من مه را که و یا کجا کی چرا است هست می نمی این ان آن "
           "باید ها های هایی کنم بکنم کنیم شود میشه میتوانم توانم بگیرم گرفتن پیدا چقدر چند خواهم میخواهم",
    "ps": "څنګه څه چیرته کله ولې زه ما زما د په له ته او یا ده دی دي کې کی سره لپاره څومره",
    "ckb": "چۆن چی چ کوێ کەی بۆچی من بۆ لە بە و یان ئایا دەتوانم دەبێت چەند کە ئەم ئەو",
    "kmr": "çawa çi li ku kengê çima ez min ji bo di de û an ka kîjan çend",
    "uk": "як що де коли чи я мені мене мій моя моє мої в у на з із зі до для і й та а але це цей ця можна треба "
          "потрібно ми нам вас вам ви він вона його її їх не який яка яке які куди чому хто скільки отримати "
          "отримую отримаю знайти знайду мати",
    "ru": "как что где когда ли я мне меня мой моя моё мое мои в у на с со из до для и или а но это этот эта можно "
          "нужно надо мы нам вас вам вы он она его её ее их не какой какая какое какие куда почему кто сколько "
          "получить получаю найти найду",
    "so": "sidee sida maxaan maxay maxaa waa ma iyo ku ka u la aan miyaan miyay xagee halkee goorma waxaan "
          "waxaad waan ayaan baan hayaa helaa helayaa heli imisa",
    "ti": "ከመይ እንታይ ኣበይ መዓስ ኣብ ናብ ካብ እዩ እየ ድዩ ድየ ምስ ን ክ ኣነ ንዓይ ክረክብ ይረክብ እረክብ ክረኽብ ይረኽብ እኽእል ይኽእል ክንደይ",
    "am": "እንዴት ምን የት መቼ እኔ ለእኔ ነው ውስጥ ላይ ከ ወደ እና ወይም ይቻላል እችላለሁ ማግኘት አገኛለሁ ስንት",
    "tr": "nasıl ne nerede nereye neden ne zaman ben bana benim ve veya ile için bir bu mi mı mu mü kaç giderim "
          "gidebilirim bulurum alırım alabilirim "
          "nasil",
    "es": "cómo como qué que dónde donde cuándo cuando yo me mi el la los las un una y o de del en para con es "
          "puedo",
    "fr": "comment quoi que où quand je me mon ma mes le la les un une et ou de du des en pour avec est puis",
}


def fold(text: str) -> str:
    """Lower case, no diacritics or vowel marks, one spelling per letter."""
    text = text.lower().translate(LATIN_FOLDS).translate(ARABIC_SCRIPT_FOLDS)
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def stop_words(lang: str) -> set[str]:
    words = " ".join([STOP_WORDS.get(lang, ""), STOP_WORDS["en"], STOP_WORDS["nb"]])
    return {fold(word) for word in words.split()}


def tokens(text: str) -> list[str]:
    """The words of ``text``, folded (no stemming: see morphology)."""
    return TOKEN.findall(fold(text))
