// OCR: Tesseract (chi_sim, LSTM; eng for figures) behind a narrow boundary. Only ocr/
// includes Tesseract.
//
// In:  a prepared Page (gray image, and the colour original for seal removal) and the tables
//      that layout found on it (cell geometry).
// Out: words with boxes in page pixels and confidences 0..1, read cell by cell (rulings
//      removed, PSM 7 for one-line cells, PSM 6 for multi-line ones) and, outside the
//      tables, line by line. A one-line cell that chi_sim reads as a short figure or a lone
//      glyph is read again by eng (digits, %, comparators) and takes that reading when it
//      is a clean figure chi_sim's is not sure of; never a figure where they disagree on
//      more than chi_sim's known slips. The caller places the words with PlaceWords.
// One engine per worker thread; engines are never shared. OMP_THREAD_LIMIT=1 must be set
// before the process starts (main does it).
#ifndef JIXIAO_OCR_OCR_H_
#define JIXIAO_OCR_OCR_H_

#include <memory>
#include <string>
#include <vector>

#include "common/page.h"
#include "layout/layout.h"

namespace jixiao {

struct OcrOptions {
  std::string models_dir;    // where the traineddata are looked for first ("" = default)
  std::string language = "chi_sim";
  // A page's OCR stops once it has run this many seconds (0 = no limit): a pathological page
  // is reported (OcrEngine::timed_out), not waited on. A clean A4 form takes 2-10 s.
  double page_seconds = 60;
};

// Reading a page sideways or upside down gives garbage that chi_sim is unsure of. Pages are
// told by the mean confidence of their first kProbeRegions regions that read as anything.
inline constexpr int kProbeRegions = 12;

class OcrEngine {
 public:
  virtual ~OcrEngine() = default;
  // `min_confidence` > 0 makes the first kProbeRegions regions that read as anything a probe:
  // when their MeanConfidence is under it, reading stops there, stopped_early() is true and
  // the probe's words are returned.
  virtual std::vector<Word> ReadPage(const Page& page, const std::vector<Table>& tables,
                                     double min_confidence = 0) = 0;
  virtual bool stopped_early() const { return false; }
  // True when the last ReadPage ran out of OcrOptions::page_seconds: the words it returned
  // are those read before the budget ran out (whole cells and lines; the region being read
  // then is dropped), so the page is incomplete.
  virtual bool timed_out() const { return false; }
};

// Loads `language` and the figure reader's eng (≈0.4 s together). Error OCR_INIT when
// either has no usable traineddata.
Result<std::unique_ptr<OcrEngine>> NewOcrEngine(const OcrOptions& options = {});

// The mean confidence of the characters of `words` (each word weighs its UTF-8 length); 1 when
// there are none (nothing misread).
double MeanConfidence(const std::vector<Word>& words);

// The models directory: $JIXIAO_HOME/models if set, else the source tree's models/, whose
// README.md names each traineddata file, its origin and checksum.
std::string DefaultModelsDir();

}  // namespace jixiao

#endif  // JIXIAO_OCR_OCR_H_
