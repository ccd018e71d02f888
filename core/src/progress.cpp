#include "cellcam/progress.h"

#include "cellcam/error.h"

namespace cellcam {

void CancelToken::throwIfCancelled() const {
  if (cancelled()) throw Cancelled();
}

}  // namespace cellcam
