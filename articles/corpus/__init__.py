"""A realistic synthetic corpus for scale tests: `generate_corpus(CorpusOptions(articles=N))`.

`generator` makes the rows (no database access), `loader` writes them (COPY on PostgreSQL,
bulk_create elsewhere), `vocabulary` holds the built-in word lists. See docs/scaling.md.
"""

from articles.corpus.loader import CorpusError, CorpusOptions, CorpusReport, generate_corpus

__all__ = ["CorpusError", "CorpusOptions", "CorpusReport", "generate_corpus"]
