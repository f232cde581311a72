"""Answering queries: parse (`query`), search and rank (`searcher`), mark and
excerpt (`highlighter`). No whoosh object leaves this package."""
