"""The control plane: the /admin JSON API (FastAPI, OpenAPI at /admin/openapi.json)."""
