"""Source code is not a secret: expressions, type annotations and sample values next to
secret-ish names, in Python, JavaScript, Go and YAML (what ``ferryman scan`` reads)."""

from __future__ import annotations

import pytest

from tests.detection.secrets.synthetic import ALNUM, HEX, chars, find, spans_of

RANDOM40 = chars(40, ALNUM, "code40")
HEX32 = chars(32, HEX, "code32")


@pytest.mark.parametrize(
    "text",
    [
        # Python: calls, indexing, attributes, annotations
        "key = header[i:eq_pos].strip()\n",
        "url, auth_from_url = strip_auth_from_url(url)\n",
        "sec_key = base64.b64encode(os.urandom(16)).decode()\n",
        'self._password_bytes: Final[bytes] = password.encode("utf-8")\n',
        "def connect(host: str, password: Optional[str] = None) -> None:\n",
        "class Settings(BaseModel):\n    password: SecretStr\n    api_key: SecretStr\n",
        "    keys: Optional[SequenceNotStr[str]] | Omit = omit,\n",
        "password=parts['password'],\n",
        'username, password = decoded.split(":", 1)\n',
        "token = self._usable_token_after_transient_failure()\n",
        "self.api_key = _sdk_client.WORKLOAD_IDENTITY_API_KEY_PLACEHOLDER\n",
        "_enforce_credentials=_enforce_credentials,\n",
        "token_exchange_url=_X509_TOKEN_EXCHANGE_URL)\n",
        '{"keep_old_secret_active_for_24_hours": keep_old_secret_active_for_24_hours}\n',
        'VALIDATOR_CONFIG_KEY = "__validator_config__"\n',
        "if wildcard_key is _RELATIONSHIP_TOKEN:\n",
        'if "{" in (index_key := resource.canonical):\n',
        "def export(store: Store, out: Path, key: Ed25519PrivateKey) -> None:\n",
        'return {"Authorization": f"Bearer {self._azure_ad_token}"}\n',
        'connectors.append("PWD=%s" % pwd)\n',
        "pass_threshold: float\n",
        # docstrings and documentation samples
        '    key1 = "value1" , key2="value, with, commas"\n',
        "`metadata[key1]=value1&metadata[key2]=value2`\n",
        'user = User(username="scolvin", password="password1")\n',
        'engine = create_engine(url, password="tiger")\n',
        'model = Model(password="IAmSensitive")\n',
        '"wallet_password": "top secret",\n',
        '"PWD=(whatever);"\n',
        # JavaScript
        "const token = req.headers['authorization'].split(' ')[1];\n",
        "const apiKey = process.env.OPENAI_API_KEY;\n",
        "this.secretKey = config.get('secretKey');\n",
        "headers: { Authorization: `Bearer ${token}` },\n",
        # Go
        'apiKey := os.Getenv("API_KEY")\n',
        "token, err := oauth.Exchange(ctx, code)\n",
        "Password: cfg.Database.Password,\n",
        # YAML / .env placeholders
        "password: changeme\n",
        "db_password: {password}\n",
        "API_KEY=<your-key>\n",
        "secret: xxx\n",
        "token: REDACTED\n",
        # credential URLs with sample or placeholder passwords
        'create_engine("postgresql+psycopg2://scott:tiger@localhost/test")\n',
        "see http://user:pass@host/ and https://admin:password@example.com/\n",
        "redis://:${REDIS_PASSWORD}@cache:6379 or amqp://guest:guest@rabbit:5672\n",
        "mongodb://app:<password>@db:27017 and ftp://u:{password}@files/\n",
        "postgres://app:*****@db/x and mysql://root:xxx@db/x\n",
        "MultiHostUrl('https://foo.com:123,foo:bar@bar.com/path')\n",
        # query strings: an empty value is no value
        "index.cfm?TargetUrl=LST&IntPcKey=&StrLayoutCode=HIERARCHIC\n",
    ],
)
def test_code_is_not_a_secret(text: str) -> None:
    assert find(text) == []


@pytest.mark.parametrize(
    "template",
    [
        'API_KEY = "{v}"\n',
        "const apiKey = '{v}';\n",
        'apiKey := "{v}"\n',
        "api_token: {v}\n",
        "export API_TOKEN={v}\n",
    ],
)
def test_literal_keys_in_code_are_still_found(template: str) -> None:
    text = template.format(v=RANDOM40)
    assert find(text) == spans_of(text, RANDOM40, "GENERIC_API_KEY")


@pytest.mark.parametrize(
    "template",
    [
        'DB_PASSWORD = "{p}"\n',
        "const password = '{p}';\n",
        'Password: "{p}",\n',
        "password: {p}\n",
    ],
)
def test_literal_passwords_in_code_are_still_found(template: str) -> None:
    pw = "Kastanie1960%"
    text = template.format(p=pw)
    assert find(text) == spans_of(text, pw, "PASSWORD")
