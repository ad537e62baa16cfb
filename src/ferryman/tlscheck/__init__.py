"""``ferryman tls-check``: audit an endpoint's TLS setup like a public TLS configuration test."""
