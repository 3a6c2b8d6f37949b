#!/usr/bin/env bash
# Supply chain: licences, banned crates and sources of every dependency (deny.toml).
# Installs cargo-deny from crates.io when missing (a few minutes of compiling, once per
# machine). The advisory check is left out: its database is fetched from outside the
# package registry.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-deny >/dev/null 2>&1; then
    cargo install --locked cargo-deny
fi
cargo deny --locked check licenses bans sources
