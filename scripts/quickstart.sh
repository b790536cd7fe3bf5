#!/usr/bin/env bash
# Installs what is needed, builds storyline (release) and runs the main job on the seed
# articles in examples/: ingest, list, show, stats, check, into ./storyline-data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target storyline
SL=./build/release/tools/storyline
DATA=${STORYLINE_DATA:-./storyline-data}
echo; echo "\$ storyline --data $DATA ingest examples/"
$SL --data "$DATA" ingest examples/
echo; echo "\$ storyline --data $DATA list"
$SL --data "$DATA" list
first=$($SL --data "$DATA" list --json --limit 1 | sed -E 's/.*"id":"([0-9a-f]+)".*/\1/')
echo; echo "\$ storyline --data $DATA show ${first:0:8}"
$SL --data "$DATA" show "${first:0:8}" | head -n 14
echo "  ..."
echo; echo "\$ storyline --data $DATA search '\"sadiq khan\" trump'"
$SL --data "$DATA" search '"sadiq khan" trump'
echo; echo "\$ storyline --data $DATA dupes"
$SL --data "$DATA" dupes || true
echo; echo "\$ storyline --data $DATA entities --type PER --limit 8"
$SL --data "$DATA" entities --type PER --limit 8
echo; echo "\$ storyline --data $DATA entity khan"
$SL --data "$DATA" entity khan | head -n 12
echo; echo "\$ storyline --data $DATA stories --min-size 1"
$SL --data "$DATA" stories --min-size 1
echo; echo "\$ storyline --data $DATA storylines"
$SL --data "$DATA" storylines
echo; echo "\$ storyline --data $DATA quotes --speaker khan --limit 2"
$SL --data "$DATA" quotes --speaker khan --limit 2
echo; echo "\$ storyline --data $DATA stats"
$SL --data "$DATA" stats
echo; echo "\$ storyline --data $DATA check"
$SL --data "$DATA" check
