// The files of a store's data directory (docs/formats/store.md):
//   STORYLINE            marker: magic line and format version; written once, atomically
//   LOCK                 flock()ed by the single writer; holds its pid
//   catalog.db(-wal,-shm) the SQLite catalog
//   segments/seg-NNNNNN.sls  immutable segment files, one per committed batch (seg-NNNNNN-K.sls:
//                            rewritten by compact without the texts of deleted articles)
#ifndef STORYLINE_ENGINE_STORE_LAYOUT_H_
#define STORYLINE_ENGINE_STORE_LAYOUT_H_

#include <string>

namespace storyline {

struct StoreLayout {
  explicit StoreLayout(std::string dir) : dir(std::move(dir)) {}
  std::string dir;
  std::string marker() const { return dir + "/STORYLINE"; }
  std::string lock() const { return dir + "/LOCK"; }
  std::string catalog() const { return dir + "/catalog.db"; }
  std::string segments() const { return dir + "/segments"; }
  std::string segment(const std::string& name) const { return segments() + "/" + name; }
};

inline constexpr const char* kStoreMarker = "storyline store\nformat 1\n";

}  // namespace storyline

#endif  // STORYLINE_ENGINE_STORE_LAYOUT_H_
