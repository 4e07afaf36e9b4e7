"""The cache keeps one redis-py client per pool (spsti/cache.py), over the same real Redis."""

from django.core.cache import cache

from spsti.cache import ReusedClientRedisCacheClient


def test_one_client_per_pool_and_the_cache_still_reads_what_it_wrote():
    backend = cache._cache
    assert isinstance(backend, ReusedClientRedisCacheClient)
    assert backend.get_client() is backend.get_client(write=True)
    assert backend.get_client().connection_pool is backend._get_connection_pool(False)
    cache.set("spsti-cache-test", {"a": 1}, 30)
    assert cache.get_many(["spsti-cache-test", "absent"]) == {"spsti-cache-test": {"a": 1}}
    cache.delete("spsti-cache-test")
    assert cache.get("spsti-cache-test") is None
