// The node-warc peer of bench/warc_bench: parses every record of a WARC (.warc, or .warc.gz
// inflated by Node's zlib, which reads all gzip members) with node-warc's WARCStreamTransform,
// touching each record's content, and prints "RECORDS SECONDS CONTENT_BYTES".
// Usage: node read_warc.cjs FILE
//
// node-warc 3.3.1 calls the flush callback twice at the end of a stream, which Node >= 15 turns
// into "Callback called multiple times"; the subclass below calls it once. Nothing else changes.
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const WARCStreamTransform = require('node-warc/lib/parsers/warcStreamTransform');

class FixedWARCStreamTransform extends WARCStreamTransform {
  _flush(done) {
    if (this.buffered) {
      this._consumeChunk(this.buffered, done, true);
    } else {
      done();
    }
  }
}

function main() {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: node read_warc.cjs FILE');
    process.exit(2);
  }
  const t0 = process.hrtime.bigint();
  let stream = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  if (path.endsWith('.gz')) stream = stream.pipe(zlib.createGunzip());
  let records = 0;
  let bytes = 0;
  const parser = stream.pipe(new FixedWARCStreamTransform());
  parser.on('data', (record) => {
    records += 1;
    if (record.content) bytes += record.content.length;
  });
  parser.on('end', () => {
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(`${records} ${seconds} ${bytes}`);
  });
  parser.on('error', (e) => {
    console.error(`read_warc: ${e.message}`);
    process.exit(1);
  });
}

main();
