#!/usr/bin/python3
"""Peer for near-duplicate detection: a plain MinHash-LSH in Python + numpy.

It is the yardstick the C++ near-duplicate stage (issue 4) is measured against: the same shingles and
thresholds, quality and speed side by side. Definitions (mirrored in README.md beside this file):

  tokens    re.findall(r'[^\\W_]+', text.lower())
  token     h(t) = int.from_bytes(blake2b(t.encode('utf-8'), digest_size=8).digest(), 'little')
  shingle   word n-gram t_0..t_{n-1}: H = SEED; for each t_i: H = fmix64(H ^ h(t_i))   (uint64 arithmetic)
            a text with 1 <= #tokens < n gives one shingle folded over all its tokens; no tokens: no shingles
  set       sorted unique uint64 shingle hashes of the text
  MinHash   x' = x mod p (p = 2^61 - 1); perm_i(x) = (a_i * x' + b_i) mod p, exact (no 64-bit overflow);
            sig_i = min over the set; a_i, b_i from splitmix64(seed)
  LSH       b bands of r rows (b*r <= k); key of band j = bytes of sig[j*r:(j+1)*r] (uint64 little-endian);
            one dict per band; candidates = every pair of texts that share any bucket
  verify    exact on the shingle sets: containment = max(|A&B|/|A|, |A&B|/|B|) or jaccard = |A&B|/|A|B|;
            pair kept if score >= threshold and the smaller set has >= min_shingles shingles and
            (score >= sure_score or jaccard >= min_jaccard or |A&B| >= min_shared), the rule of
            storyline's CopyThresholds (--min-jaccard 0 for the score alone);
            groups = connected components (union-find)

Usage:
  minhash_lsh.py --meter meter-dev.jsonl [--gold meter-dev-gold.tsv] [--json] [options]
  minhash_lsh.py --synth synth.jsonl [--limit N] [--json] [options]
Data is read from the given paths only; a missing path exits with status 2.
"""
import argparse
import hashlib
import itertools
import json
import os
import re
import resource
import sys
import time

import numpy as np

TOKEN_RE = re.compile(r'[^\W_]+')
U64 = np.uint64
P61 = (1 << 61) - 1
P = U64(P61)
MASK32 = U64(0xFFFFFFFF)
MASK29 = U64((1 << 29) - 1)
SEED = U64(0x9E3779B97F4A7C15)           # start value of the shingle fold
FM1 = U64(0xFF51AFD7ED558CCD)            # MurmurHash3 fmix64 constants
FM2 = U64(0xC4CEB93FE53CEA53)
S33, S61, S32, S29, S3 = U64(33), U64(61), U64(32), U64(29), U64(3)
EMPTY = np.iinfo(np.uint64).max          # signature value of a text without shingles (never bucketed)


# ---------------------------------------------------------------- hashing

def fmix64(x):
    """MurmurHash3 64-bit finaliser on a uint64 array (wrapping arithmetic); returns a new array."""
    x = x ^ (x >> S33)
    x *= FM1
    x ^= x >> S33
    x *= FM2
    x ^= x >> S33
    return x


def token_hash(tok):
    return int.from_bytes(hashlib.blake2b(tok.encode('utf-8'), digest_size=8).digest(), 'little')


def fold_py(hashes):
    """Shingle hash of a token-hash sequence, scalar version (used for texts shorter than n)."""
    h = np.array([SEED], dtype=np.uint64)
    for t in hashes:
        h = fmix64(h ^ U64(t))
    return h[0]


class Shingler:
    """Word n-gram shingles of a batch of texts -> flat sorted-unique uint64 hashes + per-text counts."""

    def __init__(self, n):
        self.n = n
        self.cache = {}          # token -> 64-bit blake2b hash (pure function; the cache only saves time)

    def batch(self, texts):
        n, cache = self.n, self.cache
        lens, toks = [], []
        for t in texts:
            k = TOKEN_RE.findall(t.lower())
            lens.append(len(k))
            toks.extend(k)
        for t in set(toks).difference(cache):
            cache[t] = token_hash(t)
        T = np.fromiter(map(cache.__getitem__, toks), dtype=np.uint64, count=len(toks))
        lens = np.asarray(lens, dtype=np.int64)
        D = len(texts)
        docid = np.repeat(np.arange(D, dtype=np.int64), lens)
        m = len(T) - n + 1
        if m > 0:
            H = fmix64(SEED ^ T[0:m])
            for i in range(1, n):
                H = fmix64(H ^ T[i:i + m])
            valid = docid[:m] == docid[n - 1:n - 1 + m]       # n-gram inside one text
            doc_of, h = docid[:m][valid], H[valid]
        else:
            doc_of, h = np.zeros(0, np.int64), np.zeros(0, np.uint64)
        short = np.nonzero((lens > 0) & (lens < n))[0]
        if len(short):                                          # one shingle over all tokens
            starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
            sh = [fold_py(T[starts[d]:starts[d] + lens[d]]) for d in short]
            doc_of = np.concatenate((doc_of, short.astype(np.int64)))
            h = np.concatenate((h, np.asarray(sh, dtype=np.uint64)))
        order = np.lexsort((h, doc_of))
        doc_of, h = doc_of[order], h[order]
        keep = np.ones(len(h), dtype=bool)
        keep[1:] = (doc_of[1:] != doc_of[:-1]) | (h[1:] != h[:-1])
        doc_of, h = doc_of[keep], h[keep]
        counts = np.bincount(doc_of, minlength=D).astype(np.int64)
        return h, counts


# ---------------------------------------------------------------- MinHash

def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return state, z ^ (z >> 31)


def permutations(k, seed):
    """a_i in [1, p), b_i in [0, p) for i < k: a_0, b_0, a_1, b_1, ... drawn from one splitmix64 stream."""
    a, b, s = [], [], seed
    for _ in range(k):
        s, z = splitmix64(s)
        a.append(1 + z % (P61 - 1))
        s, z = splitmix64(s)
        b.append(z % P61)
    return np.array(a, dtype=np.uint64), np.array(b, dtype=np.uint64)


def mod_p(x):
    """x mod (2^61 - 1) for uint64 x (< 2^64)."""
    r = (x & P) + (x >> S61)
    r -= P * (r >= P)
    return r


def permute(x, a_hi, a_lo, b):
    """(a*x + b) mod p, exactly, for x (M,) < p and a, b (k, 1) < p -> (k, M).
    The 122-bit product is taken in 32-bit halves, using 2^61 = 1 (mod p)."""
    x_hi, x_lo = x >> S32, x & MASK32            # x_hi < 2^29
    ll = a_lo * x_lo                             # < 2^64
    r = ll & P
    r += ll >> S61                               # lo*lo
    del ll
    mid = a_hi * x_lo
    mid += a_lo * x_hi                           # < 2^62; mid*2^32 = (mid>>29)*2^61 + (mid&(2^29-1))*2^32
    r += mid >> S29
    mid &= MASK29
    mid <<= S32
    r += mid
    del mid
    hh = a_hi * x_hi                             # < 2^58; hh*2^64 = hh*8 (mod p)
    hh <<= S3
    r += hh
    del hh
    r += b                                       # r < 2^63 + 2^34: no overflow
    return mod_p(r)


class MinHasher:
    def __init__(self, k, seed, chunk=512):   # small chunks keep the (k, chunk) temporaries in cache
        a, b = permutations(k, seed)
        self.k, self.chunk = k, chunk
        self.a_hi, self.a_lo = (a >> S32)[:, None], (a & MASK32)[:, None]
        self.b = b[:, None]

    def signatures(self, h, counts):
        """(D, k) signatures of D texts whose sorted shingle hashes are h, counts[d] per text."""
        D = len(counts)
        sig = np.full((D, self.k), EMPTY, dtype=np.uint64)
        ends = np.cumsum(counts)
        starts = ends - counts
        x = mod_p(h)
        d = 0
        while d < D:                                  # chunks of whole texts, about `chunk` shingles each
            e = int(np.searchsorted(ends, starts[d] + self.chunk, side='right'))
            e = max(e, d + 1)
            docs = np.arange(d, e)
            docs = docs[counts[d:e] > 0]
            if len(docs):
                lo, hi = starts[d], ends[e - 1]
                perm = permute(x[lo:hi], self.a_hi, self.a_lo, self.b)
                sig[docs] = np.minimum.reduceat(perm, starts[docs] - lo, axis=1).T
            d = e
        return sig


# ---------------------------------------------------------------- LSH, verification, groups

def lsh_candidates(sig, counts, bands, rows):
    """Pairs (i < j) of texts sharing a bucket in any band, as a sorted int64 array of i*N + j."""
    N = len(sig)
    live = np.nonzero(counts > 0)[0]
    keys_t = np.dtype((np.void, rows * 8))
    pairs = []
    nbuckets = 0
    for j in range(bands):
        band = np.ascontiguousarray(sig[live, j * rows:(j + 1) * rows]).astype('<u8', copy=False)
        keys = band.view(keys_t).ravel().tolist()          # bytes objects
        buckets = {}
        for i, key in zip(live.tolist(), keys):
            buckets.setdefault(key, []).append(i)
        nbuckets += len(buckets)
        for members in buckets.values():
            if len(members) > 1:
                pairs.extend(i * N + m for i, m in itertools.combinations(members, 2))
    return np.unique(np.asarray(pairs, dtype=np.int64)), nbuckets


def intersect_size(A, B):
    """|A & B| for sorted unique uint64 arrays."""
    if len(A) > len(B):
        A, B = B, A
    if len(A) == 0:
        return 0
    idx = np.searchsorted(B, A)
    idx[idx == len(B)] = 0
    return int(np.count_nonzero(B[idx] == A))


def pair_score(A, B, score):
    if len(A) == 0 or len(B) == 0:
        return 0.0
    x = intersect_size(A, B)
    if score == 'jaccard':
        return x / (len(A) + len(B) - x)
    return max(x / len(A), x / len(B))


class Shingles:
    """All texts' shingle sets as one flat array with offsets (CSR)."""

    def __init__(self, parts, counts):
        self.h = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
        self.counts = np.concatenate(counts) if counts else np.zeros(0, np.int64)
        self.off = np.concatenate(([0], np.cumsum(self.counts)))

    def __getitem__(self, i):
        return self.h[self.off[i]:self.off[i + 1]]


def is_copy(A, B, score, args):
    """The score of the pair, and whether it passes the copy rule (see the module docstring)."""
    if len(A) == 0 or len(B) == 0:
        return 0.0, False
    x = intersect_size(A, B)
    jac = x / (len(A) + len(B) - x)
    s = jac if score == 'jaccard' else max(x / len(A), x / len(B))
    if s < args.threshold or min(len(A), len(B)) < args.min_shingles:
        return s, False
    return s, (s >= args.sure_score or jac >= args.min_jaccard or x >= args.min_shared)


def verify(pairs, S, N, score, args):
    """Scores of candidate pairs; union-find groups of the pairs that pass the copy rule."""
    parent = list(range(N))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    scores = np.zeros(len(pairs))
    kept = 0
    for t, (i, j) in enumerate(zip((pairs // N).tolist(), (pairs % N).tolist())):
        s, copy = is_copy(S[i], S[j], score, args)
        scores[t] = s
        if copy:
            kept += 1
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    labels = np.array([find(i) for i in range(N)], dtype=np.int64)
    return scores, labels, kept


# ---------------------------------------------------------------- metrics

def roc_auc(pos, neg):
    """Mann-Whitney U / (n_pos * n_neg), ties counted half (mid-ranks)."""
    pos, neg = np.asarray(pos, float), np.asarray(neg, float)
    allv = np.concatenate((pos, neg))
    uniq, inv, cnt = np.unique(allv, return_inverse=True, return_counts=True)
    first = np.concatenate(([0], np.cumsum(cnt)[:-1]))       # 0-based rank of each distinct value's first
    midrank = first + (cnt + 1) / 2.0                         # 1-based mid-rank
    r = midrank[inv]
    u = r[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2.0
    return float(u / (len(pos) * len(neg)))


def comb2(x):
    x = np.asarray(x, dtype=np.float64)
    return x * (x - 1) / 2.0


def contingency(a, b):
    """Pair counts: (sum C(n_ij,2), sum C(a_i,2), sum C(b_j,2), C(n,2)) for two labelings."""
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    _, nij = np.unique(ai.astype(np.int64) * (bi.max() + 1) + bi, return_counts=True)
    return (comb2(nij).sum(), comb2(np.bincount(ai)).sum(), comb2(np.bincount(bi)).sum(),
            float(comb2(len(a))))


def ari(a, b):
    sij, sa, sb, n2 = contingency(a, b)
    expected = sa * sb / n2
    maxi = (sa + sb) / 2.0
    if maxi == expected:
        return 1.0
    return float((sij - expected) / (maxi - expected))


# ---------------------------------------------------------------- pipeline

class Timer:
    def __init__(self):
        self.t = {}

    def add(self, name, t0):
        self.t[name] = self.t.get(name, 0.0) + time.perf_counter() - t0


def run_pipeline(batches, args, timer):
    """batches yields lists of texts. Returns shingles, signatures, pairs, pair scores, labels, stats."""
    sh = Shingler(args.shingle_n)
    mh = MinHasher(args.k, args.seed)
    parts, counts, sigs = [], [], []
    ndocs, nbytes = 0, 0
    for texts in batches:
        ndocs += len(texts)
        nbytes += sum(len(t.encode('utf-8')) for t in texts)
        t0 = time.perf_counter()
        h, c = sh.batch(texts)
        timer.add('shingling', t0)
        t0 = time.perf_counter()
        sigs.append(mh.signatures(h, c))
        timer.add('signatures', t0)
        parts.append(h)
        counts.append(c)
    S = Shingles(parts, counts)
    del parts
    sig = np.concatenate(sigs) if sigs else np.zeros((0, args.k), np.uint64)
    del sigs
    t0 = time.perf_counter()
    pairs, nbuckets = lsh_candidates(sig, S.counts, args.bands, args.rows)
    timer.add('lsh', t0)
    t0 = time.perf_counter()
    scores, labels, kept = verify(pairs, S, ndocs, args.score, args)
    timer.add('verification', t0)
    stats = {'docs': ndocs, 'bytes': nbytes, 'shingles': int(len(S.h)), 'candidate_pairs': int(len(pairs)),
             'verified_pairs': kept, 'buckets': nbuckets,
             'empty_docs': int((S.counts == 0).sum())}
    return S, sig, pairs, scores, labels, stats


def batched(it, size_bytes=1 << 20):
    buf, n = [], 0
    for t in it:
        buf.append(t)
        n += len(t)
        if n >= size_bytes:
            yield buf
            buf, n = [], 0
    if buf:
        yield buf


def need(path, what):
    if not path or not os.path.exists(path):
        print(f'minhash_lsh.py: {what} not found: {path!r} (data is read from the path given; '
              f'nothing is bundled)', file=sys.stderr)
        sys.exit(2)


def ngram_set(text, n=3):
    k = TOKEN_RE.findall(text.lower())
    return set(zip(*[k[i:] for i in range(n)]))


def meter(args, timer):
    need(args.meter, 'METER jsonl')
    gold_path = args.gold or re.sub(r'\.jsonl$', '', args.meter) + '-gold.tsv'
    need(gold_path, 'METER gold tsv')
    t0 = time.perf_counter()
    rows = [json.loads(line) for line in open(args.meter, encoding='utf-8')]
    gold = {}
    with open(gold_path, encoding='utf-8') as f:
        head = f.readline().rstrip('\n').split('\t')
        for line in f:
            rec = dict(zip(head, line.rstrip('\n').split('\t')))
            gold[rec['id']] = rec
    timer.add('load', t0)
    texts = [r['text'] for r in rows]
    S, sig, pairs, scores, labels, stats = run_pipeline(batched(texts), args, timer)
    N = len(rows)
    cand = dict(zip(pairs.tolist(), scores.tolist()))

    # (a) best score of each newspaper text against the PA texts of its story
    wire = {}
    for i, r in enumerate(rows):
        if r['source'] == 'PA':
            wire.setdefault(r['story'], []).append(i)
    base_sets = [ngram_set(t, 3) for t in texts]
    best = {'gated': {}, 'exact': {}, 'minhash': {}, 'baseline': {}, 'baseline_dir': {}}
    for i, r in enumerate(rows):
        if r['source'] == 'PA':
            continue
        g = e = m = bs = bd = 0.0
        for j in wire.get(r['story'], []):
            s = pair_score(S[i], S[j], args.score)
            e = max(e, s)
            g = max(g, cand.get(min(i, j) * N + max(i, j), 0.0))
            if S.counts[i] and S.counts[j]:
                m = max(m, float(np.mean(sig[i] == sig[j])))
            A, B = base_sets[i], base_sets[j]
            x = len(A & B)
            if A and B:
                bs = max(bs, x / len(A), x / len(B))
                bd = max(bd, x / len(A))
        for key, v in zip(best, (g, e, m, bs, bd)):
            best[key].setdefault(r['label'], []).append(v)

    def aucs(d):
        w, p, n = d.get('wholly-derived', []), d.get('partially-derived', []), d.get('non-derived', [])
        return roc_auc(w, n), roc_auc(w + p, n)

    res = {}
    res['auc_wholly'], res['auc_derived'] = aucs(best['exact'])
    res['auc_wholly_lsh_gated'], res['auc_derived_lsh_gated'] = aucs(best['gated'])
    res['auc_wholly_minhash_estimate'], res['auc_derived_minhash_estimate'] = aucs(best['minhash'])
    res['baseline_auc_wholly'], res['baseline_auc_derived'] = aucs(best['baseline'])
    res['baseline_directional_auc_wholly'], res['baseline_directional_auc_derived'] = aucs(best['baseline_dir'])
    res['labels'] = {k: len(v) for k, v in best['gated'].items()}

    # (b) ARI of the pipeline's groups against gold_W and gold_WP
    missing = [r['id'] for r in rows if r['id'] not in gold]
    if missing:
        print(f'minhash_lsh.py: {len(missing)} texts have no gold row, e.g. {missing[0]}', file=sys.stderr)
        sys.exit(2)
    empty = 0
    for col, key in (('gold_W', 'ari_w'), ('gold_WP', 'ari_wp')):
        g = []
        for r in rows:
            lab = gold[r['id']].get(col, '')
            if not lab:
                lab = '\x00singleton:' + r['id']       # empty gold label: the text is its own cluster
                empty += 1
            g.append(lab)
        res[key] = ari(g, labels)
    res['empty_gold_labels_as_singletons'] = empty
    res['groups'] = int(len(np.unique(labels)))
    res['groups_size_ge2'] = int((np.bincount(labels) >= 2).sum())
    if args.pred_out:
        with open(args.pred_out, 'w', encoding='utf-8') as f:
            for r, lab in zip(rows, labels):
                f.write(f"{r['id']}\tg{lab}\n")
    return res, stats


def synth(args, timer):
    need(args.synth, 'synthetic jsonl')
    ids, dup_of, skipped = [], [], []

    def texts():
        with open(args.synth, encoding='utf-8') as f:
            for n, line in enumerate(f):
                if args.limit and n >= args.limit:
                    break
                t0 = time.perf_counter()
                try:
                    d = json.loads(line)
                except json.JSONDecodeError:
                    if line.endswith('\n'):
                        raise
                    print(f'minhash_lsh.py: skipping the truncated last line of {args.synth} '
                          f'(line {n + 1}, {len(line)} chars, no newline)', file=sys.stderr)
                    skipped.append(n + 1)
                    break
                ids.append(d['id'])
                dup_of.append(d.get('dup_of'))
                timer.add('load', t0)
                yield d.get('text') or ''

    S, sig, pairs, scores, labels, stats = run_pipeline(batched(texts()), args, timer)
    N = len(ids)
    index = {x: i for i, x in enumerate(ids)}
    parent = list(range(N))                       # gold groups: components of the dup_of links

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    dangling = 0
    for i, o in enumerate(dup_of):
        if o is None:
            continue
        j = index.get(o)
        if j is None:
            dangling += 1
            continue
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    gold = np.array([find(i) for i in range(N)], dtype=np.int64)
    both, pred, gpairs, _ = contingency(labels, gold)
    res = {'pair_precision': float(both / pred) if pred else 1.0,
           'pair_recall': float(both / gpairs) if gpairs else 1.0,
           'pred_pairs': int(pred), 'gold_pairs': int(gpairs), 'correct_pairs': int(both),
           'dup_links': int(sum(o is not None for o in dup_of)), 'dangling_dup_links': dangling,
           'truncated_last_line_skipped': bool(skipped)}
    return res, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument('--meter', metavar='METER_DEV_JSONL')
    mode.add_argument('--synth', metavar='SYNTH_JSONL')
    mode.add_argument('--selftest', action='store_true', help='check the exact mod-p arithmetic and metrics')
    ap.add_argument('--gold', help='METER gold tsv (default: <jsonl without .jsonl>-gold.tsv)')
    ap.add_argument('--limit', type=int, default=0, help='synth: first N texts only')
    ap.add_argument('--shingle-n', type=int, default=3)
    ap.add_argument('-k', '--num-perm', dest='k', type=int, default=128)
    ap.add_argument('--bands', type=int, default=32)
    ap.add_argument('--rows', type=int, default=4)
    ap.add_argument('--threshold', type=float, default=0.5)
    ap.add_argument('--min-shingles', type=int, default=10)
    ap.add_argument('--sure-score', type=float, default=0.9)
    ap.add_argument('--min-jaccard', type=float, default=0.5)
    ap.add_argument('--min-shared', type=int, default=100)
    ap.add_argument('--score', choices=('containment', 'jaccard'), default='containment')
    ap.add_argument('--seed', type=int, default=1, help='splitmix64 seed of the permutations')
    ap.add_argument('--pred-out', help='meter: write doc_id<TAB>group (for eval_clustering.py)')
    ap.add_argument('--json', action='store_true')
    args = ap.parse_args()
    if args.selftest:
        return selftest()
    if args.bands * args.rows > args.k or min(args.bands, args.rows, args.k, args.shingle_n) < 1:
        ap.error('need bands*rows <= k and all of them >= 1')

    timer = Timer()
    t_start = time.perf_counter()
    res, stats = meter(args, timer) if args.meter else synth(args, timer)
    wall = time.perf_counter() - t_start
    t = timer.t
    stages = ('shingling', 'signatures', 'lsh', 'verification')
    total = sum(t.get(s, 0.0) for s in stages)
    mb = stats['bytes'] / 1e6
    sig_lsh = t.get('shingling', 0) + t.get('signatures', 0) + t.get('lsh', 0)
    out = dict(res)
    out.update({
        'docs': stats['docs'], 'mb': mb, 'seconds': total,
        'seconds_shingling': t.get('shingling', 0.0), 'seconds_signatures': t.get('signatures', 0.0),
        'seconds_lsh': t.get('lsh', 0.0), 'seconds_verification': t.get('verification', 0.0),
        'seconds_load': t.get('load', 0.0), 'seconds_wall': wall,
        'mb_per_s': mb / total if total else 0.0, 'docs_per_s': stats['docs'] / total if total else 0.0,
        'shingle_sig_lsh_mb_per_s': mb / sig_lsh if sig_lsh else 0.0,
        'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        'shingles': stats['shingles'], 'candidate_pairs': stats['candidate_pairs'],
        'verified_pairs': stats['verified_pairs'], 'empty_docs': stats['empty_docs'],
        'shingle_n': args.shingle_n, 'k': args.k, 'bands': args.bands, 'rows': args.rows,
        'threshold': args.threshold, 'score': args.score, 'seed': args.seed,
        'min_shingles': args.min_shingles, 'sure_score': args.sure_score,
        'min_jaccard': args.min_jaccard, 'min_shared': args.min_shared,
        'limit': args.limit if args.synth else None, 'threads': 1,
    })
    if args.json:
        print(json.dumps(out, sort_keys=True))
        return 0
    print(f"MinHash-LSH peer (Python {sys.version.split()[0]}, numpy {np.__version__}, single thread)")
    print(f"  params: shingle_n={args.shingle_n} k={args.k} bands={args.bands} rows={args.rows} "
          f"score={args.score} threshold={args.threshold} sure={args.sure_score} "
          f"min_jaccard={args.min_jaccard} min_shared={args.min_shared} "
          f"min_shingles={args.min_shingles} seed={args.seed}")
    if args.meter:
        print(f"  METER {args.meter}: {res['labels']}")
        print(f"  {'':34}{'wholly/non':>12}{'derived/non':>13}")
        for name, a, b in (('peer verification score', 'auc_wholly', 'auc_derived'),
                           ('same, 0 unless an LSH candidate', 'auc_wholly_lsh_gated', 'auc_derived_lsh_gated'),
                           ('MinHash estimate (sig agreement)', 'auc_wholly_minhash_estimate',
                            'auc_derived_minhash_estimate'),
                           ('baseline 3-gram containment (max)', 'baseline_auc_wholly', 'baseline_auc_derived'),
                           ('baseline, news-in-wire direction', 'baseline_directional_auc_wholly',
                            'baseline_directional_auc_derived')):
            print(f"  ROC AUC {name:34}{res[a]:10.4f}{res[b]:13.4f}")
        print(f"  ARI vs gold_W {res['ari_w']:.4f}   vs gold_WP {res['ari_wp']:.4f}   "
              f"({res['groups']} groups, {res['groups_size_ge2']} of size >= 2; "
              f"{res['empty_gold_labels_as_singletons']} empty gold labels taken as singletons)")
    else:
        print(f"  synthetic {args.synth}" + (f" (first {args.limit})" if args.limit else ''))
        print(f"  pair precision {res['pair_precision']:.4f}  recall {res['pair_recall']:.4f}  "
              f"(pred {res['pred_pairs']}, gold {res['gold_pairs']}, correct {res['correct_pairs']})")
    print(f"  {stats['docs']} docs, {mb:.2f} MB text, {stats['shingles']} shingles, "
          f"{stats['candidate_pairs']} candidate pairs, {stats['verified_pairs']} verified")
    print(f"  {'stage':14}{'seconds':>10}{'MB/s':>10}{'docs/s':>12}")
    for s in stages + ('total',):
        sec = total if s == 'total' else t.get(s, 0.0)
        print(f"  {s:14}{sec:10.2f}{(mb / sec if sec else 0):10.2f}{(stats['docs'] / sec if sec else 0):12.0f}")
    print(f"  (json load {t.get('load', 0):.2f} s, not in total; shingling+signatures+LSH "
          f"{out['shingle_sig_lsh_mb_per_s']:.2f} MB/s; peak RSS {out['peak_rss_mb']:.0f} MB)")
    return 0


def selftest():
    rng = np.random.default_rng(7)
    mh = MinHasher(16, 1)
    a = (mh.a_hi << S32) | mh.a_lo
    x = rng.integers(0, 2**63, size=2000, dtype=np.uint64) * U64(2) + rng.integers(0, 2, 2000, dtype=np.uint64)
    x = np.concatenate((x, np.array([0, 1, P61 - 1, P61, P61 + 1, 2**64 - 1], dtype=np.uint64)))
    got = permute(mod_p(x), mh.a_hi, mh.a_lo, mh.b)
    for i in range(16):
        ai, bi = int(a[i, 0]), int(mh.b[i, 0])
        want = [(ai * (int(v) % P61) + bi) % P61 for v in x]
        assert got[i].tolist() == want, 'permute mismatch'
    assert abs(roc_auc([1, 2, 3], [0, 0, 0]) - 1.0) < 1e-12 and abs(roc_auc([1], [1]) - 0.5) < 1e-12
    assert abs(ari([0, 0, 1, 1], [5, 5, 7, 7]) - 1.0) < 1e-12
    sh = Shingler(3)
    h, c = sh.batch(['a b c d', 'x y', '', 'A b c d a b c'])
    assert c.tolist() == [2, 1, 0, 4], c
    print('selftest ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
