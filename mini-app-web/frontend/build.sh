#!/bin/sh
# Builds the mini-app pages into ../target/classes/webroot with the machine's node/npm (never a
# downloaded Node). Run by Maven at generate-resources; skipped, with a message, when npm is absent.
set -eu
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "[mini-app-web] npm not found on PATH: the mini-app pages (/m/) are NOT built; install Node 20.19+ and npm to build them."
  exit 0
fi
# Install only when the lock file changed since the last install: keeps repeated builds fast.
# `npm install` rather than `npm ci`: npm 11 may leave other platforms' optional packages (rollup's native
# builds) out of a lock written on one platform, and `npm ci` then refuses the lock; install honours it as is.
# The committed lock lists them all, so an install here leaves it unchanged (a build must not dirty the tree).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
npm run build
