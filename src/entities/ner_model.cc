#include "entities/ner_model.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>

#include "common/hash.h"

namespace storyline {

namespace {

constexpr char kMagic[8] = {'S', 'L', 'N', 'E', 'R', 'M', 'D', 'L'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kHeaderSize = 8 + 4 + 4 + 8 + 8;  // magic, version, feature version, size, sum

template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(v));
}

class Cursor {
 public:
  explicit Cursor(std::string_view data) : data_(data) {}
  template <typename T>
  bool Get(T* v) {
    if (data_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool GetBytes(size_t n, std::string_view* out) {
    if (data_.size() - pos_ < n) return false;
    *out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool done() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

Status Bad(std::string_view name, std::string_view what) {
  return Corruption(std::string(name) + ": not a usable storyline NER model (" + std::string(what) +
                    "); retrain it with `storyline train-ner` or restore models/ from the "
                    "repository");
}

}  // namespace

NerWeightTable::NerWeightTable(std::vector<uint64_t> keys, std::vector<float> weights)
    : keys_(std::move(keys)), weights_(std::move(weights)) {
  size_t cap = 16;
  while (cap < keys_.size() * 2) cap <<= 1;
  slots_.assign(cap, Slot{0, kEmpty});
  size_t mask = cap - 1;
  for (uint32_t row = 0; row < keys_.size(); ++row) {
    size_t i = keys_[row] & mask;
    while (slots_[i].row != kEmpty) i = (i + 1) & mask;
    slots_[i] = Slot{keys_[row], row};
  }
}

void NerWeightTable::Accumulate(const uint64_t* begin, const uint64_t* end, float* scores) const {
  if (slots_.empty()) return;
  constexpr size_t kBatch = 64;
  const size_t mask = slots_.size() - 1;
  const float* rows[kBatch];
  // Local sums the compiler keeps in registers (scores may alias nothing, but it cannot know).
  float acc[kNerLabelCount];
  for (int l = 0; l < kNerLabelCount; ++l) acc[l] = scores[l];
  while (begin < end) {
    size_t n = std::min<size_t>(kBatch, static_cast<size_t>(end - begin));
    for (size_t k = 0; k < n; ++k) __builtin_prefetch(&slots_[begin[k] & mask]);
    for (size_t k = 0; k < n; ++k) {
      rows[k] = nullptr;
      for (size_t i = begin[k] & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.row == kEmpty) break;
        if (slot.key == begin[k]) {
          rows[k] = &weights_[static_cast<size_t>(slot.row) * kNerLabelCount];
          __builtin_prefetch(rows[k]);
          __builtin_prefetch(rows[k] + kNerLabelCount - 1);
          break;
        }
      }
    }
    for (size_t k = 0; k < n; ++k) {
      if (rows[k] == nullptr) continue;
      for (int l = 0; l < kNerLabelCount; ++l) acc[l] += rows[k][l];
    }
    begin += n;
  }
  for (int l = 0; l < kNerLabelCount; ++l) scores[l] = acc[l];
}

NerModel::NerModel(WordClusterTable clusters, Gazetteer gazetteer,
                   std::vector<NerWeightTable> stages, std::string metadata)
    : clusters_(std::move(clusters)),
      gazetteer_(std::move(gazetteer)),
      stages_(std::move(stages)),
      metadata_(std::move(metadata)),
      features_(&clusters_, &gazetteer_) {}

std::string NerModel::Serialize() const {
  std::string body;
  Put<uint32_t>(&body, kNerLabelCount);
  Put<uint32_t>(&body, kNerClusterLevels);
  // Sorted for a deterministic file.
  std::vector<std::pair<uint64_t, std::array<uint16_t, kNerClusterLevels>>> clusters(
      clusters_.clusters.begin(), clusters_.clusters.end());
  std::sort(clusters.begin(), clusters.end());
  Put<uint64_t>(&body, clusters.size());
  for (const auto& [key, ids] : clusters) {
    Put<uint64_t>(&body, key);
    for (uint16_t id : ids) Put<uint16_t>(&body, id);
  }
  std::vector<std::pair<uint64_t, uint8_t>> names(gazetteer_.names.begin(), gazetteer_.names.end());
  std::sort(names.begin(), names.end());
  Put<uint32_t>(&body, gazetteer_.max_tokens);
  Put<uint64_t>(&body, names.size());
  for (const auto& [key, types] : names) {
    Put<uint64_t>(&body, key);
    Put<uint8_t>(&body, types);
  }
  Put<uint32_t>(&body, static_cast<uint32_t>(stages_.size()));
  for (const NerWeightTable& t : stages_) {
    Put<uint64_t>(&body, t.rows());
    body.append(reinterpret_cast<const char*>(t.keys().data()), t.keys().size() * 8);
    body.append(reinterpret_cast<const char*>(t.weights().data()), t.weights().size() * 4);
  }
  Put<uint64_t>(&body, metadata_.size());
  body += metadata_;

  std::string out(kMagic, 8);
  Put<uint32_t>(&out, kFormatVersion);
  Put<uint32_t>(&out, kNerFeatureVersion);
  Put<uint64_t>(&out, body.size());
  Put<uint64_t>(&out, Checksum64(body));
  size_t bound = ZSTD_compressBound(body.size());
  size_t header = out.size();
  out.resize(header + bound);
  size_t n = ZSTD_compress(out.data() + header, bound, body.data(), body.size(), 19);
  out.resize(ZSTD_isError(n) ? header : header + n);
  return out;
}

Status NerModel::Save(Env* env, const std::string& path) const {
  return WriteFileAtomically(env, path, Serialize());
}

Result<std::unique_ptr<NerModel>> NerModel::Load(Env* env, const std::string& path) {
  auto bytes = ReadFileToString(env, path);
  if (!bytes.ok()) {
    return NotFound(path + ": cannot read the NER model (" + bytes.status().message() +
                    "); pass --ner-model or build models/ with `storyline train-ner`");
  }
  return Parse(*bytes, path);
}

Result<std::unique_ptr<NerModel>> NerModel::Parse(std::string_view bytes, std::string_view name) {
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, 8) != 0) {
    return Bad(name, "no SLNERMDL magic number at the start");
  }
  Cursor head(bytes.substr(8, kHeaderSize - 8));
  uint32_t version = 0, feature_version = 0;
  uint64_t body_size = 0, checksum = 0;
  (void)head.Get(&version);
  (void)head.Get(&feature_version);
  (void)head.Get(&body_size);
  (void)head.Get(&checksum);
  if (version != kFormatVersion) {
    return Bad(name, "format version " + std::to_string(version) + ", this build reads " +
                         std::to_string(kFormatVersion));
  }
  if (feature_version != kNerFeatureVersion) {
    return Bad(name, "trained for feature set " + std::to_string(feature_version) +
                         ", this build computes feature set " + std::to_string(kNerFeatureVersion));
  }
  if (body_size > (uint64_t{1} << 33)) return Bad(name, "implausible size");
  std::string body(body_size, '\0');
  size_t n = ZSTD_decompress(body.data(), body.size(), bytes.data() + kHeaderSize,
                             bytes.size() - kHeaderSize);
  if (ZSTD_isError(n) || n != body_size) return Bad(name, "truncated or damaged compressed data");
  if (Checksum64(body) != checksum) return Bad(name, "checksum mismatch");

  Cursor c(body);
  uint32_t labels = 0, levels = 0;
  if (!c.Get(&labels) || !c.Get(&levels) || labels != kNerLabelCount ||
      levels != kNerClusterLevels) {
    return Bad(name, "label or cluster level count differs from this build");
  }
  WordClusterTable clusters;
  uint64_t count = 0;
  if (!c.Get(&count) || count > body.size() / 14) return Bad(name, "bad cluster table");
  clusters.clusters.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t key;
    std::array<uint16_t, kNerClusterLevels> ids;
    if (!c.Get(&key)) return Bad(name, "bad cluster table");
    for (auto& id : ids) {
      if (!c.Get(&id)) return Bad(name, "bad cluster table");
    }
    clusters.clusters.emplace(key, ids);
  }
  Gazetteer gazetteer;
  if (!c.Get(&gazetteer.max_tokens) || !c.Get(&count) || count > body.size() / 9 ||
      gazetteer.max_tokens > kGazetteerMaxTokens) {
    return Bad(name, "bad gazetteer");
  }
  gazetteer.names.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t key;
    uint8_t types;
    if (!c.Get(&key) || !c.Get(&types)) return Bad(name, "bad gazetteer");
    gazetteer.names.emplace(key, types);
  }
  uint32_t stage_count = 0;
  if (!c.Get(&stage_count) || stage_count < 1 || stage_count > 2) return Bad(name, "bad stages");
  std::vector<NerWeightTable> stages;
  for (uint32_t s = 0; s < stage_count; ++s) {
    uint64_t rows = 0;
    if (!c.Get(&rows) || rows > body.size() / (8 + 4 * kNerLabelCount)) {
      return Bad(name, "bad weight table");
    }
    std::string_view k, w;
    if (!c.GetBytes(rows * 8, &k) || !c.GetBytes(rows * 4 * kNerLabelCount, &w)) {
      return Bad(name, "bad weight table");
    }
    std::vector<uint64_t> keys(rows);
    std::vector<float> weights(rows * kNerLabelCount);
    std::memcpy(keys.data(), k.data(), k.size());
    std::memcpy(weights.data(), w.data(), w.size());
    stages.emplace_back(std::move(keys), std::move(weights));
  }
  uint64_t meta_size = 0;
  std::string_view meta;
  if (!c.Get(&meta_size) || !c.GetBytes(meta_size, &meta) || !c.done()) {
    return Bad(name, "bad metadata");
  }
  return std::make_unique<NerModel>(std::move(clusters), std::move(gazetteer), std::move(stages),
                                    std::string(meta));
}

}  // namespace storyline
