#!/usr/bin/env bash
# Every check in one command: lint, format, types, and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ruff check .
ruff format --check .
mypy geomap
PYTEST_ADDOPTS="-m 'slow or not slow'" pytest -q "$@"
