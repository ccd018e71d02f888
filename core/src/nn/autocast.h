#pragma once
// Autocast for one forward pass, on the CPU (bf16) or CUDA (fp16 or bf16): enables it on this
// thread, restores the thread's previous state at the end, and clears the cast cache when the
// outermost scope ends, so a training step never reuses casts of weights the optimizer changed.

#include <ATen/autocast_mode.h>

namespace cellcam::nn {

class AutocastScope {
 public:
  /// Autocast of `cuda` ? CUDA : CPU operations to `type`; nothing at all for at::kFloat.
  AutocastScope(bool cuda, at::ScalarType type) : active_(type != at::kFloat), cuda_(cuda) {
    if (!active_) return;
    if (cuda_) {
      previous_ = at::autocast::is_enabled();
      previousType_ = at::autocast::get_autocast_gpu_dtype();
      at::autocast::set_autocast_gpu_dtype(type);
      at::autocast::set_enabled(true);
    } else {
      previous_ = at::autocast::is_cpu_enabled();
      previousType_ = at::autocast::get_autocast_cpu_dtype();
      at::autocast::set_autocast_cpu_dtype(type);
      at::autocast::set_cpu_enabled(true);
    }
    at::autocast::increment_nesting();
  }
  ~AutocastScope() {
    if (!active_) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    if (cuda_) {
      at::autocast::set_enabled(previous_);
      at::autocast::set_autocast_gpu_dtype(previousType_);
    } else {
      at::autocast::set_cpu_enabled(previous_);
      at::autocast::set_autocast_cpu_dtype(previousType_);
    }
  }
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool active_;
  bool cuda_;
  bool previous_ = false;
  at::ScalarType previousType_ = at::kFloat;
};

}  // namespace cellcam::nn
