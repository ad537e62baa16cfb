"""Transforms applied to findings: mask, pseudonymize (with a vault), hash, and restore."""
