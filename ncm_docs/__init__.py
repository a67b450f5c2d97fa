"""ncm-docs: drafts the agreements of NHS lead-provider + alliance partnerships.

The small public API::

    from ncm_docs import load_partnership, load_library, build_pack
"""

__version__ = "0.1.0"

from .load import load_partnership  # noqa: E402
from .library import load_library  # noqa: E402


def build_pack(*args, **kwargs):
    """Draft every document of a partnership into a pack folder (see ``ncm_docs.pack``)."""
    from .pack import build_pack as _build_pack

    return _build_pack(*args, **kwargs)


__all__ = ["__version__", "build_pack", "load_library", "load_partnership"]
