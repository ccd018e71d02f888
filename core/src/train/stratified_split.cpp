// Iterative stratification (Sechidis, Tsoumakas & Vlahavas 2011, "On the stratification of
// multi-label data"), for two parts, with the part sizes held exact: a part that has received
// its share of images takes no more, so validation gets exactly round(fraction * N) images.
#include <algorithm>
#include <cmath>
#include <string>

#include "cellcam/error.h"

#include "rng.h"
#include "train/batch_loader.h"

namespace cellcam::train {
namespace {

constexpr std::uint64_t kSplitStream = 0x53504c4954ULL;  // "SPLIT"

}  // namespace

std::pair<std::vector<std::size_t>, std::vector<std::size_t>> stratifiedSplit(
    const std::vector<std::vector<int>>& labels, double validationFraction, std::uint64_t seed) {
  if (!(validationFraction >= 0.0 && validationFraction <= 1.0))
    throw Error("the validation fraction must lie in 0..1, not " +
                std::to_string(validationFraction));
  const std::size_t n = labels.size();
  const auto validationSize =
      static_cast<std::size_t>(std::llround(validationFraction * static_cast<double>(n)));

  // Each image's labels, sorted and unique; the label range.
  std::vector<std::vector<int>> sets(n);
  int labelCount = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sets[i] = labels[i];
    std::sort(sets[i].begin(), sets[i].end());
    sets[i].erase(std::unique(sets[i].begin(), sets[i].end()), sets[i].end());
    for (int label : sets[i]) {
      if (label < 0)
        throw Error("image " + std::to_string(i) + " has the negative label " +
                    std::to_string(label) + "; labels are class numbers from 0");
      labelCount = std::max(labelCount, label + 1);
    }
  }

  Rng rng(mixSeed(seed, kSplitStream));
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (std::size_t i = n; i > 1; --i)
    std::swap(order[i - 1], order[static_cast<std::size_t>(rng.next() % i)]);

  // Part 0 = train, 1 = validation. Wanted images per part overall and per label.
  const auto L = static_cast<std::size_t>(labelCount);
  double wantedTotal[2] = {static_cast<double>(n - validationSize),
                           static_cast<double>(validationSize)};
  const double share[2] = {n ? wantedTotal[0] / static_cast<double>(n) : 0.0,
                           n ? wantedTotal[1] / static_cast<double>(n) : 0.0};
  std::vector<std::vector<std::size_t>> withLabel(L);  // In shuffled order.
  for (std::size_t i : order)
    for (int label : sets[i]) withLabel[static_cast<std::size_t>(label)].push_back(i);
  std::vector<std::size_t> unassignedWith(L);
  std::vector<double> wanted[2] = {std::vector<double>(L), std::vector<double>(L)};
  for (std::size_t l = 0; l < L; ++l) {
    unassignedWith[l] = withLabel[l].size();
    for (int part = 0; part < 2; ++part)
      wanted[part][l] = share[part] * static_cast<double>(withLabel[l].size());
  }

  std::vector<int> partOf(n, -1);
  auto assign = [&](std::size_t image, int part) {
    partOf[image] = part;
    wantedTotal[part] -= 1.0;
    for (int label : sets[image]) {
      const auto l = static_cast<std::size_t>(label);
      wanted[part][l] -= 1.0;
      --unassignedWith[l];
    }
  };
  auto choosePart = [&](const double* wantedForLabel) {
    const bool open0 = wantedTotal[0] > 0.5, open1 = wantedTotal[1] > 0.5;
    if (open0 != open1) return open0 ? 0 : 1;
    if (wantedForLabel && wantedForLabel[0] != wantedForLabel[1])
      return wantedForLabel[0] > wantedForLabel[1] ? 0 : 1;
    if (wantedTotal[0] != wantedTotal[1]) return wantedTotal[0] > wantedTotal[1] ? 0 : 1;
    return rng.chance(0.5) ? 1 : 0;
  };

  // The rarest remaining label first: its images are placed where that label is most wanted.
  for (;;) {
    std::size_t rarest = L;
    for (std::size_t l = 0; l < L; ++l)
      if (unassignedWith[l] > 0 && (rarest == L || unassignedWith[l] < unassignedWith[rarest]))
        rarest = l;
    if (rarest == L) break;
    for (std::size_t image : withLabel[rarest]) {
      if (partOf[image] >= 0) continue;
      const double wantedForLabel[2] = {wanted[0][rarest], wanted[1][rarest]};
      assign(image, choosePart(wantedForLabel));
    }
  }
  for (std::size_t image : order)
    if (partOf[image] < 0) assign(image, choosePart(nullptr));

  std::pair<std::vector<std::size_t>, std::vector<std::size_t>> parts;
  for (std::size_t i = 0; i < n; ++i) (partOf[i] == 0 ? parts.first : parts.second).push_back(i);
  return parts;
}

}  // namespace cellcam::train
