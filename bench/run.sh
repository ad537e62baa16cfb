#!/usr/bin/env bash
# Side-by-side overhead benchmark: ferryman vs LiteLLM on the shared harness, one worker each,
# pinned to CPU 0 (load generator and mock on CPU 1). Results land in bench/results/<name>-<time>/.
#
#   bench/run.sh                 # quick run (2 s points, 1 repeat)
#   BENCH_FULL=1 bench/run.sh    # the full default harness run (~9 min per gateway)
#   LITELLM_BIN=/tmp/litellm-venv/bin/litellm bench/run.sh   # also measure LiteLLM
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
harness=${HARNESS:-$root/../shared/bench/overhead}
stamp=$(date +%Y%m%d-%H%M%S)
quick=(--duration 3 --repeats 1 --bodies 1024,16384 --concurrency 1,64 --stream-concurrency 1)
[ "${BENCH_FULL:-0}" = 1 ] && quick=()
# a service key for the load generator (callers must authenticate)
key=$(MOCK_BASE=http://127.0.0.1:18080/v1 "$root/.venv/bin/ferryman" keys create --name bench \
  --role service --config "${BENCH_CONFIG:-$here/ferryman.yaml}" 2>/dev/null)
cd "$harness"
FERRYMAN_LOG_LEVEL=${FERRYMAN_LOG_LEVEL:-WARNING} ./run.sh --name ferryman "${quick[@]}" \
  --gateway-cmd "FERRYMAN_LOG_LEVEL=${FERRYMAN_LOG_LEVEL:-WARNING} $root/.venv/bin/ferryman serve --config ${BENCH_CONFIG:-$here/ferryman.yaml}" \
  --gateway-url http://127.0.0.1:8088 --api-key "Bearer $key" \
  --out "$here/results/ferryman-$stamp"
if [ -n "${LITELLM_BIN:-}" ]; then
  LITELLM_BIN=$LITELLM_BIN ./run.sh --name litellm "${quick[@]}" \
    --gateway-cmd "gateways/litellm/start.sh config.yaml" \
    --gateway-url http://127.0.0.1:4000 --api-key "Bearer sk-bench-master-1234" \
    --out "$here/results/litellm-$stamp"
  python3 ./compare.py "$here/results/ferryman-$stamp" "$here/results/litellm-$stamp"
fi
# never keep a credential in committed results
python3 - "$here/results" <<'PY'
import pathlib, re, sys
for p in pathlib.Path(sys.argv[1]).rglob("*.json"):
    s = p.read_text()
    t = re.sub(r'"api_key": "Bearer [^"]*"', '"api_key": "Bearer <redacted>"', s)
    if t != s:
        p.write_text(t)
PY
