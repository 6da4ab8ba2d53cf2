"""Database: typed models, the exact amount type, engine and migrations."""

from copilot.db import access_models as access_models  # users, tokens, second approvals, Slack cards, jobs
from copilot.db import (
    copilot_models as copilot_models,
)  # notes, promises and conversations join Base.metadata
from copilot.db import dunning_models as dunning_models  # payment plans and dunning drafts join Base.metadata
from copilot.db import inbox_models as inbox_models  # the inbox tables join Base.metadata
