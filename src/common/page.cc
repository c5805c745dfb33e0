#include "common/page.h"

#include <leptonica/allheaders.h>

namespace jixiao {

void PixDeleter::operator()(Pix* pix) const { pixDestroy(&pix); }

}  // namespace jixiao
