"""Django's Redis cache backend with one Redis client per connection pool.

django.core.cache.backends.redis builds a new `redis.Redis` client for every cache call (RedisCacheClient.get_client),
and a client's constructor fills its table of response callbacks each time: about 80 µs, more than the network round
trip to a local Redis. A logged-in page reads the cache several times (its session, the unread-notice count, the
cached tables), so every page paid for it (list pages at national scale, issue 12 point 14). A `redis.Redis` client
is safe to share between threads (it takes a connection from its pool for each command), so one per pool is kept.
"""
from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
