#!/usr/bin/python3
"""How well can any text-based clustering do on synth_news.py's stories?

  synth_story_ceiling.py REUTERS_DOCS_JSONL SYNTH_JSONL [LIMIT]

synth_news.py ties an article to its story only through the story's three names, written in
place of some capitalised words of a Markov text shared by all stories. This script finds the
synthetic names of each article (capitalised words that never occur in Reuters-21578), counts
the articles that continue a story without sharing any name with its earlier articles, and
scores an oracle that knows the gold stories and links an article to each earlier article of
its story with which it shares a name: B-cubed precision, recall and F1 of that oracle are the
ceiling of clustering on this corpus (docs/stories.md).
"""
import collections
import json
import re
import sys

WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def main():
    reuters, synth = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    known = set()
    for line in open(reuters, encoding="utf-8"):
        known.update(WORD.findall(json.loads(line).get("text", "")))
    docs = []
    for i, line in enumerate(open(synth, encoding="utf-8")):
        if limit and i >= limit:
            break
        d = json.loads(line)
        words = set(WORD.findall(d["text"] + " " + d["title"].title()))
        docs.append((d["story_id"], {w for w in words if w[:1].isupper() and w not in known}))
    by_story = collections.defaultdict(list)
    for k, (story, _) in enumerate(docs):
        by_story[story].append(k)
    parent = list(range(len(docs)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    later = sharing = 0
    for members in by_story.values():
        for j, k in enumerate(members):
            if j == 0:
                continue
            later += 1
            shared = False
            for x in members[:j]:
                if docs[k][1] & docs[x][1]:
                    parent[find(k)] = find(x)
                    shared = True
            sharing += shared
    pred = [find(k) for k in range(len(docs))]
    gold = [d[0] for d in docs]
    pc, gc = collections.Counter(pred), collections.Counter(gold)
    both = collections.Counter(zip(gold, pred))
    p = sum(both[(g, q)] / pc[q] for g, q in zip(gold, pred)) / len(docs)
    r = sum(both[(g, q)] / gc[g] for g, q in zip(gold, pred)) / len(docs)
    print(json.dumps({"articles": len(docs), "stories": len(by_story),
                      "continuing_articles": later,
                      "continuing_sharing_a_name": sharing,
                      "share": sharing / later if later else 0,
                      "oracle_b3_precision": p, "oracle_b3_recall": r,
                      "oracle_b3_f1": 2 * p * r / (p + r)}))


if __name__ == "__main__":
    main()
