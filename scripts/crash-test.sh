#!/usr/bin/env bash
# Crash safety: SIGKILLs target/certflow.jar under load, restarts it, and checks that nothing acknowledged was lost.
#   scripts/crash-test.sh [--quick|--full]      (quick: CI, about a minute; full: more kills, more load)
# H2 file database (a plain jdbc:h2:file: URL) in a temporary folder; also PostgreSQL when CERTFLOW_TEST_POSTGRES_URL
# (+ _USERNAME, _PASSWORD) is set. Needs target/certflow.jar: ./mvnw -B -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/crash_test.py "$@"
