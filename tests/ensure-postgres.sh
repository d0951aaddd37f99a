# Sourced by tests/run. Makes a PostgreSQL server reachable for the tests and exports MICROCRED_TEST_POSTGRES.
# A server named by MICROCRED_TEST_POSTGRES is used as it is; otherwise the local Debian cluster is installed
# (apt, as root) and started if absent, with a `microcred` superuser that tests create their databases with.

if [ -n "${MICROCRED_TEST_POSTGRES:-}" ]; then
  return 0
fi
export MICROCRED_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=microcred;Password=microcred;Database=postgres"

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  echo "PostgreSQL is not installed: installing it (apt-get install -y postgresql)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || { echo "could not install PostgreSQL"; return 1; }
fi

read -r version cluster _ <<<"$(pg_lsclusters -h | head -n 1)"
if ! pg_lsclusters -h | head -n 1 | grep -q online; then
  pg_ctlcluster "$version" "$cluster" start || { echo "could not start PostgreSQL $version/$cluster"; return 1; }
fi

for _ in $(seq 1 30); do
  su postgres -c "psql -tAc 'SELECT 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'microcred'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE microcred LOGIN SUPERUSER PASSWORD 'microcred'\"" \
  || { echo "could not create the microcred role"; return 1; }
echo "PostgreSQL $version/$cluster is up for the tests"
