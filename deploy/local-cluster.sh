#!/usr/bin/env bash
# A local Orleans cluster on one machine: N silo nodes and M api-only nodes on one PostgreSQL, one cluster id.
#
#   deploy/local-cluster.sh [--silos N] [--api M] [--cluster-id ID] [--postgres CONNECTION-STRING] [--no-build]
#
# Defaults: 2 silos, 1 api node, cluster id "local", and (without --postgres) the embedded PostgreSQL of
# silo-1, reachable by the others on 127.0.0.1:55432 with its generated password. Ports (see deploy/README.md):
#   api node j  HTTP 5080+j-1
#   silo i      HTTP 5100+i-1 (health only), silo-to-silo 11111+i-1, gateway 30000+i-1
# Ctrl+C stops every node. Try a failover: kill -9 the pid printed for silo-2 and keep calling the api node.
set -euo pipefail
cd "$(dirname "$0")/.."

SILOS=2 APIS=1 CLUSTER_ID=local POSTGRES="" BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) SILOS=$2; shift 2 ;;
    --api) APIS=$2; shift 2 ;;
    --cluster-id) CLUSTER_ID=$2; shift 2 ;;
    --postgres) POSTGRES=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n 2,11p "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
[ "$SILOS" -ge 1 ] || { echo "at least one silo is needed: api-only nodes host no grains" >&2; exit 2; }

DATA=${P4_DATA:-$PWD/.p4orleans/cluster-$CLUSTER_ID}
mkdir -p "$DATA"
CONFIGURATION=${P4_CONFIGURATION:-Release}
if [ "$BUILD" = 1 ]; then dotnet build api/P4Orleans.Api -c "$CONFIGURATION" -v quiet; fi
API=api/P4Orleans.Api/bin/$CONFIGURATION/net10.0/P4Orleans.Api.dll

pids=()
cleanup() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; wait || true; }
trap cleanup EXIT INT TERM

wait_ready() { # port name
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "$2 not ready on port $1 (see $DATA/$2.log)" >&2; exit 1
}

# What every node shares: the database, the master keys, the cluster, the membership timing (README: Membership).
common=(
  Keys__File="$DATA/keys.json"
  Silo__ClusterId="$CLUSTER_ID" Silo__ServiceId=p4orleans Silo__AdvertisedAddress=127.0.0.1
  ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
)

start() { # name role http-port [extra settings...]
  local name=$1 role=$2 http=$3; shift 3
  env "${common[@]}" Silo__Role="$role" Silo__Name="$name" ASPNETCORE_URLS="http://127.0.0.1:$http" "$@" \
    dotnet "$API" >"$DATA/$name.log" 2>&1 &
  pids+=($!)
  echo "$name ($role) pid $! http $http${SILO_PORTS:+ $SILO_PORTS}"
}

if [ -z "$POSTGRES" ]; then
  # silo-1 owns the embedded PostgreSQL (it stops it on exit): kill another silo to watch a failover.
  SILO_PORTS="silo 11111 gateway 30000" start silo-1 Silo 5100 Silo__SiloPort=11111 Silo__GatewayPort=30000 \
    Embedded__DataDirectory="$DATA/postgres" Embedded__ListenAddress=127.0.0.1 Embedded__Port=55432
  wait_ready 5100 silo-1
  POSTGRES="Host=127.0.0.1;Port=55432;Username=p4orleans;Password=$(cat "$DATA/postgres/superuser-password");Database=p4orleans"
  first=2
else
  first=1
fi
common+=(ConnectionStrings__Postgres="$POSTGRES")

for i in $(seq "$first" "$SILOS"); do
  SILO_PORTS="silo $((11110 + i)) gateway $((29999 + i))" start "silo-$i" Silo "$((5099 + i))" \
    Silo__SiloPort=$((11110 + i)) Silo__GatewayPort=$((29999 + i))
done
for i in $(seq "$first" "$SILOS"); do wait_ready "$((5099 + i))" "silo-$i"; done
for j in $(seq 1 "$APIS"); do
  SILO_PORTS="" start "api-$j" Api "$((5079 + j))"
done
for j in $(seq 1 "$APIS"); do wait_ready "$((5079 + j))" "api-$j"; done

echo "cluster '$CLUSTER_ID' up: api on http://127.0.0.1:5080..$((5079 + APIS)), $SILOS silos; logs in $DATA; Ctrl+C stops all"
wait
