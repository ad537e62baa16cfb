"""Who is calling: virtual keys, JWTs, the bootstrap admin key; roles and scopes."""
