// Synthetic HPA-like images (layout of cells, the four stains) and the dataset writer.
#include "cellcam/synth.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cellcam/atomic_file.h"
#include "cellcam/classes.h"
#include "cellcam/csv.h"
#include "cellcam/error.h"
#include "cellcam/oid_mask.h"
#include "cellcam/parallel.h"
#include "cellcam/runtime.h"

#include "synth_scene.h"

namespace fs = std::filesystem;

namespace cellcam {
namespace {

using synth::Cell;
using synth::SceneFields;

constexpr double kPi = 3.14159265358979323846;

/// Shape of a cell before rasterisation: an ellipse with a few angular harmonics.
struct CellShape {
  cv::Point2d center;
  double radius = 0;  // mean radius
  double aspect = 1;  // minor / major axis
  double angle = 0;   // orientation of the major axis
  std::array<double, 4> harmonicAmp{};
  std::array<double, 4> harmonicPhase{};
  cv::Point2d nucleusOffset;
  double nucleusScale = 0.45;  // nucleus radius / cell radius, along the same ellipse

  /// Radius of the ellipse alone in direction theta (image angle).
  double ellipseRadius(double theta) const {
    const double t = theta - angle;
    const double c = std::cos(t), s = std::sin(t) / aspect;
    return radius / std::sqrt(c * c + s * s) * std::sqrt(aspect);
  }
  /// Outline radius in direction theta.
  double outlineRadius(double theta) const {
    double wobble = 1.0;
    for (int k = 0; k < 4; ++k)
      wobble += harmonicAmp[k] * std::cos((k + 2) * theta + harmonicPhase[k]);
    return ellipseRadius(theta) * wobble;
  }
};

std::string makeId(Rng& rng) {
  const std::uint64_t a = rng.next(), b = rng.next();
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(a >> 32), static_cast<unsigned>((a >> 16) & 0xffff),
                static_cast<unsigned>(a & 0xffff), static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buffer;
}

/// Noise field with a given smoothness, normalised to zero mean and unit deviation.
cv::Mat smoothNoise(int size, double sigma, Rng& rng) {
  cv::Mat noise(size, size, CV_32F);
  for (int y = 0; y < size; ++y) {
    float* row = noise.ptr<float>(y);
    for (int x = 0; x < size; ++x) row[x] = static_cast<float>(rng.normal());
  }
  cv::GaussianBlur(noise, noise, cv::Size(), sigma);
  cv::Scalar mean, dev;
  cv::meanStdDev(noise, mean, dev);
  noise = (noise - mean[0]) / std::max(1e-6, dev[0]);
  return noise;
}

/// Places cells by dart throwing: neighbours may overlap so that cells touch; centres may lie
/// just outside the image so that some cells are cut by the border.
std::vector<CellShape> layoutCells(int size, double scale, Rng& rng) {
  const double meanRadius = 40.0 * scale * rng.uniform(0.85, 1.2);
  const double coverage = rng.uniform(0.55, 0.95);
  const int target =
      std::max(1, static_cast<int>(coverage * size * size / (kPi * meanRadius * meanRadius * 0.8)));
  std::vector<CellShape> shapes;
  for (int attempt = 0; attempt < target * 40 && static_cast<int>(shapes.size()) < target;
       ++attempt) {
    CellShape c;
    c.radius = meanRadius * rng.uniform(0.75, 1.25);
    const double margin = 0.3 * c.radius;
    if (shapes.empty())  // the first cell sits well inside, so no image is empty
      c.center = {rng.uniform(0.3, 0.7) * size, rng.uniform(0.3, 0.7) * size};
    else
      c.center = {rng.uniform(-margin, size + margin), rng.uniform(-margin, size + margin)};
    bool free = true;
    for (const auto& other : shapes) {
      if (cv::norm(other.center - c.center) < 0.8 * (other.radius + c.radius)) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    c.aspect = rng.uniform(0.6, 1.0);
    c.angle = rng.uniform(0, kPi);
    for (int k = 0; k < 4; ++k) {
      c.harmonicAmp[k] = rng.uniform(0, 0.12) / (1 + 0.5 * k);
      c.harmonicPhase[k] = rng.uniform(0, 2 * kPi);
    }
    const double offsetAngle = rng.uniform(0, 2 * kPi);
    c.nucleusOffset = cv::Point2d(std::cos(offsetAngle), std::sin(offsetAngle)) *
                      (rng.uniform(0, 0.15) * c.radius);
    c.nucleusScale = rng.uniform(0.38, 0.52);
    shapes.push_back(c);
  }
  return shapes;
}

/// Rasterises the shapes: each pixel goes to the cell whose normalised distance is smallest
/// (below 1), so touching cells share a natural boundary. Fills labels, cellDist, nucleusDist.
void rasterise(const std::vector<CellShape>& shapes, const std::vector<bool>& keep, int size,
               SceneFields& f) {
  f.labels = cv::Mat::zeros(size, size, CV_16U);
  f.cellDist = cv::Mat(size, size, CV_32F, cv::Scalar(1.0f));
  f.nucleusDist = cv::Mat(size, size, CV_32F, cv::Scalar(10.0f));
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    if (!keep[i]) continue;
    const CellShape& c = shapes[i];
    const double reach = 1.5 * c.radius;
    const int x0 = std::max(0, static_cast<int>(std::floor(c.center.x - reach)));
    const int x1 = std::min(size - 1, static_cast<int>(std::ceil(c.center.x + reach)));
    const int y0 = std::max(0, static_cast<int>(std::floor(c.center.y - reach)));
    const int y1 = std::min(size - 1, static_cast<int>(std::ceil(c.center.y + reach)));
    const cv::Point2d nc = c.center + c.nucleusOffset;
    for (int y = y0; y <= y1; ++y) {
      auto* label = f.labels.ptr<std::uint16_t>(y);
      auto* best = f.cellDist.ptr<float>(y);
      auto* nucleus = f.nucleusDist.ptr<float>(y);
      for (int x = x0; x <= x1; ++x) {
        const double dx = x + 0.5 - c.center.x, dy = y + 0.5 - c.center.y;
        const double d = std::hypot(dx, dy) / c.outlineRadius(std::atan2(dy, dx));
        if (d >= best[x]) continue;
        best[x] = static_cast<float>(d);
        label[x] = static_cast<std::uint16_t>(i + 1);
        const double nx = x + 0.5 - nc.x, ny = y + 0.5 - nc.y;
        nucleus[x] = static_cast<float>(std::hypot(nx, ny) /
                                        (c.nucleusScale * c.ellipseRadius(std::atan2(ny, nx))));
      }
    }
  }
}

/// Distance of each pixel to the nearest pixel of another cell or of the background.
cv::Mat boundaryDistance(const cv::Mat& labels) {
  cv::Mat interior(labels.size(), CV_8U, cv::Scalar(0));
  for (int y = 0; y < labels.rows; ++y) {
    const auto* row = labels.ptr<std::uint16_t>(y);
    const auto* up = labels.ptr<std::uint16_t>(std::max(0, y - 1));
    const auto* down = labels.ptr<std::uint16_t>(std::min(labels.rows - 1, y + 1));
    auto* out = interior.ptr<std::uint8_t>(y);
    for (int x = 0; x < labels.cols; ++x) {
      const auto v = row[x];
      const bool edge = v == 0 || up[x] != v || down[x] != v || row[std::max(0, x - 1)] != v ||
                        row[std::min(labels.cols - 1, x + 1)] != v;
      out[x] = edge ? 0 : 255;
    }
  }
  cv::Mat dist;
  cv::distanceTransform(interior, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  return dist;
}

/// Draws microtubules of one cell into `red`: filaments radiating from the nucleus.
void drawMicrotubules(const Cell& cell, const SceneFields& f, Rng& rng, cv::Mat& red) {
  const int n = rng.integer(22, 36);
  const double step = std::max(1.0, 1.5 * f.scale);
  for (int k = 0; k < n; ++k) {
    double angle = rng.uniform(0, 2 * kPi);
    cv::Point2d q = cell.nucleusCenter +
                    cv::Point2d(std::cos(angle), std::sin(angle)) * (0.8 * cell.nucleusRadius);
    std::vector<cv::Point> points;
    for (double walked = 0; walked < 2.5 * cell.radius; walked += step) {
      const int x = static_cast<int>(q.x), y = static_cast<int>(q.y);
      if (!synth::inRegion(f, cell, synth::Region::Cell, x, y)) {
        if (!points.empty()) break;
      } else {
        points.emplace_back(x, y);
      }
      angle += 0.06 * rng.normal();
      q += cv::Point2d(std::cos(angle), std::sin(angle)) * step;
    }
    if (points.size() >= 2)
      cv::polylines(red, points, false, cv::Scalar(rng.uniform(0.35, 0.75)), 1, cv::LINE_8);
  }
}

/// Chooses the image's patterns and gives every cell its labels: one or two classes per image,
/// cells of two-class images showing either or both, some cells negative.
std::vector<std::vector<int>> assignLabels(std::size_t cells, Rng& rng) {
  std::vector<int> positives;
  for (int c : synthClasses())
    if (c != kNegativeClass) positives.push_back(c);
  std::vector<std::vector<int>> labels(cells);
  const double r = rng.uniform();
  if (r < 0.08) {
    for (auto& l : labels) l = {kNegativeClass};
    return labels;
  }
  const int a =
      positives[static_cast<std::size_t>(rng.integer(0, static_cast<int>(positives.size()) - 1))];
  int b = -1;
  if (r >= 0.68) {
    do {
      b = positives[static_cast<std::size_t>(
          rng.integer(0, static_cast<int>(positives.size()) - 1))];
    } while (b == a);
  }
  const double negativeFraction = rng.chance(0.6) ? 0.0 : rng.uniform(0.05, 0.25);
  for (auto& l : labels) {
    if (rng.chance(negativeFraction)) {
      l = {kNegativeClass};
    } else if (b < 0) {
      l = {a};
    } else {
      const double u = rng.uniform();
      l = u < 0.3 ? std::vector<int>{a} : u < 0.6 ? std::vector<int>{b} : std::vector<int>{a, b};
      std::sort(l.begin(), l.end());
    }
  }
  return labels;
}

cv::Mat quantise(const cv::Mat& channel, bool bit16) {
  cv::Mat out;
  channel.convertTo(out, bit16 ? CV_16U : CV_8U, bit16 ? 65535.0 : 255.0);
  return out;
}

}  // namespace

const std::vector<int>& synthClasses() {
  static const std::vector<int> classes{0, 1,  2,  3,  4,  5,  6,  7,  8,
                                        9, 10, 12, 13, 14, 15, 16, 17, 18};
  return classes;
}

SynthImage synthesizeImage(int size, std::uint64_t seed, bool bit16) {
  if (size < 32 || size > 8192)
    throw Error("synthetic images must be 32 to 8192 pixels wide (got " + std::to_string(size) +
                "); choose another --size.");
  Rng rng(seed);
  SynthImage image;
  image.id = makeId(rng);
  SceneFields f;
  f.scale = size / 512.0;

  // Cells: lay out, rasterise, drop cells squeezed out or mostly outside the image, repeat.
  const std::vector<CellShape> shapes = layoutCells(size, f.scale, rng);
  std::vector<bool> keep(shapes.size(), true);
  rasterise(shapes, keep, size, f);
  std::vector<int> area(shapes.size() + 1, 0), nucleusArea(shapes.size() + 1, 0);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const int id = f.labels.at<std::uint16_t>(y, x);
      area[id]++;
      if (id && f.nucleusDist.at<float>(y, x) < 1.0f) nucleusArea[id]++;
    }
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const double full = kPi * shapes[i].radius * shapes[i].radius;
    const double nucleusFull = full * shapes[i].nucleusScale * shapes[i].nucleusScale;
    keep[i] = area[i + 1] >= 0.2 * full && nucleusArea[i + 1] >= 0.3 * nucleusFull;
  }
  if (std::none_of(keep.begin(), keep.end(), [](bool k) { return k; }))
    keep[static_cast<std::size_t>(std::max_element(area.begin() + 1, area.end()) - area.begin() -
                                  1)] = true;
  rasterise(shapes, keep, size, f);
  // Renumber kept cells 1..N in order.
  std::vector<std::uint16_t> renumber(shapes.size() + 1, 0);
  std::vector<const CellShape*> kept;
  for (std::size_t i = 0; i < shapes.size(); ++i)
    if (keep[i]) {
      kept.push_back(&shapes[i]);
      renumber[i + 1] = static_cast<std::uint16_t>(kept.size());
    }
  for (int y = 0; y < size; ++y) {
    auto* row = f.labels.ptr<std::uint16_t>(y);
    for (int x = 0; x < size; ++x) row[x] = renumber[row[x]];
  }
  f.boundaryDist = boundaryDistance(f.labels);

  std::vector<Cell> cells(kept.size());
  for (std::size_t k = 0; k < kept.size(); ++k) {
    Cell& cell = cells[k];
    const CellShape& s = *kept[k];
    cell.id = static_cast<int>(k + 1);
    cell.center = s.center;
    cell.radius = s.radius;
    cell.nucleusCenter = s.center + s.nucleusOffset;
    cell.nucleusRadius = s.radius * s.nucleusScale;
  }
  // Bounding boxes from the pixels.
  std::vector<cv::Point> lo(cells.size(), {size, size}), hi(cells.size(), {-1, -1});
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      if (const int id = f.labels.at<std::uint16_t>(y, x)) {
        lo[id - 1].x = std::min(lo[id - 1].x, x);
        lo[id - 1].y = std::min(lo[id - 1].y, y);
        hi[id - 1].x = std::max(hi[id - 1].x, x);
        hi[id - 1].y = std::max(hi[id - 1].y, y);
      }
  for (std::size_t k = 0; k < cells.size(); ++k) {
    cells[k].box = cv::Rect(lo[k], hi[k] + cv::Point(1, 1));
    const int n = rng.integer(1, 3);
    for (int j = 0; j < n; ++j) {
      const double a = rng.uniform(0, 2 * kPi), r = rng.uniform(0, 0.45) * cells[k].nucleusRadius;
      cells[k].nucleoli.push_back(cells[k].nucleusCenter +
                                  cv::Point2d(std::cos(a), std::sin(a)) * r);
      cells[k].nucleoliRadius.push_back(cells[k].nucleusRadius * rng.uniform(0.12, 0.2));
    }
  }

  // Textures shared by the cells of the image.
  f.fineTexture = smoothNoise(size, 1.2 * f.scale, rng);
  f.fineTexture = 0.5 + 0.18 * f.fineTexture;
  cv::max(cv::min(f.fineTexture, 1.0), 0.0, f.fineTexture);
  {
    cv::Mat band = smoothNoise(size, 2.0 * f.scale, rng);
    cv::Mat ridge;
    cv::multiply(band, band, ridge, 1.0 / (0.35 * 0.35));
    cv::exp(-ridge, f.erTexture);  // bright where the band-passed noise crosses zero: a network
  }

  // Stains.
  cv::Mat blue = cv::Mat::zeros(size, size, CV_32F);
  cv::Mat yellow = cv::Mat::zeros(size, size, CV_32F);
  cv::Mat green = cv::Mat::zeros(size, size, CV_32F);
  f.red = cv::Mat::zeros(size, size, CV_32F);
  const double brightness = rng.uniform(0.7, 1.0);
  std::vector<double> blueLevel(cells.size()), yellowLevel(cells.size()), redLevel(cells.size());
  for (std::size_t k = 0; k < cells.size(); ++k) {
    blueLevel[k] = rng.uniform(0.45, 0.85);
    yellowLevel[k] = rng.uniform(0.35, 0.7);
    redLevel[k] = rng.uniform(0.1, 0.2);
    drawMicrotubules(cells[k], f, rng, f.red);
  }
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const int id = f.labels.at<std::uint16_t>(y, x);
      if (!id) continue;
      const Cell& cell = cells[static_cast<std::size_t>(id - 1)];
      const double d = f.cellDist.at<float>(y, x), dn = f.nucleusDist.at<float>(y, x);
      const double tex = f.fineTexture.at<float>(y, x);
      if (dn < 1.0) {
        bool nucleolus = false;
        for (std::size_t j = 0; j < cell.nucleoli.size(); ++j)
          nucleolus |= cv::norm(cv::Point2d(x, y) - cell.nucleoli[j]) < cell.nucleoliRadius[j];
        const double edge = std::min(1.0, (1.0 - dn) / 0.15);
        blue.at<float>(y, x) =
            static_cast<float>(blueLevel[static_cast<std::size_t>(id - 1)] * edge *
                               (0.7 + 0.3 * tex) * (nucleolus ? 0.6 : 1.0));
        yellow.at<float>(y, x) =
            static_cast<float>(0.08 * yellowLevel[static_cast<std::size_t>(id - 1)]);
      } else {
        yellow.at<float>(y, x) =
            static_cast<float>(yellowLevel[static_cast<std::size_t>(id - 1)] *
                               (0.2 + 0.8 * f.erTexture.at<float>(y, x)) * (1.0 - 0.7 * d));
      }
      f.red.at<float>(y, x) +=
          static_cast<float>(redLevel[static_cast<std::size_t>(id - 1)] * (1.0 - 0.5 * d));
    }
  cv::GaussianBlur(f.red, f.red, cv::Size(), 0.7 * f.scale + 0.3);

  // Protein patterns.
  image.cellLabels = assignLabels(cells.size(), rng);
  for (std::size_t k = 0; k < cells.size(); ++k) {
    for (int label : image.cellLabels[k]) {
      const double level = brightness * rng.uniform(0.45, 1.0);
      synth::paintPattern(label, cells[k], f, level, rng, green);
    }
    for (int y = cells[k].box.y; y < cells[k].box.br().y; ++y)
      for (int x = cells[k].box.x; x < cells[k].box.br().x; ++x)
        if (f.labels.at<std::uint16_t>(y, x) == cells[k].id)
          green.at<float>(y, x) += static_cast<float>(0.03 * f.fineTexture.at<float>(y, x));
  }
  std::vector<int> all;
  for (const auto& l : image.cellLabels) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  image.imageLabels = all;

  // Optics and camera: blur, background, noise, quantisation.
  const double sigma = 0.6 * f.scale + 0.2;
  cv::GaussianBlur(green, green, cv::Size(), sigma);
  cv::GaussianBlur(blue, blue, cv::Size(), sigma + 0.5 * f.scale);
  cv::GaussianBlur(yellow, yellow, cv::Size(), sigma);
  cv::Mat* channels[4] = {&f.red, &green, &blue, &yellow};
  for (cv::Mat* channel : channels) {
    const double background = rng.uniform(0.01, 0.03);
    const double noise = rng.uniform(0.004, 0.01);
    cv::Mat grain = smoothNoise(size, 0.5, rng);
    *channel += background + noise * grain;
  }
  image.red = quantise(f.red, bit16);
  image.green = quantise(green, bit16);
  image.blue = quantise(blue, bit16);
  image.yellow = quantise(yellow, bit16);
  image.labels = f.labels;
  return image;
}

namespace {

std::string encodePng(const cv::Mat& image, const fs::path& forErrors) {
  std::vector<std::uint8_t> bytes;
  if (!cv::imencode(".png", image, bytes, {cv::IMWRITE_PNG_COMPRESSION, 3}))
    throwFileError(forErrors, "PNG encoding failed");
  return std::string(bytes.begin(), bytes.end());
}

/// Submission-format ground truth of one image: "label 1 mask" for each cell and label.
std::string groundTruthString(const SynthImage& image) {
  std::string out;
  for (const EncodedCell& cell : encodeLabelImage(image.labels)) {
    for (int label : image.cellLabels[static_cast<std::size_t>(cell.label - 1)]) {
      if (!out.empty()) out += ' ';
      out += std::to_string(label) + " 1 " + cell.mask;
    }
  }
  return out;
}

void prepareFolder(const SynthOptions& o) {
  std::error_code ec;
  if (fs::exists(o.out, ec) && !fs::is_directory(o.out, ec))
    throwFileError(o.out, "exists and is not a folder", "choose a folder for the dataset");
  if (!o.overwrite) {
    for (const char* name : {"train.csv", "sample_submission.csv", "train", "test"})
      if (fs::exists(o.out / name, ec))
        throwFileError(o.out, "already holds a dataset",
                       "choose an empty folder or pass --overwrite to replace it");
  }
  for (const char* sub : {"train", "test", "test_masks"}) {
    fs::create_directories(o.out / sub, ec);
    if (ec)
      throwFileError(o.out / sub, "cannot create the folder (" + ec.message() + ")",
                     "choose a folder you can write to");
  }
}

struct WrittenImage {
  std::string id;
  std::vector<int> labels;
  std::string groundTruth;
  int size = 0;
  long long cells = 0;
};

}  // namespace

SynthSummary writeSynthDataset(const SynthOptions& o, Progress& progress,
                               const CancelToken& cancel) {
  const auto start = std::chrono::steady_clock::now();
  if (o.out.empty()) throw Error("synth needs an output folder; pass --out DIR.");
  if (o.trainImages < 0 || o.testImages < 0 || o.trainImages + o.testImages == 0)
    throw Error("synth needs at least one image; pass --train N and/or --test M with N, M >= 0.");
  if (o.size < 32 || o.size > 8192)
    throw Error("synthetic images must be 32 to 8192 pixels wide (got " + std::to_string(o.size) +
                "); choose another --size.");
  prepareFolder(o);

  nlohmann::json meta = {{"generator", "cellcam synth"},
                         {"version", version()},
                         {"seed", o.seed},
                         {"train", o.trainImages},
                         {"test", o.testImages},
                         {"size", o.size},
                         {"bit16", o.bit16}};
  writeFileAtomically(o.out / "synth.json", meta.dump(2) + "\n");

  const int total = o.trainImages + o.testImages;
  std::vector<WrittenImage> results(static_cast<std::size_t>(total));
  auto writeImage = [&](int index) {
    const bool train = index < o.trainImages;
    const int local = train ? index : index - o.trainImages;
    const std::uint64_t imageSeed =
        mixSeed(o.seed, (static_cast<std::uint64_t>(train ? 1 : 2) << 40) |
                            static_cast<std::uint64_t>(local));
    SynthImage image = synthesizeImage(o.size, imageSeed, o.bit16);
    const fs::path folder = o.out / (train ? "train" : "test");
    const std::pair<const char*, const cv::Mat*> channels[] = {{"red", &image.red},
                                                               {"green", &image.green},
                                                               {"blue", &image.blue},
                                                               {"yellow", &image.yellow}};
    for (const auto& [name, mat] : channels) {
      const fs::path file = folder / (image.id + "_" + name + ".png");
      writeFileAtomically(file, encodePng(*mat, file));
    }
    WrittenImage& r = results[static_cast<std::size_t>(index)];
    if (!train) {
      const fs::path maskFile = o.out / "test_masks" / (image.id + ".png");
      writeFileAtomically(maskFile, encodePng(image.labels, maskFile));
      r.groundTruth = groundTruthString(image);
    }
    r.id = image.id;
    r.labels = image.imageLabels;
    r.size = o.size;
    r.cells = static_cast<long long>(image.cellLabels.size());
  };
  parallelFor(
      total, o.threads, [&]() { return writeImage; }, progress, cancel);

  std::string trainCsv, sampleCsv, gtCsv;
  appendCsvRow(trainCsv, {"ID", "Label"});
  appendCsvRow(sampleCsv, {"ID", "ImageWidth", "ImageHeight", "PredictionString"});
  appendCsvRow(gtCsv, {"ID", "ImageWidth", "ImageHeight", "PredictionString"});
  SynthSummary summary;
  for (int i = 0; i < total; ++i) {
    const WrittenImage& r = results[static_cast<std::size_t>(i)];
    summary.cells += r.cells;
    const std::string side = std::to_string(r.size);
    if (i < o.trainImages) {
      appendCsvRow(trainCsv, {r.id, formatLabelList(r.labels)});
    } else {
      appendCsvRow(sampleCsv, {r.id, side, side, ""});
      appendCsvRow(gtCsv, {r.id, side, side, r.groundTruth});
    }
  }
  writeFileAtomically(o.out / "train.csv", trainCsv);
  writeFileAtomically(o.out / "sample_submission.csv", sampleCsv);
  writeFileAtomically(o.out / "test_gt.csv", gtCsv);

  summary.trainImages = o.trainImages;
  summary.testImages = o.testImages;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace cellcam
