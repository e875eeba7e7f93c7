"""Fixtures shared by the extractor tests."""
import pytest


@pytest.fixture(scope="session")
def nlp():
    """ja_ginza with spacekg's components, loaded once: the components add span groups only,
    so tests of GiNZA's own tokens and tags use it too."""
    from extract.pipeline import load_nlp

    return load_nlp()
