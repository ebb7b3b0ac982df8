import pytest

from tests.api_support import api  # noqa: F401  (the API over the test home)
from tests.services import *  # noqa: F403  (registers the service fixtures)
from tests.support import ctx, home, pool, settings, tesseract_missing  # noqa: F401  (registers the pipeline fixtures)


def pytest_collection_modifyitems(config, items):
    # A machine without Tesseract (or its Vietnamese model) skips, not fails, what needs it.
    for item in items:
        if item.get_closest_marker("tesseract") and (why := tesseract_missing()):
            item.add_marker(pytest.mark.skip(reason=why))
