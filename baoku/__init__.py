"""baoku (报库): full-text search for Chinese newspaper archives.

This package holds only what the indexer, searcher and web packages share:
settings, errors and the command line.
"""

__version__ = "0.1.0"
