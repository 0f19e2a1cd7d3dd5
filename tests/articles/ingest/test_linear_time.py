"""extract() must cost time linear in its input: counted, never timed.

Two measures, both deterministic: how many sentence indexes one extraction builds (once per body,
whatever the number of quotations), and how much Python work each module does, counted as trace
events (calls and executed lines). Going from N to 4N quoted sentences multiplies linear work by
about 4 and quadratic work by about 16; the bound of 6 leaves room for n·log n lookups (bisection).
"""

import collections
import sys
from pathlib import Path

import pytest

from articles.ingest import sentences
from articles.ingest.pipeline import extract

# Invented sentences in several quoting styles of the region, and narration between them.
_STYLES = [
    "“We will open {n} new schools next year,” said the minister.",
    "„Budžet za {n} projekata je spreman“, rekao je gradonačelnik.",
    "«Мы выделим {n} миллионов на дороги», — заявил посол.",
    '"The talks will resume in {n} days," the spokeswoman told reporters.',
    "The party leader said that the council had approved {n} permits in March.",
    "The committee met for the {n}th time and adjourned without a vote.",
]


def article(sentence_count: int, paragraph_every: int | None = None) -> str:
    """A headline and `sentence_count` short sentences, in one paragraph unless told otherwise."""
    parts = []
    for number in range(sentence_count):
        parts.append(_STYLES[number % len(_STYLES)].format(n=number % 97 + 2))
        if paragraph_every and number % paragraph_every == paragraph_every - 1:
            parts.append("\n\n")
        else:
            parts.append(" ")
    return "Council approves the new budget\n\n" + "".join(parts).strip() + "\n"


@pytest.mark.parametrize("sentence_count", [500, 2000])
def test_sentences_are_indexed_a_bounded_number_of_times_per_extraction(sentence_count):
    sentences.sentence_index.cache_clear()  # a body cached by an earlier test would count no build
    before = sentences.BUILD_COUNTER.builds
    extraction = extract(article(sentence_count))
    assert len(extraction.quotes) >= sentence_count // 2
    assert sentences.BUILD_COUNTER.builds - before <= 3


_REPOSITORY = str(Path(__file__).resolve().parents[3])


def _work_by_module(text: str) -> collections.Counter:
    """Trace events (calls, lines) per source file during one extraction."""
    counts: collections.Counter = collections.Counter()
    names: dict[str, str | None] = {}  # file name -> module file name, None outside the repository

    def tracer(frame, event, arg):
        filename = frame.f_code.co_filename
        if filename not in names:
            names[filename] = Path(filename).name if filename.startswith(_REPOSITORY) else None
        name = names[filename]
        if name is None:
            return None  # library code (re, yaml, the language model) is not followed line by line
        counts[name] += 1
        return tracer

    sys.settrace(tracer)
    try:
        extract(text)
    finally:
        sys.settrace(None)
    return counts


@pytest.fixture(scope="module")
def work() -> dict[str, tuple[collections.Counter, collections.Counter]]:
    extract(article(20))  # lazy imports and caches happen once, outside the counts
    # Small inputs keep the traced runs short; 4x the quotations is enough to tell n from n².
    return {
        shape: (_work_by_module(article(100, every)), _work_by_module(article(400, every)))
        for shape, every in (("one paragraph", None), ("paragraphs of 8", 8))
    }


MODULES = [
    "pipeline.py",
    "decoding.py",
    "cleaning.py",
    "metadata.py",
    "languages.py",
    "sentences.py",
    "actors.py",
    "similarity.py",
    "text.py",
    "quotes.py",
    "claims.py",
]
QUADRATIC_TODAY: set[str] = set()  # a module named here is expected to fail (none is, now)


@pytest.mark.parametrize("shape", ["one paragraph", "paragraphs of 8"])
@pytest.mark.parametrize(
    "module",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason="per-quote scans, see QUADRATIC_TODAY", strict=False))
        if name in QUADRATIC_TODAY
        else name
        for name in MODULES
    ],
)
def test_work_grows_linearly_with_the_number_of_quotations(work, shape, module):
    small, large = work[shape]
    if not small[module]:
        pytest.skip(f"{module} does no traced work on this input")
    assert large[module] / small[module] <= 6, (module, small[module], large[module])
