"""`disclosure-check serve`: the checks as an HTTP API, with a playground page.

Needs the optional extra: `pip install "disclosure-check[server]"` (Starlette and uvicorn).
Nothing else in the package imports this one, so `import disclosure_check` never needs them.
"""

from __future__ import annotations

try:
    import anyio  # noqa: F401
    import starlette  # noqa: F401
    import uvicorn  # noqa: F401
except ImportError as exc:
    raise ImportError(
        f"disclosure_check.server needs {exc.name or 'starlette and uvicorn'}, which the "
        f"'server' extra installs: pip install \"disclosure-check[server]\""
    ) from None

from .app import create_app
from .command import main
from .config import ServerConfig
from .limits import Limits
from .utf16 import utf16_spans

__all__ = ["Limits", "ServerConfig", "create_app", "main", "utf16_spans"]
