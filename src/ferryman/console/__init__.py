"""The web console at ``/console``: server-rendered pages over the admin JSON API.

Sign-in exchanges an admin or auditor credential for a server-side session (``sessions``); the
pages' script calls ``/admin/*`` with the session cookie and, on every state-changing call, the
session's CSRF token in the ``x-csrf-token`` header. Content is never shown: none is stored.
"""
