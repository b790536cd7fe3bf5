// Main-text extraction peer: Mozilla Readability.js 0.6.0 on jsdom 26.1.0.
//
//   node extract_readability.mjs PAGES.tsv > OUTPUT.jsonl
//
// PAGES.tsv: one page per line, "id<TAB>path<TAB>url" (url may be empty).
// OUTPUT: one JSON object per input line, same order:
//   {"id": ..., "text": textContent or "", "title": ..., "byline": ..., "published": publishedTime,
//    "ms": wall milliseconds for this page (jsdom parse + Readability.parse, file read excluded),
//    "cpu_ms": CPU milliseconds of the node process over the same span (all its threads: JIT, GC)}
// jsdom gets the raw bytes (a Buffer) so it sniffs the charset itself (BOM, <meta>, else
// windows-1252), as a browser would. stderr, after the last line: "seconds <float>" (the sum of
// the per-page wall times), "cpu_seconds <float>" and "pages <n> bytes <n>". See ../README.md.
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { JSDOM, VirtualConsole } from 'jsdom'
import { Readability } from '@mozilla/readability'

function die(msg) {
  process.stderr.write(`extract_readability: ${msg}\n`)
  process.exit(2)
}

if (process.argv.length !== 3) die('usage: node extract_readability.mjs PAGES.tsv > OUTPUT.jsonl')
let list
try {
  list = readFileSync(process.argv[2], 'utf8')
} catch (e) {
  die(`cannot read ${process.argv[2]}: ${e.message}`)
}
const virtualConsole = new VirtualConsole()  // drops jsdom's CSS and script warnings
let total = 0
let totalCpu = 0
let pages = 0
let bytes = 0
for (const line of list.split('\n')) {
  if (line === '') continue
  const [id, path, url] = line.split('\t')
  const html = readFileSync(path)
  bytes += html.length
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  let out = { id, text: '', title: '', byline: '', published: '' }
  try {
    const dom = new JSDOM(html, { url: url || 'http://localhost/', contentType: 'text/html',
                                  virtualConsole })
    const article = new Readability(dom.window.document).parse()
    if (article) {
      out.text = article.textContent || ''
      out.title = article.title || ''
      out.byline = article.byline || ''
      out.published = article.publishedTime || ''
    }
    dom.window.close()
  } catch (e) {
    out.error = String(e && e.message)
  }
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(c0)
  const cpuMs = (cpu.user + cpu.system) / 1000
  total += ms
  totalCpu += cpuMs
  pages += 1
  out.ms = ms
  out.cpu_ms = cpuMs
  process.stdout.write(JSON.stringify(out) + '\n')
}
process.stderr.write(`seconds ${(total / 1000).toFixed(3)}\ncpu_seconds ${(totalCpu / 1000).toFixed(3)}\n` +
                     `pages ${pages} bytes ${bytes}\n`)
