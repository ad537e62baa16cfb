"""Encryption at rest: AES-256-GCM envelopes whose data keys are wrapped by a key provider."""
