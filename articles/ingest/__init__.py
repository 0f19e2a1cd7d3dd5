"""Ingestion pipeline: raw article text or HTML in, linked draft records out.

Stages are plain modules that touch no database (decoding, cleaning, metadata, languages, actors,
quotes, claims, similarity); `pipeline.extract()` runs them in order on plain data and
`service.ingest_document()` persists the result in one transaction.
"""

PIPELINE_VERSION = "ingest-1.0"
