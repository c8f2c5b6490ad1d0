"""Cross-checks of recognised identity-card fields (pure Python, no image code).

Each check returns `Problem` values instead of raising, so the caller can show every finding at once:
`code` is a stable English machine code (for logs, metrics and tests), `message` a Vietnamese sentence
for the citizen, `field` the output-contract field it concerns (id_number, date_of_birth, ...).
Modules: `provinces` (63 province codes), `id_number`, `dates`, `names`, `addresses` (gazetteer matching),
`cross` (every check that applies to one document's fields).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One validation finding."""

    code: str
    message: str
    field: str | None = None
