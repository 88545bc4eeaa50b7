"""Search-quality benchmark: residents' questions, each with the page that
answers it, asked of the server's search (the phone ranks identically: see
tests/search/test_search_parity_browser.py).

The questions are in tests/search/questions/: ``dev.toml`` was written while
the rules (stop words, stemming, synonyms, ranking) were made, ``held_out.toml``
after they were done, to show how the rules do on questions they were not made
for. A section is the app's language, or "<app>/<typed>" for a question typed
in another language (English or Norwegian in a non-Latin app).

Prints per section and overall: the share of questions with the right page in
the top 3 and at the top, and the median and largest number of results.
Exits non-zero when below target (right page in the top 3 for >= 90 %,
median <= 5 results).

Run: make bench-search   (or: .venv/bin/python -m scripts.bench_search [--markdown])
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Centre
from webapp.search.documents import documents
from webapp.search.ranking import Index, Language, search

QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "search" / "questions"
SETS = ("dev", "held_out")
TARGET_TOP3 = 0.90
TARGET_MEDIAN_RESULTS = 5


@dataclass(frozen=True)
class Question:
    set: str  # "dev" or "held_out"
    section: str  # "ar", or "ti/en" for English typed in the Tigrinya app
    text: str
    answers: tuple[str, ...]  # slugs of the page(s) that answer it

    @property
    def app_lang(self) -> str:
        return self.section.split("/")[0]


def load_questions(sets: tuple[str, ...] = SETS) -> list[Question]:
    found = []
    for name in sets:
        data = tomllib.loads((QUESTIONS / f"{name}.toml").read_text(encoding="utf-8"))
        for section, questions in data.items():
            for text, answer in questions.items():
                answers = (answer,) if isinstance(answer, str) else tuple(answer)
                found.append(Question(name, section, text, answers))
    return found


@dataclass(frozen=True)
class Outcome:
    question: Question
    results: tuple[str, ...]  # slugs, best first

    @property
    def rank(self) -> int | None:
        for position, slug in enumerate(self.results, start=1):
            if slug in self.question.answers:
                return position
        return None


def ask(session: Session, centre: Centre, questions: list[Question]) -> list[Outcome]:
    indexes: dict[str, Index] = {}
    outcomes = []
    for question in questions:
        lang = question.app_lang
        if lang not in indexes:
            indexes[lang] = Index.build(documents(session, centre, lang), Language.of(lang))
        hits = search(indexes[lang], question.text)
        outcomes.append(Outcome(question, tuple(hit.document.path.rsplit("/", 1)[1] for hit in hits)))
    return outcomes


@dataclass(frozen=True)
class Figures:
    name: str
    count: int
    top3: float
    top1: float
    median_results: float
    max_results: int

    @classmethod
    def of(cls, name: str, outcomes: list[Outcome]) -> Figures:
        ranks = [o.rank for o in outcomes]
        sizes = [len(o.results) for o in outcomes]
        return cls(
            name, len(outcomes),
            sum(1 for r in ranks if r and r <= 3) / len(outcomes),
            sum(1 for r in ranks if r == 1) / len(outcomes),
            statistics.median(sizes), max(sizes),
        )

    @property
    def on_target(self) -> bool:
        return self.top3 >= TARGET_TOP3 and self.median_results <= TARGET_MEDIAN_RESULTS


def figures(outcomes: list[Outcome]) -> list[Figures]:
    """Per section (each app language, then what was typed in others there),
    then dev, held-out and all."""
    apps = list(dict.fromkeys(o.question.app_lang for o in outcomes))
    sections = sorted({o.question.section for o in outcomes}, key=lambda s: (apps.index(s.split("/")[0]), s))
    rows = [Figures.of(s, [o for o in outcomes if o.question.section == s]) for s in sections]
    for name in SETS:
        chosen = [o for o in outcomes if o.question.set == name]
        if chosen:
            rows.append(Figures.of(f"all {name.replace('_', '-')}", chosen))
    rows.append(Figures.of("all", outcomes))
    return rows


def table(rows: list[Figures], markdown: bool) -> str:
    head = ("questions", "right page in top 3", "right page first", "median results", "max results")
    lines = []
    if markdown:
        lines += ["| " + " | ".join(("section", *head)) + " |", "|" + "---|" * (len(head) + 1)]
    for row in rows:
        cells = (row.name, str(row.count), f"{row.top3:.0%}", f"{row.top1:.0%}",
                 f"{row.median_results:g}", str(row.max_results))
        lines.append("| " + " | ".join(cells) + " |" if markdown else "  ".join(f"{c:>10}" for c in cells))
    return "\n".join(lines)


def misses(outcomes: list[Outcome]) -> str:
    return "\n".join(
        f"  [{o.question.set} {o.question.section}] {o.question.text!r} → want {'/'.join(o.question.answers)}, "
        f"got {', '.join(o.results) or 'nothing'}"
        for o in outcomes if not (o.rank and o.rank <= 3)
    )


def seeded_session(folder: Path) -> Session:
    from models.db import make_engine
    from tests.live_server import migrate_and_seed

    url = f"sqlite:///{folder / 'bench.db'}"
    migrate_and_seed(url)
    return Session(make_engine(url))


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        session = seeded_session(Path(folder))
        centre = session.scalar(select(Centre).where(Centre.slug == "demo"))
        outcomes = ask(session, centre, load_questions())
        session.close()
    rows = figures(outcomes)
    print(table(rows, markdown="--markdown" in argv))
    if "--misses" in argv:
        print("Not in the top 3:\n" + misses(outcomes))
    overall = rows[-1]
    print(f"\nTarget: right page in the top 3 for >= {TARGET_TOP3:.0%}, median <= {TARGET_MEDIAN_RESULTS} results: "
          + ("met" if overall.on_target else "NOT MET"))
    return 0 if overall.on_target else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
