#!/usr/bin/env bash
# Takes the Cockpit screenshots of the README's operator sections again:
#   docs/cockpit-search-business-key.png  an order found by its id (business key)
#   docs/cockpit-search-domain.png        the running orders filtered by domain (commonName like %.example.com) and status
#   docs/cockpit-incident.png             the incident of an unavailable.… order, with its message and Retry
#   docs/cockpit-incident-message.png     its message in full (the stack trace the message's link opens)
#   docs/cockpit-migration-batch.png      the migration batch that moved the running orders onto a new model version
# Starts target/certflow.jar (built if missing) on a fresh H2 database in a temporary folder, creates demo orders
# through the API, makes the incident and the migration batch, and drives headless Debian Chromium through Cockpit
# (playwright-core from tools/render). Nothing else is touched; the service is stopped at the end.
# Usage (from anywhere): tools/render/cockpit-screenshots.sh
# Env: PORT (default 18431; must be free), OUT_DIR (default <repo>/docs), CHROMIUM (default /usr/bin/chromium),
#      JAR (default <repo>/target/certflow.jar, built when missing: rebuild it after changing the code).
# Needs: Java 17, Node.js 18+, curl, jq, openssl, Debian's chromium (apt-get install -y chromium).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PORT="${PORT:-18431}"
export OUT_DIR="${OUT_DIR:-$REPO/docs}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
JAR="${JAR:-$REPO/target/certflow.jar}"
BASE="http://localhost:$PORT"
export BASE
export OPERATOR_PASSWORD=operator-secret
CUSTOMER=alice:alice-secret
OPS=ops:ops-secret
OPERATOR="operator:$OPERATOR_PASSWORD"
JSON='Content-Type: application/json'

for tool in java node curl jq openssl unzip; do
  command -v "$tool" >/dev/null || { echo "cockpit-screenshots: $tool is required" >&2; exit 1; }
done
[[ -x "$CHROMIUM" ]] || { echo "cockpit-screenshots: Chromium not found at $CHROMIUM (apt-get install -y chromium)" >&2; exit 1; }
if [[ ! -d "$HERE/node_modules" ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund)
fi
if [[ ! -f "$JAR" ]]; then
  (cd "$REPO" && ./mvnw -B -q -DskipTests package)
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "cockpit-screenshots: port $PORT is taken by another program; choose a free one with PORT=..." >&2; exit 1
fi

WORK="$(mktemp -d)"
APP_PID=""
cleanup() {
  if [[ -n "$APP_PID" ]]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "cockpit-screenshots: starting certflow on port $PORT (log: $WORK/app.log)"
java -Xmx512m -XX:TieredStopAtLevel=1 -jar "$JAR" \
  --server.port="$PORT" \
  "--spring.datasource.url=jdbc:h2:file:$WORK/db/certflow;DB_CLOSE_ON_EXIT=FALSE" \
  --certflow.security.users[0].name=alice --certflow.security.users[0].password=alice-secret \
  --certflow.security.users[0].role=CUSTOMER \
  --certflow.security.users[1].name=ops --certflow.security.users[1].password=ops-secret \
  --certflow.security.users[1].role=OPERATOR \
  --camunda.bpm.admin-user.password="$OPERATOR_PASSWORD" \
  --certflow.ca.simulator.decision-delay=PT1S \
  > "$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 180); do
  curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$WORK/app.log" >&2; exit 1; }
  sleep 1
done
curl -fs "$BASE/actuator/health" >/dev/null || { echo "cockpit-screenshots: certflow did not start" >&2; exit 1; }

API="$BASE/api/orders"
ENGINE="$BASE/engine-rest"
order() {  # order <commonName>: a DV order body with a fresh key and CSR
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/$1.key" \
    -subj "/CN=$1" -out "$WORK/$1.csr" 2>/dev/null
  jq -n --arg cn "$1" --rawfile csr "$WORK/$1.csr" \
    '{validation:"DV", commonName:$cn, csr:$csr, validityDays:90,
      requester:{name:"Jan de Vries", email:"jan@example.nl", phone:"+31 20 123 4567"}}'
}
submitted() {  # submitted <commonName>: creates and submits an order, prints its id
  local id
  id=$(order "$1" | curl -fsS -u $CUSTOMER -H "$JSON" -d @- "$API" | jq -r .id)
  curl -fsS -u $CUSTOMER -X POST "$API/$id/submit" >/dev/null
  echo "$id"
}
wait_until() {  # wait_until <description> <command...>: up to two minutes
  local what="$1"; shift
  for _ in $(seq 240); do "$@" && return 0; sleep 0.5; done
  echo "cockpit-screenshots: gave up waiting for $what" >&2; exit 1
}
status_is() { [[ "$(curl -fsS -u $CUSTOMER "$API/$1" | jq -r '.status + " " + (.pendingTransition // "-")')" == "$2 -" ]]; }

echo "cockpit-screenshots: demo orders"
WWW=$(submitted www.example.com)
SHOP=$(submitted shop.example.com)
HOLD=$(submitted hold.example.com)
MAIL=$(submitted mail.example.org)
wait_until "www.example.com Actief" status_is "$WWW" ACTIVE
wait_until "shop.example.com Actief" status_is "$SHOP" ACTIVE
wait_until "mail.example.org Actief" status_is "$MAIL" ACTIVE
wait_until "hold.example.com Aangevraagd" status_is "$HOLD" REQUESTED

echo "cockpit-screenshots: a new version of CertificateOrderProcess and the migration batch"
# the jar's own model (the same file as version 1: a new version all the same), so that it only names beans the jar has
unzip -p "$JAR" BOOT-INF/classes/bpmn/CertificateOrderProcess.bpmn > "$WORK/CertificateOrderProcess.bpmn"
curl -fsS -u "$OPERATOR" -F "deployment-name=certflow-screenshots" -F "deployment-source=cockpit-screenshots.sh" \
  -F "data=@$WORK/CertificateOrderProcess.bpmn" "$ENGINE/deployment/create" >/dev/null
# with the operators' command (README, "Operators: migrating running orders")
export CERTFLOW_URL="$BASE" CERTFLOW_OPERATOR="$OPS" WAIT_SECONDS=300
"$REPO/scripts/migrate.sh" plan CertificateOrderProcess
RUN="$("$REPO/scripts/migrate.sh" run CertificateOrderProcess --wait)"
echo "$RUN"
BATCH=$(sed -n 's/^Batch \([^:]*\):.*/\1/p' <<< "$RUN" | head -1)
[[ -n "$BATCH" ]] || { echo "cockpit-screenshots: no migration batch was started" >&2; exit 1; }

echo "cockpit-screenshots: an incident on purpose (unavailable.example.com)"
DOWN=$(submitted unavailable.example.com)
failed_job() { [[ "$(curl -fsS -u "$OPERATOR" "$ENGINE/job/count?processInstanceBusinessKey=$DOWN&withException=true" | jq -r .count)" -gt 0 ]]; }
wait_until "the failed submission" failed_job
JOB=$(curl -fsS -u "$OPERATOR" "$ENGINE/job?processInstanceBusinessKey=$DOWN&withException=true" | jq -r '.[0].id')
curl -fsS -u "$OPERATOR" -X PUT -H "$JSON" -d '{"retries": 0}' "$ENGINE/job/$JOB/retries" >/dev/null

export ORDER_ID="$WWW" INCIDENT_ORDER_ID="$DOWN" BATCH_ID="$BATCH"
mkdir -p "$OUT_DIR"
node "$HERE/cockpit-screenshots.mjs"
