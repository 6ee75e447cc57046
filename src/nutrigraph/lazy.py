"""Names of a package imported from their modules when first used (PEP 562).

A command that only queries the graph does not import the questions, the readings of
the model or the views it does not use; ``nutrigraph.explain`` still works as if the
package had imported it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports each name of ``where`` from
    the module it names (relative, such as ``".analysis"``); a name that is the module's
    own last part (``"plot"`` from ``".plot"``) is the module itself."""

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(where[name], package)
        return module if where[name].rsplit(".", 1)[-1] == name else getattr(module, name)

    return __getattr__
