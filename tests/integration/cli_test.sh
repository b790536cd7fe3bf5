#!/usr/bin/env bash
# CLI integration tests on the seed articles and on bad input.
#   cli_test.sh PATH_TO_STORYLINE SOURCE_DIR
set -uo pipefail
SL=$1
SRC=$2
T=$(mktemp -d /tmp/storyline-cli-XXXXXX)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
D="$T/store"
fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
expect_rc() {  # name expected_rc actual_rc
  if [ "$2" = "$3" ]; then pass "$1 (exit $3)"; else fail "$1: exit $3, expected $2"; fi
}
expect_grep() {  # name pattern file
  if grep -q -- "$2" "$3"; then pass "$1"; else fail "$1: no '$2' in:"; sed 's/^/     /' "$3" | head -20; fi
}

# --- the seeds ---
"$SL" --data "$D" ingest "$SRC/examples" >"$T/out" 2>"$T/err"; expect_rc "ingest seeds" 0 $?
expect_grep "summary says 3 added" "3 added, 0 already present, 0 rejected" "$T/out"
"$SL" --data "$D" ingest "$SRC/examples" >"$T/out" 2>&1; expect_rc "re-ingest seeds" 0 $?
expect_grep "re-ingest adds nothing" "0 added, 3 already present" "$T/out"
"$SL" --data "$D" list >"$T/list"; expect_rc "list" 0 $?
expect_grep "list shows 000's title" "London’s mayor Sadiq Khan" "$T/list"
expect_grep "list shows 001's title" "Sadiq Khan Rejects Donald Trump’s Offer Of Muslim Ban ‘Exception’" "$T/list"
expect_grep "list shows 004 without title" "(no title)" "$T/list"
expect_grep "list shows the origin" "examples/004_8e91078493eb5b9b.txt" "$T/list"
expect_grep "list shows the date found in 000" "2016-05-07" "$T/list"
"$SL" --data "$D" --json list >"$T/json"; expect_rc "list --json" 0 $?
"$SL" list --json --data "$D" >"$T/json2"; expect_rc "global options after the command" 0 $?
cmp -s "$T/json" "$T/json2" && pass "options after the command mean the same" || fail "options after the command differ"
[ "$(wc -l <"$T/json")" = 3 ] && pass "list --json has 3 lines" || fail "list --json line count"
[ "$(grep -c '"language":"en"' "$T/json")" = 3 ] && pass "all three are English" || fail "languages"
/usr/bin/python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$T/json" \
  && pass "list --json is valid JSON Lines" || fail "list --json is not JSON"
id004=$(grep '004_8e91078493eb5b9b' "$T/json" | sed -E 's/.*"id":"([0-9a-f]{16})".*/\1/')
"$SL" --data "$D" show "${id004:0:6}" >"$T/show"; expect_rc "show by prefix" 0 $?
expect_grep "show says 004's date is unknown" "published:  unknown" "$T/show"
expect_grep "show prints the text" "Zohran Mamdani" "$T/show"
"$SL" --data "$D" --json show "$id004" >"$T/showj"; expect_rc "show --json" 0 $?
expect_grep "show --json has the text" '"text":"London Mayor Sadiq Khan has been informally guiding' "$T/showj"
"$SL" --data "$D" show ffffffffffffffff >/dev/null 2>"$T/err"; expect_rc "show unknown id" 1 $?
expect_grep "unknown id message" "no article with id" "$T/err"
"$SL" --data "$D" show zz! >/dev/null 2>"$T/err"; expect_rc "show malformed id" 2 $?
"$SL" --data "$D" stats >"$T/stats"; expect_rc "stats" 0 $?
expect_grep "stats counts" "articles:   3" "$T/stats"
"$SL" --data "$D" check >"$T/check"; expect_rc "check" 0 $?
expect_grep "check ok" "^ok: 3 articles" "$T/check"
STORYLINE_DATA="$D" "$SL" list --limit 1 >/dev/null; expect_rc "STORYLINE_DATA selects the store" 0 $?
"$SL" --data "$T/nowhere" list >/dev/null 2>"$T/err"; expect_rc "list on a missing store" 4 $?
expect_grep "missing store says how to create one" "storyline ingest" "$T/err"
"$SL" frobnicate >/dev/null 2>&1; expect_rc "unknown command" 2 $?
"$SL" ingest --help >"$T/help"; expect_rc "ingest --help" 0 $?
expect_grep "help has examples" "Examples:" "$T/help"

# --- search ---
"$SL" --data "$D" search '"sadiq khan" trump' >"$T/search" 2>"$T/err"; expect_rc "search the seeds" 0 $?
[ "$(grep -c '^ *[0-9]\. ' "$T/search")" = 3 ] && pass "all three seeds match" || fail "search hits: $(cat "$T/search")"
expect_grep "the two 2016 articles about Khan and Trump rank above the 2025 one" "3\. unknown     004_8e91078493eb5b9b" "$T/search"
expect_grep "matches are marked in the snippet" "\[Sadiq\] \[Khan\]" "$T/search"
expect_grep "the count goes to stderr" "3 matching articles" "$T/err"
"$SL" --data "$D" search 'offer exception' >"$T/search" 2>/dev/null; expect_rc "search two words" 0 $?
expect_grep "the article titled with both words ranks first" "1\. 2016-05-07  001_85f2262cd321ad9c  Sadiq Khan Rejects" "$T/search"
"$SL" --data "$D" search 'exceptions' >"$T/search" 2>/dev/null; expect_rc "stemmed search" 0 $?
expect_grep "the quote is the snippet" "There will always be \[exceptions\]" "$T/search"
"$SL" --data "$D" search 'mamdani' --from 2016 --to 2016-12 >/dev/null 2>&1; expect_rc "a date filter leaves out the undated 2025 article" 1 $?
"$SL" --data "$D" search khan --facets >"$T/facets" 2>/dev/null; expect_rc "search with facets" 0 $?
expect_grep "facets count every match" "^3 matching articles, copies included" "$T/facets"
expect_grep "facets by month, the undated apart" "^by month: 2016-05 2" "$T/facets"
expect_grep "facets list languages" "^languages: en 3" "$T/facets"
"$SL" --data "$D" --json search khan --facets --by day --limit 1 2>/dev/null | tail -1 >"$T/facets.json"
expect_grep "facets as JSON" '"dates":\[{"count":2,"value":"2016-05-07"}\]' "$T/facets.json"
"$SL" --data "$D" search 'mamdani' >"$T/search" 2>/dev/null; expect_rc "the 2025 article without the filter" 0 $?
"$SL" --data "$D" --json search 'title:khan' >"$T/sj" 2>/dev/null; expect_rc "search --json" 0 $?
/usr/bin/python3 -c "
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
assert [r['rank'] for r in rows]==[1,2], rows
assert all(set(r)>={'id','score','title','date','source','url','snippet'} for r in rows)
" "$T/sj" && pass "search --json lines carry id, score, title, date, source, url, snippet" || fail "search --json"
"$SL" --data "$D" search 'khan AND' >/dev/null 2>"$T/err"; expect_rc "a malformed query" 2 $?
expect_grep "the error names the position and what to do" "at character 9" "$T/err"

# --- compact: one batch per seed, then one postings file; same hits, check clean ---
C="$T/compact-store"
for f in "$SRC"/examples/*.txt; do "$SL" --data "$C" --quiet ingest "$f" >/dev/null 2>&1; done
[ "$(ls "$C/segments" | grep -c '\.slp$')" = 3 ] && pass "three batches, three postings files" \
  || fail "postings files before compact: $(ls "$C/segments")"
"$SL" --data "$C" --json search 'khan OR trump' >"$T/before" 2>/dev/null
"$SL" --data "$C" compact >"$T/compact" 2>&1; expect_rc "compact" 0 $?
expect_grep "compact reports the merge" "3 files (.*) -> 1" "$T/compact"
[ "$(ls "$C/segments" | grep -c '\.slp$')" = 1 ] && pass "one postings file after compact" \
  || fail "postings files after compact: $(ls "$C/segments")"
"$SL" --data "$C" --json search 'khan OR trump' >"$T/after" 2>/dev/null
cmp -s "$T/before" "$T/after" && pass "compact keeps the hits and scores" || fail "compact changed the hits"
"$SL" --data "$C" check >"$T/check"; expect_rc "check after compact" 0 $?
"$SL" compact --help >"$T/help"; expect_rc "compact --help" 0 $?
expect_grep "compact help says when ingest merges" "runs of 4 files" "$T/help"

# --- delete and ingest --replace: on a copy of the seeds' store ---
X="$T/delete-store"
"$SL" --data "$X" --quiet ingest "$SRC"/examples >/dev/null 2>&1
ID001=$("$SL" --data "$X" --json list | grep '001_' | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
"$SL" --data "$X" delete "$ID001" >"$T/del"; expect_rc "delete an article" 0 $?
expect_grep "delete reports what it did" "deleted 1 article .*1 stories updated" "$T/del"
"$SL" --data "$X" show "$ID001" >/dev/null 2>"$T/err"; expect_rc "show a deleted article" 1 $?
"$SL" --data "$X" --json search 'khan' >"$T/s" 2>/dev/null
[ "$(grep -c '"id"' "$T/s")" = 2 ] && ! grep -q "$ID001" "$T/s" && pass "search skips the deleted article" \
  || fail "search after delete: $(cat "$T/s")"
"$SL" --data "$X" stats >"$T/stats"; expect_grep "stats counts the deleted" "1 deleted" "$T/stats"
"$SL" --data "$X" delete ffffffffffffffff >"$T/out" 2>"$T/err"; expect_rc "delete an unknown id" 1 $?
expect_grep "the error names the id" "ffffffffffffffff" "$T/err"
"$SL" --data "$X" delete >"$T/out" 2>"$T/err"; expect_rc "delete without ids" 2 $?
"$SL" --data "$X" compact >/dev/null 2>&1; "$SL" --data "$X" check >"$T/check"; expect_rc "check after delete and compact" 0 $?
"$SL" --data "$X" --quiet ingest "$SRC"/examples/001_*.txt >/dev/null 2>&1
"$SL" --data "$X" list >"$T/l"; [ "$(grep -c '^[0-9a-f]\{16\}' "$T/l")" = 3 ] && pass "a deleted article ingested again is back" \
  || fail "list after re-ingest: $(cat "$T/l")"
printf '%s\n' '{"url":"https://ex.com/a","title":"Vote","text":"The council voted on the budget on Tuesday, officials said."}' >"$T/v1.jsonl"
printf '%s\n' '{"url":"https://ex.com/a","title":"Vote (updated)","text":"The council voted on the budget on Tuesday, officials said, after a long debate."}' >"$T/v2.jsonl"
"$SL" --data "$X" --quiet ingest "$T/v1.jsonl" >/dev/null 2>&1
"$SL" --data "$X" ingest --replace "$T/v2.jsonl" >"$T/rep" 2>&1; expect_rc "ingest --replace" 0 $?
expect_grep "ingest reports the replaced version" "1 older versions replaced" "$T/rep"
"$SL" --data "$X" search 'debate OR budget' >"$T/s" 2>/dev/null
grep -q "Vote (updated)" "$T/s" && ! grep -q "Vote  (" "$T/s" && pass "only the new version is found" \
  || fail "search after replace: $(cat "$T/s")"

# --- deferred analysis: stored and searchable at once, analysed later ---
F="$T/deferred-store"
"$SL" --data "$F" ingest --defer-analysis "$SRC/examples" >"$T/out" 2>"$T/err"; expect_rc "ingest --defer-analysis" 0 $?
expect_grep "deferred ingest says what to run" "storyline analyze" "$T/out"
"$SL" --data "$F" search '"sadiq khan"' >"$T/search" 2>"$T/err"; expect_rc "search before analyze" 0 $?
[ "$(grep -c '^ *[0-9]\. ' "$T/search")" = 3 ] && pass "search finds the seeds before analyze" || fail "search before analyze: $(cat "$T/search")"
"$SL" --data "$F" stats >"$T/stats"; expect_rc "stats before analyze" 0 $?
expect_grep "stats says 3 articles await analysis" "analysis:   3 articles await analysis" "$T/stats"
"$SL" --data "$F" --json stats >"$T/statsj"; expect_grep "stats --json counts them" '"awaiting_analysis":3' "$T/statsj"
"$SL" --data "$F" stories --min-size 1 >"$T/out" 2>&1
"$SL" --data "$F" analyze >"$T/analyze" 2>"$T/err"; expect_rc "analyze" 0 $?
expect_grep "analyze reports what it did" "3 placed in stories" "$T/analyze"
"$SL" --data "$F" stats >"$T/stats"; expect_rc "stats after analyze" 0 $?
grep -q "await analysis" "$T/stats" && fail "stats still lists articles awaiting analysis" || pass "nothing awaits analysis"
"$SL" --data "$F" stories --min-size 1 >"$T/stories"; expect_rc "stories after analyze" 0 $?
expect_grep "analyze made the May 2016 story" "2016-05-07 .* 2 articles" "$T/stories"
"$SL" --data "$F" entities --type PER >"$T/ent"; expect_grep "analyze found Sadiq Khan" "1  PER .* 3  Sadiq Khan" "$T/ent"
"$SL" --data "$F" analyze >"$T/analyze" 2>&1; expect_rc "analyze again" 0 $?
expect_grep "a second analyze has nothing to do" "nothing to analyze" "$T/analyze"
"$SL" --data "$F" --json analyze >"$T/analyzej" 2>&1; expect_grep "analyze --json" '"event":"summary"' "$T/analyzej"
"$SL" --data "$F" check >"$T/check"; expect_rc "check after analyze" 0 $?
"$SL" analyze --help >"$T/help"; expect_rc "analyze --help" 0 $?
expect_grep "analyze help names the ingest flag" "defer-analysis" "$T/help"
"$SL" ingest --help >"$T/help"; expect_grep "ingest help lists --defer-analysis" "\-\-defer-analysis" "$T/help"
"$SL" --data "$T/nowhere2" analyze >/dev/null 2>"$T/err"; expect_rc "analyze on a missing store" 4 $?
[ -e "$T/nowhere2" ] && fail "analyze created a store" || pass "analyze does not create a store"

# --- near-duplicates: the seeds are three different articles; a shortened reprint joins 001 ---
# --- entities ---
"$SL" --data "$D" entities --type PER >"$T/ent"; expect_rc "entities --type PER" 0 $?
expect_grep "entities ranks Sadiq Khan first" "1  PER .* 3  Sadiq Khan" "$T/ent"
"$SL" --data "$D" entity khan >"$T/khan"; expect_rc "entity khan" 0 $?
expect_grep "entity resolves khan" "Sadiq Khan (PER" "$T/khan"
expect_grep "entity lists co-occurring Trump" "PER   Donald Trump" "$T/khan"
"$SL" --data "$D" entity "Nobody Atall" >"$T/out" 2>"$T/err"; expect_rc "entity unknown" 1 $?
expect_grep "unknown entity says what to do" "storyline entities" "$T/err"
"$SL" --data "$D" entities --type PERSON >"$T/out" 2>"$T/err"; expect_rc "entities bad type" 2 $?
"$SL" --data "$D" stats >"$T/stats"; expect_rc "stats" 0 $?
expect_grep "stats counts entities" "entities:   [0-9]* (PER [0-9]*, ORG" "$T/stats"
"$SL" --data "$D" graph --format gexf >"$T/g.gexf"; expect_rc "graph gexf" 0 $?
expect_grep "gexf has Sadiq Khan" 'label="Sadiq Khan"' "$T/g.gexf"
"$SL" --data "$D" graph --entity trump --json >"$T/g.json"; expect_rc "graph json" 0 $?
expect_grep "graph json has edges" '"weight":3' "$T/g.json"

# --- stories, storylines, timeline ---
"$SL" --data "$D" stories --min-size 1 >"$T/stories"; expect_rc "stories" 0 $?
expect_grep "stories: the May 2016 story has two articles" "2016-05-07 .* 2 articles" "$T/stories"
"$SL" --data "$D" stories >"$T/out" 2>"$T/err"; expect_rc "stories of two or more" 0 $?
"$SL" --data "$D" storylines >"$T/lines"; expect_rc "storylines" 0 $?
expect_grep "storyline links the 2016 and 2025 stories through Zac Goldsmith" "0 - 1 .*Zac Goldsmith" "$T/lines"
"$SL" --data "$D" story 0 --json >"$T/story.json"; expect_rc "story json" 0 $?
expect_grep "story json has a timeline" '"timeline":\[' "$T/story.json"
"$SL" --data "$D" story 99 >"$T/out" 2>"$T/err"; expect_rc "unknown story" 1 $?
expect_grep "unknown story says what to do" "storyline stories" "$T/err"
"$SL" --data "$D" entity khan >"$T/khan2"; expect_grep "entity profile lists its stories" "story 0 " "$T/khan2"
"$SL" --data "$D" timeline --entity "Sadiq Khan" --json >"$T/tl"; expect_rc "timeline --entity" 0 $?
expect_grep "timeline counts the dated articles" '{"articles":2,"period":"2016-05-07"}' "$T/tl"
"$SL" --data "$D" timeline >"$T/out" 2>"$T/err"; expect_rc "timeline without a subject" 2 $?
"$SL" --data "$D" timeline trump --by year >"$T/out" 2>"$T/err"; expect_rc "timeline bad --by" 2 $?
"$SL" --data "$D" quotes --speaker khan >"$T/quotes"; expect_rc "quotes --speaker" 0 $?
expect_grep "quotes attributes Khan's words to Sadiq Khan" "Sadiq Khan (\"Khan\"), added" "$T/quotes"
"$SL" --data "$D" quotes --about "Truth Social" --json >"$T/quotes.json"; expect_rc "quotes --about" 0 $?
expect_grep "an unnamed source is kept as written" '"speaker":"A London City Hall source"' "$T/quotes.json"
"$SL" --data "$D" dupes >"$T/out" 2>"$T/err"; expect_rc "dupes: the seeds have no copies" 1 $?
expect_grep "dupes says none" "no groups of 2 or more" "$T/err"
"$SL" --data "$D" dupes --min-size 1 --limit 0 --json >"$T/map"; expect_rc "dupes --min-size 1" 0 $?
[ "$(wc -l <"$T/map")" = 3 ] && pass "the complete mapping lists every article" || fail "mapping lines"
/usr/bin/python3 - "$SRC/examples/001_85f2262cd321ad9c.txt" "$T/reprint.jsonl" <<'PY'
import json, sys
body = open(sys.argv[1], encoding="utf-8").read().split("\n", 1)[1].strip().split("\n")
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "reprint", "source": "Daily Reprint", "title": "Khan snubs Trump",
                        "date": "2016-05-12", "text": "\n".join(body[: len(body) * 2 // 3])}) + "\n")
PY
"$SL" --data "$D" ingest "$T/reprint.jsonl" >"$T/out" 2>&1; expect_rc "ingest a reprint" 0 $?
expect_grep "summary counts the near-duplicate" "1 near-duplicates" "$T/out"
"$SL" --data "$D" dupes >"$T/dupes"; expect_rc "dupes" 0 $?
expect_grep "dupes lists a group of two" "2 articles" "$T/dupes"
expect_grep "the seed is the original" "f83f58f7098a2cfa  2016-05-07  original" "$T/dupes"
expect_grep "the reprint derives from it" "100% in f83f58f7    Daily Reprint" "$T/dupes"
"$SL" --data "$D" search 'lashed' >"$T/search" 2>/dev/null; expect_rc "search finds the original and its reprint" 0 $?
[ "$(grep -c '^ *[0-9]\. ' "$T/search")" = 1 ] && pass "copies collapse into one hit" || fail "collapse: $(cat "$T/search")"
expect_grep "the hit counts its copies" "+1 copies" "$T/search"
"$SL" --data "$D" search 'lashed' --all-copies >"$T/search" 2>/dev/null
[ "$(grep -c '^ *[0-9]\. ' "$T/search")" = 2 ] && pass "--all-copies lists both" || fail "all copies: $(cat "$T/search")"
"$SL" --data "$D" show f83f58f7 >"$T/show"; expect_rc "show the original" 0 $?
expect_grep "show lists its copies" "copies:     2 articles in near-duplicate group" "$T/show"
"$SL" --data "$D" --json dupes >"$T/dj"; expect_rc "dupes --json" 0 $?
expect_grep "dupes --json names the canonical member" '"canonical":true' "$T/dj"
n=$(sqlite3 -readonly "$D/catalog.db" "SELECT COUNT(*) FROM article_groups WHERE group_size = 2")
[ "$n" = 2 ] && pass "article_groups view in the catalog" || fail "article_groups: $n"
"$SL" --data "$D" check >"$T/check"; expect_rc "check with groups" 0 $?

# --- check names what is damaged ---
cp -r "$D" "$T/damaged"
seg=$(ls "$T/damaged/segments/"*.sls | head -1)
/usr/bin/python3 - "$seg" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[60] ^= 0x20  # inside the first compressed block
open(p, 'wb').write(bytes(b))
PY
"$SL" --data "$T/damaged" check >"$T/check" 2>&1; expect_rc "check on a flipped segment byte" 4 $?
expect_grep "check names the damaged segment" "DAMAGED: .*$(basename "$seg")" "$T/check"
cp -r "$D" "$T/edited"
sqlite3 "$T/edited/catalog.db" "UPDATE articles SET title='Edited behind our back' WHERE doc_id=1"
"$SL" --data "$T/edited" check >"$T/check" 2>&1; expect_rc "check on an edited catalog row" 4 $?
expect_grep "check names the edited row" "row checksum mismatch" "$T/check"
cp -r "$D" "$T/regrouped"
sqlite3 "$T/regrouped/catalog.db" "UPDATE dup_members SET member_rank=7 WHERE member_rank=1"
"$SL" --data "$T/regrouped" check >"$T/check" 2>&1; expect_rc "check on an edited group row" 4 $?
expect_grep "check names the inconsistent group" "near-duplicate group 1 is inconsistent" "$T/check"
sqlite3 "$T/regrouped/catalog.db" "UPDATE dup_keys SET band_keys=zeroblob(length(band_keys))"
"$SL" --data "$T/regrouped" check >"$T/check" 2>&1; expect_rc "check on edited band keys" 4 $?
expect_grep "check names the batch of the keys" "near-duplicate keys of batch" "$T/check"

# --- a second writer gets a clear message ---
flock "$D/LOCK" sleep 3 &
sleep 0.5
"$SL" --data "$D" ingest "$SRC/examples" >/dev/null 2>"$T/err"; expect_rc "second writer refused" 4 $?
expect_grep "second writer message" "another storyline process" "$T/err"
"$SL" --data "$D" list >/dev/null; expect_rc "readers work while a writer holds the lock" 0 $?
wait

# --- bad input: each reported, every good record around it ingested ---
B="$T/bad"; mkdir -p "$B/locked"
printf '{"id":"g1","title":"Good one","text":"First good record."}\n{"id":"b1","title":"Broken",\n{"id":"g2","title":"Good two","text":"Second good record."}\n' >"$B/broken.jsonl"
printf 'Title here\n\nInvalid \xff\xfe UTF-8 in an otherwise fine text.\n' >"$B/invalid-utf8.txt"
printf '{"id":"u1","title":"Bad bytes","text":"abc \xc3\x28 def"}\n{"id":"g3","title":"Good three","text":"Third good record."}\n' >"$B/invalid-utf8.jsonl"
printf 'NUL title\n\nText with a NUL\x00 byte inside.\n' >"$B/nul.txt"
: >"$B/empty.jsonl"
/usr/bin/python3 - "$B" <<'PY'
import gzip, sys
d = sys.argv[1]
data = b''.join(b'{"id":"z%d","title":"Zipped %d","text":"Zipped record number %d."}\n' % (i, i, i) for i in range(2000))
blob = gzip.compress(data)
open(d + '/truncated.jsonl.gz', 'wb').write(blob[: len(blob) * 2 // 3])
with open(d + '/huge.jsonl', 'wb') as f:
    f.write(b'{"id":"h1","title":"Before huge","text":"Before the huge line."}\n')
    f.write(b'{"id":"big","text":"' + b'x' * (200 * 1024 * 1024) + b'"}\n')
    f.write(b'{"id":"h2","title":"After huge","text":"After the huge line."}\n')
PY
printf '{"id":"l1","title":"Locked","text":"In a locked directory."}\n' >"$B/locked/x.jsonl"
chmod 000 "$B/locked"
"$SL" --data "$T/bad-store" ingest "$B" >"$T/out" 2>"$T/err"; expect_rc "bad input gives exit 3" 3 $?
cat "$T/err" | sed 's/^/     | /' | head -30
expect_grep "broken JSON named with its line" "broken.jsonl:2" "$T/err"
expect_grep "invalid UTF-8 in JSON named" "invalid-utf8.jsonl:1" "$T/err"
expect_grep "repaired UTF-8 in text reported" "invalid-utf8.txt" "$T/err"
expect_grep "NUL bytes reported" "nul.txt" "$T/err"
expect_grep "empty file reported" "empty.jsonl" "$T/err"
expect_grep "truncated gzip reported" "truncated.jsonl.gz" "$T/err"
expect_grep "huge line reported" "huge.jsonl:2" "$T/err"
if [ "$(id -u)" != 0 ]; then expect_grep "locked directory reported" "locked" "$T/err"; fi
"$SL" --data "$T/bad-store" --json list --limit 0 >"$T/bad.json"
for t in "Good one" "Good two" "Good three" "Before huge" "After huge" "Title here" "NUL title" "Zipped 0" "Zipped 999"; do
  grep -q "\"title\":\"$t\"" "$T/bad.json" && pass "good record '$t' ingested" || fail "good record '$t' missing"
done
"$SL" --data "$T/bad-store" check >/dev/null; expect_rc "check after bad input" 0 $?

# --- Ctrl-C: the first one commits what was read ---
"$SL" --data "$T/int-store" --json ingest - --batch-articles 50 >"$T/int.out" 2>"$T/int.err" < <(
  for i in $(seq 1 300); do printf '{"id":"i%d","title":"Interrupt %d","text":"Record %d before the interrupt."}\n' $i $i $i; done
  sleep 30) &
pid=$!
sleep 2
kill -INT $pid
wait $pid; expect_rc "first Ctrl-C ends ingest with 130" 130 $?
expect_grep "interrupt message" "committing what was read" "$T/int.err"
expect_grep "summary says interrupted" '"interrupted":true' "$T/int.out"
[ "$("$SL" --data "$T/int-store" --json list --limit 0 | wc -l)" = 300 ] && pass "all 300 records read before Ctrl-C committed" || fail "records read before Ctrl-C not all committed"
"$SL" --data "$T/int-store" check >/dev/null; expect_rc "check after Ctrl-C" 0 $?

# --- a slow stream commits within --batch-seconds, and Ctrl-C ends it while stdin is idle ---
mkfifo "$T/feed"
"$SL" --data "$T/stream-store" ingest - --batch-seconds 1 <"$T/feed" >"$T/stream.out" 2>&1 &
pid=$!
exec 7>"$T/feed"
printf '{"id":"t1","title":"Streamed","text":"One record from a slow feed."}\n' >&7
sleep 3
"$SL" --data "$T/stream-store" list 2>/dev/null | grep -q "Streamed" \
  && pass "a streamed record is committed while the feed stays open" \
  || fail "streamed record not committed within 3 s"
start=$(date +%s)
kill -INT $pid
wait $pid; rc=$?
elapsed=$(( $(date +%s) - start ))
exec 7>&-
expect_rc "Ctrl-C on an idle stdin ends ingest" 130 $rc
[ "$elapsed" -le 2 ] && pass "Ctrl-C on an idle stdin takes effect at once (${elapsed} s)" || fail "Ctrl-C took ${elapsed} s"

# --- stdin ---
printf '{"id":"s1","title":"From stdin","text":"Read from standard input."}\n' | "$SL" --data "$T/stdin-store" ingest - >/dev/null 2>&1
expect_rc "ingest from stdin" 0 $?
"$SL" --data "$T/stdin-store" list | grep -q "From stdin" && pass "stdin article stored" || fail "stdin article missing"

# --- HTML pages: extract prints JSON; ingest takes articles and reports other pages ---
HT="$SRC/src/html/testdata"
"$SL" extract "$HT/article_full.html" >"$T/extract.json"; expect_rc "extract an article page" 0 $?
expect_grep "extract gives the title" '"title": "Harbour bridge reopens after two years of repairs"' "$T/extract.json"
expect_grep "extract gives the kind" '"kind": "article"' "$T/extract.json"
expect_grep "extract gives the date" '"date": "2019-03-14T08:30:00Z"' "$T/extract.json"
expect_grep "extract gives the provenance" '"date_provenance": "metadata"' "$T/extract.json"
expect_grep "extract gives the byline" '"byline": "Maria Lindqvist"' "$T/extract.json"
grep -q "Share on Facebook" "$T/extract.json" && fail "extract kept the share bar" || pass "extract drops the share bar"
"$SL" extract "$HT/index_page.html" >"$T/extract2.json"; expect_rc "extract an index page" 0 $?
expect_grep "extract says index" '"kind": "index"' "$T/extract2.json"
"$SL" extract "$T/no-such.html" >/dev/null 2>"$T/err"; expect_rc "extract a missing file" 2 $?
expect_grep "missing file is named" "cannot read $T/no-such.html" "$T/err"
printf '' >"$T/empty.html"
"$SL" extract "$T/empty.html" >/dev/null 2>"$T/err"; expect_rc "extract an empty file" 3 $?
expect_grep "empty page message" "empty.html: the page is empty" "$T/err"
"$SL" --data "$T/html-store" ingest "$HT" >"$T/out" 2>"$T/err"; expect_rc "ingest a folder of HTML pages (an index page is left out, not an error)" 0 $?
expect_grep "one page added, one left out" "1 added, 0 already present, 0 rejected, 1 pages left out" "$T/out"
expect_grep "the index page is named with the reason" "left out: .*index_page.html: not an article: an index page" "$T/err"
# --- an HTML page on stdin is read as a page ---
"$SL" --data "$T/html-stdin" ingest - <"$HT/article_full.html" >/dev/null 2>"$T/err"; expect_rc "ingest an HTML page from stdin" 0 $?
"$SL" --data "$T/html-stdin" list >"$T/list"
expect_grep "the page from stdin is extracted, not stored as markup" "Harbour bridge reopens" "$T/list"
"$SL" --data "$T/html-stdin" list --json | grep -q '<' && fail "markup stored from stdin" || pass "no markup stored from stdin"
"$SL" --data "$T/html-store" list >"$T/list"; expect_rc "list the HTML store" 0 $?
expect_grep "the article is listed with its date" "2019-03-14.*Harbour bridge reopens" "$T/list"

echo "$fails failure(s)"
[ "$fails" = 0 ]
