#!/usr/bin/python3
"""Is "two articles close in time sharing two or more rare names" evidence of one story on
synth_news.py's corpus?

  synth_name_evidence.py SYNTH_JSONL [LIMIT] [--rank]

Names: capitalised words of more than three letters, not first in a sentence unless the word
never occurs in lower case; names written next to each other ("Rilwanu Lukman") count as one.
A name is rare while its document frequency, counted online in date order, is at most K (after
a warm-up of 500 articles). For each rule (M names, K, a window of W hours) the script links
each article to every earlier article within W hours with which it shares M rare names, counts
the links that join two copy groups right (same gold story) and wrong, and scores B-cubed F1 of
the copy oracle (the generator's dup_of groups: what storyline and the peer both reach, 0.8252
on the first 5,000 articles) with the rule's links added. A rule worth building must raise that
score; docs/stories.md ("Rare shared names") has the figures.

--rank (needs scikit-learn): for each article after the first 1,000 that continues a story with
an earlier article within 8 hours, whether that article is the most similar earlier one (TF-IDF
cosine, copies excluded) and at what similarity.
"""
import collections
import datetime
import json
import re
import sys

TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|[.!?,;:()\"]|\d[\d.,]*")


def b_cubed(gold, pred):
    g, p, gp = collections.Counter(gold), collections.Counter(pred), collections.Counter(zip(gold, pred))
    precision = sum(gp[(a, b)] / p[b] for a, b in zip(gold, pred)) / len(gold)
    recall = sum(gp[(a, b)] / g[a] for a, b in zip(gold, pred)) / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def names_of(text, lower_words):
    """The article's names (a run of adjacent names as one tuple)."""
    names, run, sentence_start = set(), [], True
    for w in TOKEN.findall(text):
        is_name = (w[:1].isupper() and len(w) > 3 and
                   not (sentence_start and w.lower() in lower_words))
        if is_name:
            run.append(w)
        elif run:
            names.add(tuple(run))
            run = []
        sentence_start = w in ".!?"
    if run:
        names.add(tuple(run))
    return names


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path, limit = args[0], int(args[1]) if len(args) > 1 else 5000
    docs = []
    for i, line in enumerate(open(path, encoding="utf-8")):
        if i >= limit:
            break
        docs.append(json.loads(line))
    lower_words = {w.lower() for d in docs for w in TOKEN.findall(d["text"]) if w[:1].islower()}
    hours = [datetime.datetime.fromisoformat(d["date"]).timestamp() / 3600 for d in docs]
    order = sorted(range(len(docs)), key=lambda k: hours[k])
    gold = [d["story_id"] for d in docs]
    index = {d["id"]: k for k, d in enumerate(docs)}
    copy_group = list(range(len(docs)))
    for k, d in enumerate(docs):
        if d.get("dup_of") in index:
            copy_group[k] = copy_group[index[d["dup_of"]]]
    names = [names_of(d["text"], lower_words) for d in docs]
    words = [{w for n in ns for w in n} for ns in names]
    print(f"{path}: first {len(docs)} articles; copy oracle B-cubed P/R/F1 "
          "%.4f %.4f %.4f" % b_cubed(gold, copy_group))
    print("rule: >= M rare names (df <= K) shared within W hours; links right / wrong; "
          "copy oracle + links: B-cubed P R F1")
    for m in (2, 3):
        for k_df in (3, 5, 10):
            for window in (2, 4, 8):
                parent = list(copy_group)

                def find(x):
                    while parent[x] != x:
                        parent[x] = parent[parent[x]]
                        x = parent[x]
                    return x

                df = collections.Counter()
                right = wrong = 0
                for a, j in enumerate(order):
                    for w in words[j]:
                        df[w] += 1
                    if a < 500:
                        continue
                    rare = {n for n in names[j] if all(df[w] <= k_df for w in n)}
                    if len(rare) < m:
                        continue
                    for i in reversed(order[:a]):
                        if hours[j] - hours[i] > window:
                            break
                        # A name of j counts when one of its words is among i's names' words.
                        shared = sum(1 for n in rare if any(w in words[i] for w in n))
                        if shared < m or find(i) == find(j):
                            continue
                        if gold[i] == gold[j]:
                            right += 1
                        else:
                            wrong += 1
                        parent[find(j)] = find(i)
                print("M=%d K=%-2d W=%dh  right %4d wrong %4d   %.4f %.4f %.4f" %
                      ((m, k_df, window, right, wrong) + b_cubed(gold, [find(x) for x in range(len(docs))])))
    if "--rank" in sys.argv:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
            [d["title"] + "\n" + d["text"] for d in docs])
        hrs = np.array(hours)
        best_right, best_wrong = [], []
        for j in range(1000, len(docs)):
            if docs[j].get("dup_of"):
                continue
            prev = [i for i in np.nonzero((hrs < hrs[j]) & (hrs >= hrs[j] - 8))[0]
                    if copy_group[i] != copy_group[j]]
            same = np.array([gold[i] == gold[j] for i in prev], dtype=bool)
            if not same.any() or same.all():
                continue
            sims = (x[prev] @ x[j].T).toarray().ravel()
            best_right.append(sims[same].max())
            best_wrong.append(sims[~same].max())
        r, w = np.array(best_right), np.array(best_wrong)
        print(f"continuing articles with an earlier article of their story within 8 hours: {len(r)}; "
              f"that article is the most similar in {np.mean(r > w):.1%} "
              f"(median best cosine: same story {np.median(r):.3f}, other {np.median(w):.3f})")
        for t in (0.1, 0.15, 0.2, 0.25):
            print(f"  most similar earlier article at cosine >= {t}: same story "
                  f"{int(((r > w) & (r >= t)).sum())}, other story {int(((w >= r) & (w >= t)).sum())}")


if __name__ == "__main__":
    main()
