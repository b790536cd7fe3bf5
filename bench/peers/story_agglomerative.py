#!/usr/bin/python3
"""Story clustering peer: TF-IDF + agglomerative clustering (scikit-learn, from Debian).

  story_agglomerative.py (meter|mstream|synth) FILE LIMIT THRESHOLD[,THRESHOLD...]

Reads the same JSON Lines as eval/story_eval (title + text; MStream: textCleaned), in file
order (the first LIMIT records; 0 = all), vectorises them with TfidfVectorizer (English stop
words, sublinear tf) and clusters them with AgglomerativeClustering (cosine distance, average
linkage) cut at each distance threshold. Prints one JSON object per threshold:
{"threshold": t, "seconds": s, "labels": [...]} with the labels in file order, so story_eval
scores the peer with the same B-cubed and pairwise code as storyline. Run it with
/usr/bin/python3 (Debian's python3-sklearn). Batch and O(n^2) in memory: keep LIMIT to about
20,000 records.
"""
import json
import sys
import time

from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer


def main():
    kind, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    thresholds = [float(t) for t in sys.argv[4].split(",")]
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if limit and len(texts) >= limit:
                break
            d = json.loads(line)
            if kind == "mstream":
                texts.append(d["textCleaned"])
            else:
                texts.append((d.get("title") or "") + "\n" + (d.get("text") or ""))
    start = time.perf_counter()
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(texts)
    dense = x.toarray() if x.shape[0] * x.shape[1] < 4e8 else None
    vec_seconds = time.perf_counter() - start
    for t in thresholds:
        start = time.perf_counter()
        model = AgglomerativeClustering(n_clusters=None, distance_threshold=t, metric="cosine",
                                        linkage="average")
        labels = model.fit_predict(dense if dense is not None else x.toarray())
        secs = time.perf_counter() - start + vec_seconds
        print(json.dumps({"threshold": t, "seconds": secs, "labels": [int(l) for l in labels]}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
