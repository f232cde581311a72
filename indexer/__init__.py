"""Turning page files into indexed articles.

The data flow, one module a step: `reader` (files to pages) -> `cleaner` (page
text to merged blocks, with an offset map and a report) -> `splitter` (blocks
to articles, captions, credits) -> `analyzer` (text to tokens) -> `writer`
(articles into the index).
"""
