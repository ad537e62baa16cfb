"""Domain types and the stage chain: pure, no I/O, no framework imports."""
