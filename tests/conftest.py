from tests.services import *  # noqa: F401,F403  (registers the service fixtures)
from tests.support import ctx, home, pool, settings  # noqa: F401  (registers the pipeline fixtures)
