"""Provider I/O: pooled clients, provider adapters, and the dispatch across a route's targets."""
