"""The typed journal contents, kept for the application's imports.

The records moved to :mod:`gmi.model.records` so that the report, the export,
the clinic index and the journal reader (all below the application layer)
read journals through the same types; this name stays so nothing breaks.
"""

from gmi.model.records import *  # noqa: F403
from gmi.model.records import (  # noqa: F401  (names with a leading underscore)
    EVENT_TYPES,
    SUMMARY_TYPES,
    StageSummary,
    event_data,
    events_of,
    parse_summary,
    summary_data,
    summary_of,
    trials_of,
)
