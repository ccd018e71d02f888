#pragma once
// Data-parallel training over PyTorch's c10d: a process group of `worldSize` ranks that meet
// through a c10d::TCPStore (rank 0 serves it at MASTER_ADDR:MASTER_PORT) and exchange tensors
// with ProcessGroupGloo (CPU) or ProcessGroupNCCL (CUDA, when LibTorch was built with NCCL).
//
// What the trainer does with it, as PyTorch's DistributedDataParallel does:
// - broadcastModel: rank 0's parameters and buffers to every rank before training;
// - allreduceGradients: after the last backward of an accumulation group, the gradients are
//   flattened into buckets of about 25 MB (parameters in reverse registration order, as DDP
//   orders them), each bucket all-reduced (sum), divided by the world size and copied back;
// - small collectives for the figures every rank must agree on (loss sums, cancellation and
//   a non-finite loss).
//
// Failure: every collective waits at most `timeout` (Gloo's own timeout as well); a rank that
// died, or a collective that does not complete, becomes a cellcam::Error "rank R lost contact
// with the process group (...); check the other ranks' logs". Not thread-safe: one trainer
// thread calls it, and every rank calls the same collectives in the same order.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/types.h>

#include "cellcam/training.h"

namespace torch::nn {
class Module;
}

namespace cellcam::train {

class ProcessGroup {
 public:
  /// Joins the group described by `config` (config.worldSize >= 1) on `device` (CPU: Gloo;
  /// CUDA: NCCL). Blocks until every rank has joined or the timeout passed. Throws Error when
  /// the rendezvous fails (naming MASTER_ADDR:MASTER_PORT) or the backend is not built in.
  ProcessGroup(const DistributedConfig& config, const torch::Device& device);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int rank() const { return rank_; }
  int worldSize() const { return worldSize_; }

  /// Copies rank 0's parameters and buffers into every rank's `module` (in place).
  void broadcastModel(torch::nn::Module& module);
  /// Copies rank 0's buffers (BatchNorm running statistics) into every rank's `module`.
  void broadcastBuffers(torch::nn::Module& module);
  /// Averages the gradients of `module`'s parameters over the ranks in buckets of about
  /// `bucketBytes`. An undefined gradient is taken as zeros (and becomes a zero tensor).
  void allreduceGradients(torch::nn::Module& module, std::int64_t bucketBytes = 25 * 1024 * 1024);
  /// Element-wise sum over the ranks of `values` (float64, in place).
  void sum(std::vector<double>& values);
  /// Element-wise maximum over the ranks of `values` (float64, in place).
  void max(std::vector<double>& values);

  /// The backend's collectives (defined in distributed.cpp).
  struct Impl;

 private:
  void allreduce(std::vector<torch::Tensor>& tensors, bool maximum);
  void broadcast(std::vector<torch::Tensor>& tensors);
  [[noreturn]] void lostContact(const std::exception& e) const;

  std::unique_ptr<Impl> impl_;
  int rank_ = 0;
  int worldSize_ = 1;
  torch::Device device_;
  std::chrono::milliseconds timeout_;
};

}  // namespace cellcam::train
