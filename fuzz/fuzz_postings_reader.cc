// Bytes -> a postings file -> PostingsReader::Open, Lookup, ForEachTermWithPrefix and VerifyAll:
// a damaged index file is Corruption, never a crash or a read outside the file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "index/postings_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/fuzz-postings-" + std::to_string(::getpid()) + ".slp";
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto r = storyline::PostingsReader::Open(storyline::Env::Default(), path);
  if (!r.ok()) return 0;
  (void)(*r)->Lookup(std::string(1, '\1') + "khan");
  (void)(*r)->ForEachTermWithPrefix(std::string(1, '\1'),
                                    [&](std::string_view, const storyline::TermInfo& info) {
                                      auto it = (*r)->Postings(info);
                                      for (int i = 0; i < 1000 && it.doc() !=
                                                                  storyline::PostingIterator::kEnd;
                                           ++i) {
                                        (void)it.Positions();
                                        it.Next();
                                      }
                                      return true;
                                    });
  (void)(*r)->VerifyAll();
  return 0;
}
