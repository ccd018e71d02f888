#pragma once
// Shows the channel composite of the current image, loaded on a worker thread.

#include <array>

#include <QFutureWatcher>
#include <QImage>
#include <QWidget>

namespace cellcam::ui {

class ImagePreview : public QWidget {
  Q_OBJECT

 public:
  enum class State { Empty, Loading, Shown, Failed };

  explicit ImagePreview(QWidget* parent = nullptr);
  ~ImagePreview() override;

  /// Starts loading the four channel files (red, green, blue, yellow) in the background;
  /// a later call supersedes an earlier one still running. GUI thread only.
  void showImage(const QString& title, const std::array<QString, 4>& files);
  void clear();

  State state() const { return state_; }
  const QImage& image() const { return image_; }
  const QString& message() const { return message_; }

 Q_SIGNALS:
  /// Emitted on the GUI thread when a load finished (state() is Shown or Failed).
  void loaded();

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  struct Result {
    QImage image;
    QString error;
    int generation = 0;
  };
  void onFinished();

  QFutureWatcher<Result> watcher_;
  int generation_ = 0;
  State state_ = State::Empty;
  QImage image_;
  QString title_;
  QString message_;
};

}  // namespace cellcam::ui
