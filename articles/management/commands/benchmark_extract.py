"""`python manage.py benchmark_extract`: extract() time by input size (a benchmark, not a test).

Generates invented articles of about 10 KB, 100 KB and 1 MB that mix the quoting styles of the region
(“…”, „…“, «…», "…", dash-introduced speech, reported speech with numbers) and times the whole pipeline
on each, with an empty actor index and the lexicon already loaded. With `--one-paragraph` every
sentence sits in one paragraph, the worst case for anything that scans a paragraph per quotation.
Nothing is written to the database. The aim (issue 13): 1 MB in under 10 s; time must grow linearly.
"""

import time

from django.core.management.base import BaseCommand

from articles.ingest.lexicon import load_lexicon
from articles.ingest.pipeline import extract

_SPEAKERS = ["the minister", "the mayor", "the ambassador", "the spokeswoman", "the party leader"]
_STYLES = [
    "“We will open {n} new schools next year,” said {who}.",
    "„Budžet za {n} projekata je spreman“, rekao je {who}.",
    "«Мы выделим {n} миллионов на дороги», — заявил {who}.",
    '"The talks will resume in {n} days," {who} told reporters.',
    "- Nećemo odustati od {n} reformi - rekla je {who}.",
    "{who} said that the council had approved {n} permits in March.",
    "The committee met for the {n}th time and adjourned without a vote.",
]


def generated_article(size: int, one_paragraph: bool = False) -> str:
    """An invented article of about `size` bytes (UTF-8) in several quoting styles."""
    parts = ["Council approves the new budget\n\n"]
    length = len(parts[0].encode())
    number = 0
    while length < size:
        sentence = _STYLES[number % len(_STYLES)].format(n=number % 97 + 2, who=_SPEAKERS[number % len(_SPEAKERS)])
        sentence = sentence[0].upper() + sentence[1:]
        separator = "\n\n" if not one_paragraph and number % 8 == 7 else " "
        parts.append(sentence + separator)
        length += len(sentence.encode()) + len(separator)
        number += 1
    return "".join(parts).rstrip() + "\n"


class Command(BaseCommand):
    help = "Time extract() on generated inputs of 10 KB, 100 KB and 1 MB; writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated sizes in bytes")
        parser.add_argument("--one-paragraph", action="store_true", help="every sentence in one paragraph")

    def handle(self, *args, **options):
        load_lexicon()
        extract(generated_article(2000))  # warm-up: lazy imports and caches, not part of any figure
        self.stdout.write("| input | bytes | quotes | claims | seconds | µs per byte |")
        self.stdout.write("| --- | ---: | ---: | ---: | ---: | ---: |")
        for size in (int(value) for value in options["sizes"].split(",")):
            text = generated_article(size, options["one_paragraph"])
            started = time.perf_counter()
            extraction = extract(text)
            seconds = time.perf_counter() - started
            size_bytes = len(text.encode())
            self.stdout.write(
                f"| {size // 1000} KB | {size_bytes} | {len(extraction.quotes)} | {len(extraction.claims)} "
                f"| {seconds:.2f} | {seconds / size_bytes * 1e6:.2f} |"
            )
