import pytest

from tests.api_support import api  # noqa: F401  (the API over the test home)
from tests.services import *  # noqa: F403  (registers the service fixtures)
from tests.support import ctx, home, pool, settings, tesseract_missing  # noqa: F401  (registers the pipeline fixtures)


def pytest_collection_modifyitems(config, items):
    # A machine without Tesseract (or its Vietnamese model) skips, not fails, what needs it.
    for item in items:
        if item.get_closest_marker("tesseract") and (why := tesseract_missing()):
            item.add_marker(pytest.mark.skip(reason=why))
    # Files holding a slow test first: run in two processes (scripts/test), the long ones start at
    # once beside the many short ones instead of ending the run on one process while the other idles.
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)
