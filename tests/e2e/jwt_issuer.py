"""A test identity provider: an RSA key of the test's own, its JWKS, and token minting."""

from __future__ import annotations

import time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://idp.test/"
AUDIENCE = "ferryman"


class Issuer:
    def __init__(self, kid: str = "k1") -> None:
        self.kid = kid
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwks(self) -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def token(self, *, exp_in: int = 300, aud: str = AUDIENCE, **claims: Any) -> str:
        now = int(time.time())
        payload = {"iss": ISSUER, "aud": aud, "sub": "svc-billing", "iat": now, "exp": now + exp_in}
        payload.update(claims)
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})
