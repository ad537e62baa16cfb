"""The HTTP surface: the listener (pure ASGI), data-plane routes, relay, health."""
