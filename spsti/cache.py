"""Django's Redis cache, without building a redis-py client object on every cache call.

Django's `RedisCacheClient.get_client()` returns a new `redis.Redis(connection_pool=pool)` for
each get, set or get_many; its constructor copies redis-py's table of ~170 response callbacks
into a case-insensitive dict, ≈ 60 µs of CPU each time (measured, load ≈ 5), more than the
round trip's own CPU. Every page makes two or three such calls (the session, the access
context's snapshot, the idle-timeout write) before its view runs. Here each pool keeps one client:
redis-py's clients are thread-safe over a connection pool (they hold no connection between
commands), so the same commands go to the same server over the same pooled connections.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # id of the pool → its client (one pool per server, Django's)

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    """settings.CACHES backend: Django's RedisCache with the client above."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
