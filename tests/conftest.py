"""Shared fixtures: real pages from corpus/, an index built once per run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import CORPUS
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from baoku.settings import Settings

# No deadlines: timing is measured in bench/, never asserted in tests (the
# first example also pays for loading jieba's dictionary).
hypothesis_settings.register_profile(
    "baoku", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile(
    "ci", deadline=None, max_examples=300, database=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "baoku"))


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """An index of the whole shipped corpus, built once through the library."""
    from indexer.writer import index_paths

    path = tmp_path_factory.mktemp("index") / "ix"
    report = index_paths([str(CORPUS)], path)
    assert report.ok, report.failed
    return path


@pytest.fixture
def index_copy(corpus_index, tmp_path) -> Path:
    """A private copy of the corpus index that a test may change."""
    target = tmp_path / "ix"
    shutil.copytree(corpus_index, target)
    return target


@pytest.fixture(scope="session")
def settings(corpus_index) -> Settings:
    return Settings(index=str(corpus_index), admin_token=None)


@pytest.fixture(scope="session")
def app(settings):
    from web import create_app

    app = create_app(settings)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()
