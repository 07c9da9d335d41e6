# Sourced by .ci/run (and by developers: `. .ci/postgres-for-tests.sh`): starts Debian's PostgreSQL if it is not
# running (installing the package only when it is missing), creates the test account, drops the databases of
# earlier runs and exports CERTFLOW_TEST_POSTGRES_URL / _USERNAME / _PASSWORD for the tests. Needs root.

if ! command -v pg_lsclusters >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if [ -z "$(pg_lsclusters -h)" ]; then
  pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -1)" main >/dev/null
fi
read -r pg_version pg_cluster pg_port pg_status _ < <(pg_lsclusters -h | head -1)
if [[ $pg_status != online* ]]; then
  pg_ctlcluster "$pg_version" "$pg_cluster" start
fi
for _ in $(seq 30); do
  pg_isready -q -h 127.0.0.1 -p "$pg_port" && break
  sleep 1
done

# A fresh password each run: the account exists only for the tests on this machine's loopback.
CERTFLOW_TEST_POSTGRES_PASSWORD="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
runuser -u postgres -- psql -q -p "$pg_port" -v ON_ERROR_STOP=1 -v password="$CERTFLOW_TEST_POSTGRES_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE certflow_test LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'certflow_test')
\gexec
ALTER ROLE certflow_test PASSWORD :'password';
SELECT 'CREATE DATABASE certflow_test OWNER certflow_test'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'certflow_test')
\gexec
SELECT format('DROP DATABASE %I WITH (FORCE)', datname) FROM pg_database WHERE datname LIKE 'certflow\_test\_%'
\gexec
SQL

export CERTFLOW_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:${pg_port}/certflow_test"
export CERTFLOW_TEST_POSTGRES_USERNAME=certflow_test
export CERTFLOW_TEST_POSTGRES_PASSWORD
