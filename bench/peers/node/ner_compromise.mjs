// Named-entity peer: compromise 14 (people / organizations / places) on pre-tokenised sentences.
//
//   node ner_compromise.mjs INPUT.jsonl > OUTPUT.jsonl
//
// INPUT: one JSON object per line, {"words": ["EU", "rejects", "German", "call", ...]}.
// OUTPUT: one line per input line, same order: a JSON array of [begin, end, "TYPE"] token spans
// (end exclusive, sorted by begin), TYPE in PER / ORG / LOC. compromise has no MISC type.
// stderr, after the last line: "seconds <float>" (tagging loop only) and "sentences <n> tokens <n>".
// See ../README.md.
import { readFileSync } from 'node:fs'
import nlp from 'compromise'

const TYPES = [
  ['people', 'PER'],
  ['organizations', 'ORG'],
  ['places', 'LOC'],
]
const JSON_OPTS = { offset: true, terms: true, text: false }

function die(msg) {
  process.stderr.write(`ner_compromise: ${msg}\n`)
  process.exit(2)
}

if (process.argv.length !== 3) die('usage: node ner_compromise.mjs INPUT.jsonl > OUTPUT.jsonl')
const path = process.argv[2]
let raw
try {
  raw = readFileSync(path, 'utf8')
} catch (e) {
  die(`cannot read ${path}: ${e.message}`)
}
const lines = raw.split('\n')
if (lines.length && lines[lines.length - 1] === '') lines.pop()
const sentences = lines.map((line, i) => {
  let obj
  try {
    obj = JSON.parse(line)
  } catch (e) {
    die(`${path}:${i + 1}: not JSON: ${e.message}`)
  }
  if (!obj || !Array.isArray(obj.words) || !obj.words.every(w => typeof w === 'string')) {
    die(`${path}:${i + 1}: expected {"words": [string, ...]}`)
  }
  return obj.words
})

// Tokens whose character range [tokStart[i], tokEnd[i]) overlaps [start, end); null when none.
function tokenRange(tokStart, tokEnd, start, end) {
  if (end <= start) end = start + 1 // a zero-length term still marks the token it sits in
  let b = -1
  let e = -1
  for (let i = 0; i < tokStart.length; i++) {
    if (tokStart[i] < end && tokEnd[i] > start) {
      if (b < 0) b = i
      e = i + 1
    }
  }
  return b < 0 ? null : [b, e]
}

const out = new Array(sentences.length)
let tokens = 0
const t0 = process.hrtime.bigint()
for (let s = 0; s < sentences.length; s++) {
  const words = sentences[s]
  tokens += words.length
  const tokStart = new Array(words.length)
  const tokEnd = new Array(words.length)
  let pos = 0
  for (let i = 0; i < words.length; i++) {
    tokStart[i] = pos
    tokEnd[i] = pos + words[i].length
    pos = tokEnd[i] + 1
  }
  const text = words.join(' ')
  const doc = nlp(text)
  const kept = []
  for (const [method, type] of TYPES) {
    for (const m of doc[method]().json(JSON_OPTS)) {
      const terms = m.terms
      if (!terms || terms.length === 0) continue
      // The match's own offset.length counts punctuation attached to its last term (for
      // "New York ." it covers the "."), so the range is taken from the first and last terms.
      const first = terms[0].offset
      const last = terms[terms.length - 1].offset
      const r = tokenRange(tokStart, tokEnd, first.start, last.start + last.length)
      if (!r) continue
      if (kept.some(k => k[0] < r[1] && r[0] < k[1])) continue
      kept.push([r[0], r[1], type])
    }
  }
  kept.sort((a, b) => a[0] - b[0])
  out[s] = JSON.stringify(kept)
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9

if (out.length) process.stdout.write(out.join('\n') + '\n')
process.stderr.write(`seconds ${seconds.toFixed(6)}\n`)
process.stderr.write(`sentences ${sentences.length} tokens ${tokens}\n`)
