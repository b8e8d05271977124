#!/usr/bin/env bash
# The main job on a fresh machine: install, build, provision nginx + uWSGI, deploy the example
# app with the embedded nginx and uWSGI emperor, and print a URL that answers.
set -euo pipefail
cd "$(dirname "$0")/.."

export HOP3_ROOT="${HOP3_ROOT:-$HOME/.hop3}"
export HOP3_HTTP_PORT="${HOP3_HTTP_PORT:-8080}"
hop3() { node packages/cli/dist/bin.js "$@"; }

[ -d node_modules ] || npm ci --no-audit --no-fund
npx turbo run build --output-logs=errors-only

# Put `hop3` on the PATH (the README's commands use it): a symlink to the built binary, in
# /usr/local/bin as root, else in ~/.local/bin. An existing hop3 that is not ours is left alone.
link_hop3() {
  local target dir link
  target="$(pwd)/packages/cli/dist/bin.js"
  chmod +x "$target"
  if [ "$(id -u)" = 0 ]; then dir=/usr/local/bin; else dir="$HOME/.local/bin"; fi
  link="$dir/hop3"
  if [ -e "$link" ] && [ "$(readlink -f "$link")" != "$(readlink -f "$target")" ]; then
    echo "Left $link alone (it is not this checkout's hop3); run this checkout's with: node $target" >&2
    return 0
  fi
  mkdir -p "$dir"
  ln -sfn "$target" "$link"
  case ":$PATH:" in
    *":$dir:"*) echo "hop3 is on the PATH: $link -> $target" ;;
    *) echo "Linked $link -> $target; $dir is not on your PATH yet: export PATH=\"$dir:\$PATH\"" ;;
  esac
}
link_hop3

if ! command -v nginx >/dev/null || ! command -v uwsgi >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    hop3 setup --only nginx,uwsgi,python
  else
    echo "nginx and uWSGI are missing: run 'sudo node packages/cli/dist/bin.js setup --only nginx,uwsgi,python' first" >&2
    exit 1
  fi
fi

url=$(hop3 deploy examples/python-wsgi --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).url))')
echo "Deployed examples/python-wsgi. It answers at: $url"
echo "Try: curl $url   (hop3 server stop stops the embedded nginx and uWSGI)"
# Check it answers (through 127.0.0.1 with the Host header: *.localhost need not resolve here).
node -e '
const url = new URL(process.argv[1]);
require("node:http").get({ host: "127.0.0.1", port: url.port || 80, path: "/", headers: { Host: url.host } }, (res) => {
  console.log(`(checked: ${url.href} answers ${res.statusCode})`);
  process.exit(res.statusCode === 200 ? 0 : 1);
}).on("error", (error) => { console.error(error.message); process.exit(1); });
' "$url"
