"""Import every module that defines tables, so `Base.metadata` contains them all.

Alembic's environment and the schema check import this module; a new model module
adds its import here.
"""

from etc_console.incidents import models as _incident_models  # noqa: F401
from etc_console.patrol import models as _patrol_models  # noqa: F401
from etc_console.store import models  # noqa: F401
from etc_console.store.models import Base
from etc_console.sync import models as _sync_models  # noqa: F401

metadata = Base.metadata
