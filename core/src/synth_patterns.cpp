// The green protein patterns of the synthetic data: one function per class, each drawing what
// the HPA class looks like at the level of one cell (compartment, texture, number and size of
// structures), so that a CAM model has something distinct and learnable per class.
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "synth_scene.h"

namespace cellcam::synth {
namespace {

constexpr double kPi = 3.14159265358979323846;

float at(const cv::Mat& m, int x, int y) { return m.at<float>(y, x); }

/// Calls fn(x, y) for every pixel of `region` of `cell`.
template <typename Fn>
void forEachPixel(const SceneFields& f, const Cell& cell, Region region, Fn&& fn) {
  for (int y = cell.box.y; y < cell.box.y + cell.box.height; ++y)
    for (int x = cell.box.x; x < cell.box.x + cell.box.width; ++x)
      if (inRegion(f, cell, region, x, y)) fn(x, y);
}

/// A random pixel of `region` (rejection sampling in the box); the nucleus centre if none
/// is found. `accept` may reject further (e.g. to bias towards the nucleus).
template <typename Accept>
cv::Point2d randomPoint(const SceneFields& f, const Cell& cell, Region region, Rng& rng,
                        Accept&& accept) {
  for (int attempt = 0; attempt < 400; ++attempt) {
    const double x = cell.box.x + rng.uniform() * cell.box.width;
    const double y = cell.box.y + rng.uniform() * cell.box.height;
    const int ix = static_cast<int>(x), iy = static_cast<int>(y);
    if (inRegion(f, cell, region, ix, iy) && accept(ix, iy)) return {x, y};
  }
  return cell.nucleusCenter;
}
cv::Point2d randomPoint(const SceneFields& f, const Cell& cell, Region region, Rng& rng) {
  return randomPoint(f, cell, region, rng, [](int, int) { return true; });
}

/// A canvas the size of the cell's box, for drawing primitives in image coordinates.
struct Canvas {
  cv::Mat m;
  cv::Point origin;
  explicit Canvas(const Cell& cell)
      : m(cv::Mat::zeros(cell.box.size(), CV_32F)), origin(cell.box.tl()) {}
  cv::Point p(const cv::Point2d& q) const {
    return {static_cast<int>(std::lround(q.x)) - origin.x,
            static_cast<int>(std::lround(q.y)) - origin.y};
  }
  void dot(const cv::Point2d& c, double r, double v) {
    cv::circle(m, p(c), std::max(1, static_cast<int>(std::lround(r))), cv::Scalar(v), cv::FILLED,
               cv::LINE_8);
  }
  void blob(const cv::Point2d& c, double a, double b, double angleDeg, double v) {
    cv::ellipse(m, p(c),
                cv::Size(std::max(1, static_cast<int>(std::lround(a))),
                         std::max(1, static_cast<int>(std::lround(b)))),
                angleDeg, 0, 360, cv::Scalar(v), cv::FILLED, cv::LINE_8);
  }
  /// Adds the canvas, restricted to `region`, into `green` with weight `level`.
  void addTo(const SceneFields& f, const Cell& cell, Region region, double level,
             cv::Mat& green) const {
    forEachPixel(f, cell, region, [&](int x, int y) {
      green.at<float>(y, x) += static_cast<float>(level * m.at<float>(y - origin.y, x - origin.x));
    });
  }
};

/// A curved filament: a random walk from `start` in direction `angle` with turning noise
/// `wiggle` (radians per step), stopping after `length` pixels or when leaving the cell.
void filament(const SceneFields& f, const Cell& cell, Canvas& canvas, cv::Point2d start,
              double angle, double wiggle, double length, double value, Rng& rng,
              double curl = 0.0) {
  const double step = std::max(1.0, 1.5 * f.scale);
  std::vector<cv::Point> points{canvas.p(start)};
  cv::Point2d q = start;
  for (double walked = 0; walked < length; walked += step) {
    angle += curl + wiggle * rng.normal();
    q += cv::Point2d(std::cos(angle), std::sin(angle)) * step;
    const int x = static_cast<int>(q.x), y = static_cast<int>(q.y);
    if (!inRegion(f, cell, Region::Cell, x, y)) break;
    points.push_back(canvas.p(q));
  }
  if (points.size() >= 2)
    cv::polylines(canvas.m, points, false, cv::Scalar(value),
                  std::max(1, static_cast<int>(std::lround(f.scale))), cv::LINE_8);
}

/// Distance from the nucleus centre to its edge in direction `angle` (approximate).
cv::Point2d besideNucleus(const Cell& cell, double angle, double gap) {
  const double r = cell.nucleusRadius * 1.05 + gap;
  return cell.nucleusCenter + cv::Point2d(std::cos(angle), std::sin(angle)) * r;
}

bool inNucleolus(const Cell& cell, int x, int y) {
  for (std::size_t i = 0; i < cell.nucleoli.size(); ++i) {
    const double dx = x - cell.nucleoli[i].x, dy = y - cell.nucleoli[i].y;
    if (dx * dx + dy * dy <= cell.nucleoliRadius[i] * cell.nucleoliRadius[i]) return true;
  }
  return false;
}

}  // namespace

bool inRegion(const SceneFields& f, const Cell& cell, Region region, int x, int y) {
  if (x < 0 || y < 0 || x >= f.labels.cols || y >= f.labels.rows) return false;
  if (f.labels.at<std::uint16_t>(y, x) != cell.id) return false;
  switch (region) {
    case Region::Cell:
      return true;
    case Region::Nucleus:
      return at(f.nucleusDist, x, y) < 1.0f;
    case Region::Cytoplasm:
      return at(f.nucleusDist, x, y) >= 1.0f;
  }
  return false;
}

void paintPattern(int label, const Cell& cell, const SceneFields& f, double level, Rng& rng,
                  cv::Mat& green) {
  const double s = f.scale;
  auto add = [&](int x, int y, double v) {
    green.at<float>(y, x) += static_cast<float>(level * v);
  };
  Canvas canvas(cell);
  switch (label) {
    case 0:  // Nucleoplasm: the whole nucleus but the nucleoli, finely textured.
      forEachPixel(f, cell, Region::Nucleus, [&](int x, int y) {
        const double edge = std::min(1.0, (1.0 - at(f.nucleusDist, x, y)) / 0.12);
        add(x, y,
            edge * (0.65 + 0.35 * at(f.fineTexture, x, y)) *
                (inNucleolus(cell, x, y) ? 0.15 : 1.0));
      });
      return;
    case 1:  // Nuclear membrane: a thin ring on the nuclear envelope.
      forEachPixel(f, cell, Region::Cell, [&](int x, int y) {
        const double d = (at(f.nucleusDist, x, y) - 0.95) / 0.07;
        if (std::abs(d) < 3) add(x, y, std::exp(-d * d) * (0.8 + 0.2 * at(f.fineTexture, x, y)));
      });
      return;
    case 2:  // Nucleoli: the nucleoli themselves, filled and bright.
      for (std::size_t i = 0; i < cell.nucleoli.size(); ++i)
        canvas.dot(cell.nucleoli[i], cell.nucleoliRadius[i], 1.0);
      canvas.addTo(f, cell, Region::Nucleus, level, green);
      return;
    case 3:  // Nucleoli fibrillar center: clusters of tiny dots inside each nucleolus.
      for (std::size_t i = 0; i < cell.nucleoli.size(); ++i) {
        const int n = rng.integer(3, 6);
        for (int k = 0; k < n; ++k) {
          const double a = rng.uniform(0, 2 * kPi),
                       r = rng.uniform(0, 0.7) * cell.nucleoliRadius[i];
          canvas.dot(cell.nucleoli[i] + cv::Point2d(std::cos(a), std::sin(a)) * r,
                     std::max(1.0, 1.2 * s), 1.0);
        }
      }
      canvas.addTo(f, cell, Region::Nucleus, level, green);
      return;
    case 4: {  // Nuclear speckles: many irregular small blobs across the nucleoplasm.
      const int n = rng.integer(12, 24);
      for (int k = 0; k < n; ++k) {
        const auto c = randomPoint(f, cell, Region::Nucleus, rng,
                                   [&](int x, int y) { return !inNucleolus(cell, x, y); });
        const double r = cell.nucleusRadius * rng.uniform(0.06, 0.11);
        canvas.blob(c, r, r * rng.uniform(0.5, 1.0), rng.uniform(0, 180), rng.uniform(0.55, 1.0));
      }
      canvas.addTo(f, cell, Region::Nucleus, level, green);
      return;
    }
    case 5: {  // Nuclear bodies: a few tiny, very bright dots in the nucleus.
      const int n = rng.integer(1, 5);
      for (int k = 0; k < n; ++k)
        canvas.dot(randomPoint(f, cell, Region::Nucleus, rng), std::max(1.0, 2.0 * s), 1.0);
      canvas.addTo(f, cell, Region::Nucleus, 1.3 * level, green);
      return;
    }
    case 6:  // Endoplasmic reticulum: the reticular network, densest around the nucleus.
      forEachPixel(f, cell, Region::Cytoplasm, [&](int x, int y) {
        add(x, y, (0.15 + 0.85 * at(f.erTexture, x, y)) * (1.0 - 0.65 * at(f.cellDist, x, y)));
      });
      forEachPixel(f, cell, Region::Cell, [&](int x, int y) {
        const double d = (at(f.nucleusDist, x, y) - 1.0) / 0.08;
        if (std::abs(d) < 3) add(x, y, 0.5 * std::exp(-d * d));
      });
      return;
    case 7: {  // Golgi apparatus: a compact cluster of blobs on one side of the nucleus.
      const double side = rng.uniform(0, 2 * kPi);
      const cv::Point2d hub = besideNucleus(cell, side, 0.12 * cell.radius);
      const int n = rng.integer(5, 10);
      for (int k = 0; k < n; ++k) {
        const cv::Point2d c = hub + cv::Point2d(rng.normal(), rng.normal()) * (0.08 * cell.radius);
        const double r = cell.radius * rng.uniform(0.04, 0.08);
        canvas.blob(c, r, r * rng.uniform(0.5, 1.0), rng.uniform(0, 180), rng.uniform(0.7, 1.0));
      }
      canvas.addTo(f, cell, Region::Cytoplasm, level, green);
      return;
    }
    case 8: {  // Intermediate filaments: long wavy fibres winding around the nucleus.
      const int n = rng.integer(10, 16);
      for (int k = 0; k < n; ++k) {
        const auto start = randomPoint(f, cell, Region::Cytoplasm, rng);
        const cv::Point2d radial = start - cell.nucleusCenter;
        const double tangent =
            std::atan2(radial.y, radial.x) + (rng.chance(0.5) ? 1 : -1) * kPi / 2;
        filament(f, cell, canvas, start, tangent, 0.12, 2.5 * cell.radius, rng.uniform(0.6, 1.0),
                 rng, rng.uniform(-0.03, 0.03));
      }
      canvas.addTo(f, cell, Region::Cell, level, green);
      return;
    }
    case 9: {  // Actin filaments: straight parallel stress fibres plus a cortical rim.
      const double angle = rng.uniform(0, kPi);
      const cv::Point2d dir(std::cos(angle), std::sin(angle)), normal(-dir.y, dir.x);
      const int n = rng.integer(6, 11);
      for (int k = 0; k < n; ++k) {
        const double offset = (k - (n - 1) / 2.0) * cell.radius * 0.2 + rng.normal() * 2 * s;
        const cv::Point2d c = cell.center + normal * offset;
        cv::line(canvas.m, canvas.p(c - dir * 2.0 * cell.radius),
                 canvas.p(c + dir * 2.0 * cell.radius), cv::Scalar(rng.uniform(0.6, 1.0)),
                 std::max(1, static_cast<int>(std::lround(s))), cv::LINE_8);
      }
      canvas.addTo(f, cell, Region::Cell, level, green);
      forEachPixel(f, cell, Region::Cell, [&](int x, int y) {
        if (at(f.boundaryDist, x, y) < 2.0 * s) add(x, y, 0.35);
      });
      return;
    }
    case 10:  // Microtubules: the same filaments as the red stain.
      forEachPixel(f, cell, Region::Cell, [&](int x, int y) { add(x, y, 1.4 * at(f.red, x, y)); });
      return;
    case 11:  // Mitotic spindle: not drawn (dividing cells are not simulated).
      return;
    case 12: {  // Centrosome: one or two bright dots right next to the nucleus.
      const double side = rng.uniform(0, 2 * kPi);
      const cv::Point2d c = besideNucleus(cell, side, 3.0 * s);
      canvas.dot(c, std::max(1.5, 2.5 * s), 1.0);
      if (rng.chance(0.5)) canvas.dot(c + cv::Point2d(4 * s, 2 * s), std::max(1.5, 2.0 * s), 1.0);
      canvas.addTo(f, cell, Region::Cell, 1.3 * level, green);
      return;
    }
    case 13:  // Plasma membrane: a rim along the cell outline.
      forEachPixel(f, cell, Region::Cell, [&](int x, int y) {
        const double d = at(f.boundaryDist, x, y) / (1.8 * s);
        if (d < 3) add(x, y, std::exp(-d * d) * (0.75 + 0.25 * at(f.fineTexture, x, y)));
      });
      return;
    case 14: {  // Mitochondria: many short rods, denser near the nucleus.
      const int n = rng.integer(25, 45);
      for (int k = 0; k < n; ++k) {
        const auto c = randomPoint(f, cell, Region::Cytoplasm, rng, [&](int x, int y) {
          return rng.uniform() > 0.8 * at(f.cellDist, x, y);
        });
        canvas.blob(c, rng.uniform(3, 6) * s, std::max(1.0, 1.2 * s), rng.uniform(0, 180),
                    rng.uniform(0.5, 0.9));
      }
      canvas.addTo(f, cell, Region::Cytoplasm, level, green);
      return;
    }
    case 15: {  // Aggresome: one large bright inclusion beside the nucleus.
      const cv::Point2d c = besideNucleus(cell, rng.uniform(0, 2 * kPi), 0.15 * cell.radius);
      const double r = cell.radius * rng.uniform(0.12, 0.2);
      canvas.blob(c, r, r * rng.uniform(0.7, 1.0), rng.uniform(0, 180), 1.0);
      canvas.addTo(f, cell, Region::Cytoplasm, 1.2 * level, green);
      return;
    }
    case 16:  // Cytosol: the whole cytoplasm, evenly.
      forEachPixel(f, cell, Region::Cytoplasm,
                   [&](int x, int y) { add(x, y, 0.7 + 0.3 * at(f.fineTexture, x, y)); });
      return;
    case 17: {  // Vesicles: many small round dots scattered over the cytoplasm.
      const int n = rng.integer(18, 40);
      for (int k = 0; k < n; ++k)
        canvas.dot(randomPoint(f, cell, Region::Cytoplasm, rng),
                   std::max(1.0, rng.uniform(1, 2.2) * s), rng.uniform(0.6, 1.0));
      canvas.addTo(f, cell, Region::Cytoplasm, level, green);
      return;
    }
    default:  // 18 Negative: no specific staining.
      return;
  }
}

}  // namespace cellcam::synth
