"""Per-clause results remembered across documents: XML, canonical text, term scans.

Boilerplate renders to the same text in document after document, so what is derived from a
rendered clause is worked out once per process and reused. Each cache is bounded: it starts
again when it holds ``CACHE_SIZE`` entries, so a long batch keeps its memory flat.
"""

from __future__ import annotations


#: Entries each clause cache keeps before it starts again (bounded memory in long batches).
CACHE_SIZE = 4096
_CACHES: dict[str, dict[tuple, object]] = {}


def clear_clause_caches() -> None:
    """Forget every cached clause result (for benchmarks that time a first build)."""
    _CACHES.clear()


def cached_for_clause(name: str, clause, numbers: dict[str, str], compute):
    """``compute()``, remembered in the cache ``name`` by ``clause.cache_key(numbers)``.

    Boilerplate renders to the same text in document after document, so its XML, its
    canonical text and its term scan are worked out once. Clauses whose blocks changed
    after parsing (no key) are always computed.
    """
    key = clause.cache_key(numbers)
    if key is None:
        return compute()
    cache = _CACHES.setdefault(name, {})
    found = cache.get(key)
    if found is None:
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        found = cache[key] = compute()
    return found


