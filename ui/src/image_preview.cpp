#include "image_preview.h"

#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>

#include "channel_composite.h"

namespace cellcam::ui {

ImagePreview::ImagePreview(QWidget* parent) : QWidget(parent) {
  setMinimumSize(320, 320);
  setAutoFillBackground(true);
  QPalette p = palette();
  p.setColor(QPalette::Window, Qt::black);
  p.setColor(QPalette::WindowText, Qt::lightGray);
  setPalette(p);
  message_ = tr("Select an image in the dataset list.");
  connect(&watcher_, &QFutureWatcher<Result>::finished, this, &ImagePreview::onFinished);
}

ImagePreview::~ImagePreview() { watcher_.waitForFinished(); }

void ImagePreview::showImage(const QString& title, const std::array<QString, 4>& files) {
  const int generation = ++generation_;
  title_ = title;
  state_ = State::Loading;
  message_ = tr("Loading %1 …").arg(title);
  update();
  // A running load finishes in the background; its result is dropped as stale.
  watcher_.setFuture(QtConcurrent::run([files, generation]() {
    Result result;
    result.image = loadChannelComposite(files, &result.error);
    result.generation = generation;
    return result;
  }));
}

void ImagePreview::clear() {
  ++generation_;
  state_ = State::Empty;
  image_ = {};
  message_ = tr("Select an image in the dataset list.");
  update();
}

void ImagePreview::onFinished() {
  const Result result = watcher_.result();
  if (result.generation != generation_) return;
  if (result.image.isNull()) {
    state_ = State::Failed;
    image_ = {};
    message_ = result.error;
  } else {
    state_ = State::Shown;
    image_ = result.image;
    message_ = tr("%1 (%2 x %3 px)").arg(title_).arg(image_.width()).arg(image_.height());
  }
  update();
  Q_EMIT loaded();
}

void ImagePreview::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  if (state_ == State::Shown) {
    const QSize fitted = image_.size().scaled(size(), Qt::KeepAspectRatio);
    const QRect target(QPoint((width() - fitted.width()) / 2, (height() - fitted.height()) / 2),
                       fitted);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, image_);
    return;
  }
  painter.setPen(palette().color(QPalette::WindowText));
  painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, message_);
}

}  // namespace cellcam::ui
