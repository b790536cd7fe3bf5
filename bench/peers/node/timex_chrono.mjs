// Temporal-expression peer: chrono-node 2 (casual English parser) on whole documents, each with
// its document creation time as the reference date.
//
//   node timex_chrono.mjs INPUT.jsonl > OUTPUT.jsonl
//
// INPUT: one JSON object per line, {"text": "...", "dct": "1998-11-20T19:30"} (a TIMEX3 value;
// only its date and time parts are used).
// OUTPUT: one line per input line, same order: a JSON array of [begin, end, "VALUE", "TYPE"],
// begin/end UTF-8 byte offsets into text (end exclusive).
// stderr, after the last line: "seconds <float>" (the chrono.parse loop only) and "documents <n>".
//
// chrono gives dates, not TIMEX3 values. The mapping, applied the same way to every result:
//  - the text "now" (any case) -> DATE PRESENT_REF (chrono reads it as the reference instant);
//  - a result whose day or weekday chrono found in the text (known, not implied) -> YYYY-MM-DD from
//    chrono's resolved components ("last Friday", "yesterday", "May 7, 2016");
//  - else a known month -> YYYY-MM (the year chrono resolved); else a known year -> YYYY;
//  - a known hour adds THH:MM and makes the type TIME ("10 am" alone is the reference day);
//  - ranges ("May 5 - 7") keep the whole span and the start's value.
// chrono has no durations, sets, quarters, seasons or decades, so it finds none of them.
import { readFileSync } from 'node:fs'
import * as chrono from 'chrono-node'

function die(msg) {
  process.stderr.write(`timex_chrono: ${msg}\n`)
  process.exit(2)
}

if (process.argv.length !== 3) die('usage: node timex_chrono.mjs INPUT.jsonl > OUTPUT.jsonl')
const path = process.argv[2]
let raw
try {
  raw = readFileSync(path, 'utf8')
} catch (e) {
  die(`cannot read ${path}: ${e.message}`)
}
const lines = raw.split('\n')
if (lines.length && lines[lines.length - 1] === '') lines.pop()
const docs = lines.map((line, i) => {
  let obj
  try {
    obj = JSON.parse(line)
  } catch (e) {
    die(`${path}:${i + 1}: not JSON: ${e.message}`)
  }
  if (!obj || typeof obj.text !== 'string') die(`${path}:${i + 1}: expected {"text": string, "dct": string}`)
  return obj
})

// The reference instant from a TIMEX3 value ("1998-11-20", "1998-11-20T19:30"); noon when no time.
function referenceOf(dct) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(dct || '')
  if (!m) return new Date()
  const hour = m[4] !== undefined ? Number(m[4]) : 12
  const minute = m[5] !== undefined ? Number(m[5]) : 0
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hour, minute)
}

const pad = (n, w = 2) => String(n).padStart(w, '0')

function valueOf(result) {
  if (result.text.trim().toLowerCase() === 'now') return ['PRESENT_REF', 'DATE']
  const s = result.start
  let value
  if (s.isCertain('day') || s.isCertain('weekday')) {
    value = `${pad(s.get('year'), 4)}-${pad(s.get('month'))}-${pad(s.get('day'))}`
  } else if (s.isCertain('month')) {
    value = `${pad(s.get('year'), 4)}-${pad(s.get('month'))}`
  } else if (s.isCertain('year')) {
    value = pad(s.get('year'), 4)
  } else {
    value = `${pad(s.get('year'), 4)}-${pad(s.get('month'))}-${pad(s.get('day'))}`
  }
  if (s.isCertain('hour')) {
    return [`${value}T${pad(s.get('hour'))}:${pad(s.get('minute') ?? 0)}`, 'TIME']
  }
  return [value, 'DATE']
}

const outputs = []
const t0 = process.hrtime.bigint()
const parsed = docs.map(d => chrono.parse(d.text, referenceOf(d.dct)))
const seconds = Number(process.hrtime.bigint() - t0) / 1e9

for (let i = 0; i < docs.length; i++) {
  const text = docs[i].text
  const spans = []
  for (const r of parsed[i]) {
    // UTF-16 indices to UTF-8 byte offsets.
    const begin = Buffer.byteLength(text.slice(0, r.index), 'utf8')
    const end = begin + Buffer.byteLength(r.text, 'utf8')
    const [value, type] = valueOf(r)
    spans.push([begin, end, value, type])
  }
  outputs.push(JSON.stringify(spans))
}
process.stdout.write(outputs.join('\n') + (outputs.length ? '\n' : ''))
process.stderr.write(`seconds ${seconds}\ndocuments ${docs.length}\n`)
