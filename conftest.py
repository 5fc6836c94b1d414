"""Repository-wide pytest configuration (collection and the nbval kernel's transport).

Shared fixtures belong in ``tests/conftest.py``; this file only decides what pytest
looks at and how nbval talks to its kernels.
"""

from __future__ import annotations

import os

# nbval's kernels inherit pytest's environment; the stored outputs were made with a
# fixed hash seed (tools/execute.py, make), so compare against the same.
os.environ.setdefault("PYTHONHASHSEED", "0")

# Never collect from build output, the virtualenv or hidden folders, even when pytest is
# pointed at the repository root (pyproject's norecursedirs covers recursion, not
# explicit paths such as `pytest --nbval .`). _build/jupyter_execute holds copies of the
# notebooks that nbval would otherwise run a second time.
collect_ignore_glob = [
    "_build/*",
    ".venv/*",
    ".*/*",
    "*.egg-info/*",
    "**/.ipynb_checkpoints/*",
]


def _nbval_kernels_use_unix_sockets() -> None:
    """Make nbval's kernels talk ZeroMQ over Unix-domain sockets instead of TCP.

    Without a network namespace of its own (``unshare -n make test``) the loopback
    interface is down: a kernel can bind 127.0.0.1 but nobody can connect to it, and
    nbval waits for the kernel until it times out. ``tools/execute.py`` explains the
    details and provides the kernel manager class used for both.
    """
    try:
        import nbval.kernel
    except ImportError:  # nbval not installed: nothing to configure
        return
    from tools.execute import with_unix_socket_transport

    base = nbval.kernel.KernelManager
    if getattr(base, "uses_unix_sockets", False):
        return
    manager = with_unix_socket_transport(base)
    manager.uses_unix_sockets = True
    # nbval.kernel.start_new_kernel looks the class up by this module-level name.
    nbval.kernel.KernelManager = manager


_nbval_kernels_use_unix_sockets()
