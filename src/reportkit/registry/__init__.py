"""The registry: earlier meetings' adopted recommendations, behind one store interface.

- `model`: the records (meetings, entries, the registry), plain data;
- `store`: the interface every reader of the registry uses (`RegistryStore`);
- `yaml_store`: the store of today, one YAML file per meeting in the project's git;
- `from_report`: the entries a report's adopted recommendations make;
- `index`: the registry's term counts and sentence vectors, cached once per registry change;
- `check`: the duplication check of a report against a store, through its index.
"""

from reportkit.registry.from_report import entries_from_report
from reportkit.registry.model import (
    EMPTY_REGISTRY,
    REGISTRY_STATUS,
    Registry,
    RegistryEntry,
    RegistryMeeting,
    entries_by_meeting,
    iter_by_theme,
    meeting_dates,
    registry_key,
    symbol_slug,
)
from reportkit.registry.store import RegistryStore
from reportkit.registry.yaml_store import (
    YamlRegistryStore,
    load_registry,
    meeting_file_for,
    record_report,
    registry_hash,
    render_meeting_file,
)

__all__ = [
    "EMPTY_REGISTRY",
    "REGISTRY_STATUS",
    "Registry",
    "RegistryEntry",
    "RegistryMeeting",
    "RegistryStore",
    "YamlRegistryStore",
    "entries_by_meeting",
    "entries_from_report",
    "iter_by_theme",
    "load_registry",
    "meeting_dates",
    "meeting_file_for",
    "record_report",
    "registry_hash",
    "registry_key",
    "render_meeting_file",
    "symbol_slug",
]
