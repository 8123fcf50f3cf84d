#!/usr/bin/env bash
# Adds a migration with the same name to every provider, so they stay in step.
# Usage: scripts/add-migration.sh NameOfChange
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NameOfChange}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer PostgreSql; do
  project=src/MioKarte.Migrations.$provider
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
