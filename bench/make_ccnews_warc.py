#!/usr/bin/python3
"""Builds a CC-NEWS-like WARC (WARC/1.0, one gzip member per record, a warcinfo record then
response records) of about SIZE_MB compressed megabytes, by repeating the development pages of
extract/l3s-gn1/input and extract/cleaneval-final/input with distinct URIs and dates.

    bench/make_ccnews_warc.py DATA_DIR OUT.warc.gz [SIZE_MB=1024]

DATA_DIR is the development data folder (../shared/data). The output is news text under
research-only licences: write it outside the repository (this script refuses paths inside it).
"""
import base64
import datetime
import gzip
import hashlib
import os
import sys
import uuid


def record(fields, block):
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def sha1(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    data_dir, out_path = sys.argv[1], sys.argv[2]
    size_mb = float(sys.argv[3]) if len(sys.argv) > 3 else 1024.0
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if os.path.abspath(out_path).startswith(repo + os.sep):
        sys.exit(f"make_ccnews_warc: {out_path} is inside the repository; write it elsewhere "
                 "(the pages may not be committed)")
    pages = []
    for sub in ("extract/l3s-gn1/input", "extract/cleaneval-final/input"):
        folder = os.path.join(data_dir, sub)
        if not os.path.isdir(folder):
            sys.exit(f"make_ccnews_warc: {folder} does not exist; pass the development data "
                     "folder (../shared/data)")
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as f:
                pages.append((sub.split("/")[1], name.rsplit(".", 1)[0], f.read()))
    target = int(size_mb * 1e6)
    date = datetime.datetime(2019, 11, 20, 0, 0, 0, tzinfo=datetime.timezone.utc)
    info_id = f"<urn:uuid:{uuid.uuid4()}>"
    written = records = 0
    with open(out_path, "wb") as out:
        info = (b"software: storyline bench/make_ccnews_warc.py\r\nformat: WARC File Format 1.0\r\n"
                b"description: CC-NEWS-like benchmark file built from development pages\r\n")
        member = gzip.compress(record([("WARC-Type", "warcinfo"), ("WARC-Date", date.strftime(
            "%Y-%m-%dT%H:%M:%SZ")), ("WARC-Record-ID", info_id),
            ("Content-Type", "application/warc-fields")], info), 6)
        out.write(member)
        written += len(member)
        copy = 0
        while written < target:
            for corpus, name, html in pages:
                date += datetime.timedelta(seconds=7)
                uri = f"http://{corpus}.news.invalid/{copy}/{name}"
                http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(html)}"
                        f"\r\nDate: {date.strftime('%a, %d %b %Y %H:%M:%S GMT')}\r\n\r\n").encode()
                block = http + html
                fields = [("WARC-Type", "response"),
                          ("WARC-Date", date.strftime("%Y-%m-%dT%H:%M:%SZ")),
                          ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
                          ("Content-Type", "application/http; msgtype=response"),
                          ("WARC-Warcinfo-ID", info_id),
                          ("WARC-IP-Address", "192.0.2.1"),
                          ("WARC-Target-URI", uri),
                          ("WARC-Payload-Digest", sha1(html)),
                          ("WARC-Block-Digest", sha1(block)),
                          ("WARC-Identified-Payload-Type", "text/html")]
                member = gzip.compress(record(fields, block), 6)
                out.write(member)
                written += len(member)
                records += 1
                if written >= target:
                    break
            copy += 1
    print(f"{out_path}: {records} response records, {written / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
