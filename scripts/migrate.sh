#!/usr/bin/env bash
# certflow's migration command for operators: plans and runs the migration of running process instances onto the
# newest deployed model version through certflow's operator API (POST /api/operations/migrations/plan and /run,
# GET /api/operations/migrations/{batchId}); Cockpit CE has no migration screen.
#
#   scripts/migrate.sh plan   [processDefinitionKey]         dry run: how many wait where, what needs a decision
#   scripts/migrate.sh run    [processDefinitionKey] [--wait] start the engine batches (one per older version)
#   scripts/migrate.sh status <batchId>                      a batch's report (finished or not)
#   scripts/migrate.sh wait   <batchId>                      follow a batch until it finished, then its final report
#
# Without a key: every process certflow runs. Environment:
#   CERTFLOW_URL       certflow's address (default http://localhost:8080)
#   CERTFLOW_OPERATOR  user:password of an API account with role OPERATOR (certflow.security.users)
#   WAIT_SECONDS       how long 'wait' follows a batch (default 3600)
# Exit status: 0 done; 1 usage or HTTP error; 2 the plan has versions that need a decision (plan, run), or a batch
# has failed jobs (status, wait); 3 'wait' gave up before the batch finished.
set -euo pipefail

URL="${CERTFLOW_URL:-http://localhost:8080}"
API="$URL/api/operations/migrations"

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 1; }
[[ $# -ge 1 ]] || usage
command -v curl >/dev/null && command -v jq >/dev/null || { echo "migrate.sh: needs curl and jq" >&2; exit 1; }
[[ -n "${CERTFLOW_OPERATOR:-}" ]] || { echo "migrate.sh: set CERTFLOW_OPERATOR=user:password (an API account with role OPERATOR)" >&2; exit 1; }

call() {  # call <method> <url> [body]: prints the JSON answer; an HTTP error prints the problem's detail
  local out status data=()
  out="$(mktemp)"
  [[ -n "${3:-}" ]] && data=(-H 'Content-Type: application/json' -d "$3")
  status=$(curl -sS -o "$out" -w '%{http_code}' -u "$CERTFLOW_OPERATOR" -X "$1" -H 'Accept: application/json' \
    "${data[@]}" "$2") || { rm -f "$out"; echo "migrate.sh: $URL not reachable" >&2; exit 1; }
  if [[ "$status" != 2* ]]; then
    echo "migrate.sh: $1 $2 answered HTTP $status: $(jq -r '.detail // .title // .' "$out" 2>/dev/null || cat "$out")" >&2
    rm -f "$out"; exit 1
  fi
  cat "$out"; rm -f "$out"
}
body() { [[ -n "${1:-}" ]] && jq -nc --arg key "$1" '{processDefinitionKey: $key}' || true; }
needs_decision() { jq -e '[.versions[]?.decisions | length] | add // 0 | . > 0' >/dev/null; }

report() {  # report <batch report JSON>: its summary; exit 2 when jobs failed
  jq -r '.summary[]' <<< "$1"
  [[ "$(jq -r '.jobsFailed' <<< "$1")" == 0 ]] || return 2
}

follow() {  # follow <batchId>
  local deadline=$((SECONDS + ${WAIT_SECONDS:-3600})) answer
  while :; do
    answer="$(call GET "$API/$1")"
    if [[ "$(jq -r .finished <<< "$answer")" == true ]]; then report "$answer"; return; fi
    if ((SECONDS >= deadline)); then
      jq -r '.summary[]' <<< "$answer"; echo "migrate.sh: batch $1 has not finished yet (scripts/migrate.sh wait $1)" >&2
      return 3
    fi
    echo "migrate.sh: batch $1: $(jq -r '.jobsRemaining' <<< "$answer") job(s) to go" >&2
    sleep 5
  done
}

case "$1" in
  plan)
    answer="$(call POST "$API/plan" "$(body "${2:-}")")"
    jq -r '.summary[]' <<< "$answer"
    ! needs_decision <<< "$answer" || exit 2
    ;;
  run)
    key=""; wait=false
    for arg in "${@:2}"; do
      case "$arg" in --wait) wait=true ;; -*) usage ;; *) key="$arg" ;; esac
    done
    answer="$(call POST "$API/run" "$(body "$key")")"
    jq -r '.plan.summary[]?' <<< "$answer"
    jq -r '.batches[] | "Batch \(.batchId): \(.processDefinitionKey) version \(.sourceVersion) -> \(.targetVersion), \(.instances) instance(s)"' <<< "$answer"
    status=0
    if $wait; then
      for batch in $(jq -r '.batches[].batchId' <<< "$answer"); do follow "$batch" || status=$?; done
    fi
    needs_decision <<< "$(jq '.plan' <<< "$answer")" && status=2
    exit $status
    ;;
  status)
    [[ $# -eq 2 ]] || usage
    answer="$(call GET "$API/$2")"
    report "$answer"
    ;;
  wait) [[ $# -eq 2 ]] || usage; follow "$2" ;;
  *) usage ;;
esac
