#!/usr/bin/env bash
# Rebuilds models/ner-en.slner, the named-entity recogniser shipped in the binary, from the
# development data (never copied into the repository):
#   bash scripts/train-ner.sh [DATA_DIR]     (default ../shared/data)
# Steps: word classes from unlabelled news (Reuters-21578, PolNeAR train texts, the L3S-GN1 and
# CleanEval main texts, the CoNLL training words), then the two-stage perceptron on CoNLL-2003
# eng.train + wikigold, scored on eng.testa; then, with the new model built in, the known-people
# table (models/known-people.tsv: which person a surname alone most likely names) from the same
# unlabelled news. Deterministic: the same data gives the same files.
# Takes about 4 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
for f in ner/conll2003/eng.train ner/conll2003/eng.testa ner/wikigold/wikigold.conll.txt \
         search/reuters21578-jsonl/docs.jsonl quotes/polnear/train/text \
         extract/l3s-gn1/ground-truth.json extract/cleaneval-final/ground-truth.json; do
  if [ ! -e "$DATA/$f" ]; then
    echo "train-ner: $DATA/$f is missing; pass the development data folder as the argument" >&2
    exit 2
  fi
done
cmake --preset release >/dev/null
cmake --build --preset release --target word_clusters ner_train
mkdir -p build/models
build/release/train/word_clusters \
  --jsonl "$DATA/search/reuters21578-jsonl/docs.jsonl" \
  --text-dir "$DATA/quotes/polnear/train/text" \
  --ground-truth "$DATA/extract/l3s-gn1/ground-truth.json" \
  --ground-truth "$DATA/extract/cleaneval-final/ground-truth.json" \
  --conll "$DATA/ner/conll2003/eng.train" \
  --out build/models/word-clusters.tsv
build/release/train/ner_train \
  --train "$DATA/ner/conll2003/eng.train" --train "$DATA/ner/wikigold/wikigold.conll.txt" \
  --dev "$DATA/ner/conll2003/eng.testa" --clusters build/models/word-clusters.tsv \
  --folds 5 --epochs 20 --gazetteer-min 1 --out models/ner-en.slner
# known_people embeds the model just written: build it after training.
cmake --build --preset release --target known_people
build/release/train/known_people \
  --jsonl "$DATA/search/reuters21578-jsonl/docs.jsonl" \
  --text-dir "$DATA/quotes/polnear/train/text" \
  --ground-truth "$DATA/extract/l3s-gn1/ground-truth.json" \
  --ground-truth "$DATA/extract/cleaneval-final/ground-truth.json" \
  --out models/known-people.tsv
