"""Cost accounting and budgets: the price table, a request's cost, the spend ledger.

``prices`` (USD per million tokens, defaults plus config) and ``cost`` (usage -> tokens, a
request's worst case) are pure; ``ledger`` keeps spend per key, team and environment per UTC day
and month in the database; ``accounts`` decides which budgets a request counts against, the 402
refusal and the alerts; ``usage`` is the admin view. The stage is ``pipeline/budget.py``.
"""
