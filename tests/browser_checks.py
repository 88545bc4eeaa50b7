"""Checks run inside a page, shared by the accessibility and layout tests."""
from __future__ import annotations

import re
from pathlib import Path

from webapp.l10n.languages import LANGUAGES

LAYOUT_CHECK = (Path(__file__).parent / "layout_check.js").read_text(encoding="utf-8")

MIN_TAP = 44


def small_targets(page) -> list[str]:
    """Links, buttons and form controls a finger must hit, smaller than 44 px
    either way (links inside running text are exempt, as in WCAG 2.5.5)."""
    return page.evaluate(
        """(min) => [...document.querySelectorAll('a[href], button, input, select, textarea, summary, label.face')]
            .filter((el) => el.offsetParent !== null && !el.closest('p, li:not(.card), td, small, figcaption, .prose'))
            .filter((el) => !(el.tagName === 'INPUT' && el.closest('label')))
            .map((el) => [el, el.getBoundingClientRect()])
            .filter(([, box]) => box.width < min || box.height < min)
            .map(([el, box]) => `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}`
                                + ` "${(el.textContent || el.value || '').trim().slice(0, 30)}"`
                                + ` ${Math.round(box.width)}x${Math.round(box.height)}`)""",
        MIN_TAP,
    )


def layout_problems(page, width: int) -> list[str]:
    """What a reader at ``width`` CSS px would see cut (tests/layout_check.js)."""
    return page.evaluate(LAYOUT_CHECK, width)


# --- Latin-script words in a page of another script ---------------------------
# What may stay Latin in an Arabic, Cyrillic or Ethiopic page is listed here.
# Text shown in another language (a page not yet translated) carries that
# language's lang attribute and is not counted; nor are names marked
# translate="no" (the centre's name, a meeting's place, who reviewed a page).

LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
LATIN_SCRIPT = {"nb", "en", "tr", "so", "kmr", "es", "fr"}
OTHER_SCRIPTS = [code for code in LANGUAGES if code not in LATIN_SCRIPT]

# Names of services, organisations and places (written as they are in Norway,
# so that a resident recognises them on a sign or a letter), and of technology.
NAMES = {
    "Veiviser", "Fjordvik", "demo", "UDI", "UNE", "NAV", "IMDi", "NOAS", "Helfo", "DPS", "BUP", "BankID",
    "Helsenorge", "Mental", "Helse", "Alarmtelefonen", "Statsforvalteren", "Pasientreiser", "Pasient", "og",
    "brukerombudet", "Likestillings", "diskrimineringsombudet", "Røde", "Kors", "Politiets", "utlendingsenhet",
    "Den", "offentlige", "tannhelsetjenesten", "Folk", "møter", "folk", "QR", "SIM", "IP", "TB", "B", "D",
    "Wi-Fi", "JavaScript", "cookie",  # Ukrainian writes "файли cookie"
}
# Norwegian words the pages teach on purpose, next to their translation: what
# the doctor's office, the school or a letter will say.
NORWEGIAN_TERMS = {
    "legevakt", "legevakta", "fastlege", "frikort", "egenandel", "egenandeler", "egenandelstak", "D-nummer",
    "barnehage", "kjernetid", "kommune", "fylkeskommune", "barnevern", "språkkafé", "kontaktlærer", "skole",
    "videregående", "grunnskole", "psykolog", "tuberkulose", "resepsjon", "introduksjonsstønad",
    "introduksjonsprogram", "mobbing", "blå", "resept", "e-resept", "helsestasjon", "helsesykepleier", "tannlege",
    "apotek", "mottak", "tolk", "tolkeloven", "fødselsnummer", "vedtak", "asylsøkerbevis", "fritidskort",
    "frivilligsentral", "svangerskapskontroll", "oppmøtebekreftelse",
}
WEB_ADDRESS = re.compile(r"^[\w.-]+\.(no|com|org|net)$")


def latin_words(page) -> list[tuple[str, str]]:
    """(word, where) for every Latin-script word in text whose language is the page's own."""
    return page.evaluate(r"""(latinLanguages) => {
        const found = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const el = node.parentElement;
          const skipped = '[translate="no"], code, script, style, template, [hidden], .visually-hidden';
          if (!el || el.closest(skipped)) continue;
          if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
          const lang = (el.closest('[lang]') || document.documentElement).lang;
          if (latinLanguages.includes(lang)) continue;
          for (const word of node.textContent.match(/[A-Za-z\u00c0-\u024f][\w\u00c0-\u024f.'’-]*/g) || []) {
            const where = `${el.tagName.toLowerCase()}: ${node.textContent.trim().slice(0, 60)}`;
            found.push([word.replace(/[.'’-]+$/, ''), where]);
          }
        }
        return found;
    }""", sorted(LATIN_SCRIPT))


def allowed(word: str) -> bool:
    return word in NAMES or word in NORWEGIAN_TERMS or word.lower() in NORWEGIAN_TERMS or bool(WEB_ADDRESS.match(word))
