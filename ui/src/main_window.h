#pragma once
// The studio's main window: assembled from panel widgets in docks around the image view.

#include <QMainWindow>
#include <QString>

class QDockWidget;
class QLabel;

namespace cellcam::ui {

class DatasetModel;
class DatasetPanel;
class ImagePreview;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);

  /// Opens a dataset folder in the Kaggle layout. On failure keeps the current dataset, shows
  /// the error (in a message box when `interactive`, always in the status bar) and returns
  /// false. GUI thread only.
  bool openDataset(const QString& folder, bool interactive = true);

  DatasetModel* datasetModel() const { return model_; }
  DatasetPanel* datasetPanel() const { return datasetPanel_; }
  ImagePreview* preview() const { return preview_; }
  /// The last error shown to the user (empty if none).
  const QString& lastError() const { return lastError_; }

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void createActions();
  void chooseDataset();
  void showImage(int row);

  DatasetModel* model_;
  DatasetPanel* datasetPanel_;
  QDockWidget* datasetDock_;
  ImagePreview* preview_;
  QLabel* datasetLabel_;
  QString lastError_;
};

}  // namespace cellcam::ui
