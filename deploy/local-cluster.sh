#!/usr/bin/env bash
# A local cluster on one machine: one PostgreSQL (the embedded one of the first node), then N api nodes
# and M silo nodes sharing it. Usage: deploy/local-cluster.sh [api-nodes] [silo-nodes]   (Ctrl+C stops all)
set -euo pipefail
cd "$(dirname "$0")/.."
API_NODES=${1:-2}
SILO_NODES=${2:-2}
DATA=${P4_DATA:-$PWD/.p4orleans/cluster}
mkdir -p "$DATA"

dotnet build api/P4Orleans.Api -c Release -v quiet
API=api/P4Orleans.Api/bin/Release/net10.0/P4Orleans.Api.dll
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait || true; }
trap cleanup EXIT INT TERM

# Node 1 starts the embedded PostgreSQL and owns it; it is a silo-only node.
Embedded__DataDirectory="$DATA/postgres" Keys__File="$DATA/keys.json" Silo__Role=Silo Silo__NodeId=silo-1 \
  ASPNETCORE_URLS=http://127.0.0.1:5100 dotnet "$API" & pids+=($!)
for _ in $(seq 1 60); do curl -sf http://127.0.0.1:5100/health/ready >/dev/null && break; sleep 1; done

SOCKET="$DATA/postgres/run"
CS="Host=$SOCKET;Port=5432;Username=p4orleans;Database=p4orleans"
for i in $(seq 2 "$SILO_NODES"); do
  ConnectionStrings__Postgres="$CS" Keys__File="$DATA/keys.json" Silo__Role=Silo Silo__NodeId="silo-$i" \
    ASPNETCORE_URLS="http://127.0.0.1:$((5100 + i - 1))" dotnet "$API" & pids+=($!)
done
for i in $(seq 1 "$API_NODES"); do
  ConnectionStrings__Postgres="$CS" Keys__File="$DATA/keys.json" Silo__Role=Api Silo__NodeId="api-$i" \
    ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$((5080 + i - 1))" dotnet "$API" & pids+=($!)
done
echo "cluster up: api nodes on ports 5080..$((5080 + API_NODES - 1)), silo nodes on 5100..$((5100 + SILO_NODES - 1)); Ctrl+C stops"
wait
