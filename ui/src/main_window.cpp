#include "main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

#include "cellcam/dataset.h"
#include "cellcam/error.h"

#include "about_dialog.h"
#include "dataset_model.h"
#include "dataset_panel.h"
#include "image_preview.h"

namespace cellcam::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      model_(new DatasetModel(this)),
      datasetPanel_(new DatasetPanel(model_, this)),
      datasetDock_(new QDockWidget(tr("Dataset"), this)),
      preview_(new ImagePreview(this)),
      datasetLabel_(new QLabel(this)) {
  setWindowTitle(tr("CellCAM Studio"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/cellcam.svg")));
  setCentralWidget(preview_);

  datasetDock_->setObjectName(QStringLiteral("datasetDock"));
  datasetDock_->setWidget(datasetPanel_);
  addDockWidget(Qt::LeftDockWidgetArea, datasetDock_);

  statusBar()->addPermanentWidget(datasetLabel_);
  datasetLabel_->setText(tr("No dataset"));
  createActions();

  connect(datasetPanel_, &DatasetPanel::imageSelected, this, &MainWindow::showImage);

  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
  if (!settings.contains(QStringLiteral("mainWindow/geometry"))) {
    resize(1280, 820);
    resizeDocks({datasetDock_}, {520}, Qt::Horizontal);
  }
}

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open Dataset…"), this, &MainWindow::chooseDataset);
  open->setShortcut(QKeySequence::Open);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* toggleDataset = datasetDock_->toggleViewAction();
  toggleDataset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
  view->addAction(toggleDataset);
  QAction* search = view->addAction(tr("&Find Image"), this, [this]() {
    datasetDock_->show();
    datasetPanel_->searchField()->setFocus();
    datasetPanel_->searchField()->selectAll();
  });
  search->setShortcut(QKeySequence::Find);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About CellCAM"), this, [this]() { showAboutDialog(this); });
}

void MainWindow::chooseDataset() {
  const QString folder = QFileDialog::getExistingDirectory(
      this, tr("Open Dataset"), QSettings().value(QStringLiteral("lastDataset")).toString());
  if (!folder.isEmpty()) openDataset(folder);
}

bool MainWindow::openDataset(const QString& folder, bool interactive) {
  try {
    Dataset dataset = Dataset::open(folder.toStdString());
    const auto train = dataset.count(Split::Train), test = dataset.count(Split::Test);
    model_->setDataset(std::move(dataset));
    preview_->clear();
    lastError_.clear();
    datasetLabel_->setText(tr("%1: %2 train, %3 test images").arg(folder).arg(train).arg(test));
    statusBar()->showMessage(tr("Opened %1").arg(folder), 5000);
    QSettings().setValue(QStringLiteral("lastDataset"), folder);
    datasetPanel_->selectFirstRow();
    return true;
  } catch (const Error& e) {
    lastError_ = QString::fromStdString(e.what());
    statusBar()->showMessage(lastError_);
    if (interactive) QMessageBox::warning(this, tr("Cannot open dataset"), lastError_);
    return false;
  }
}

void MainWindow::showImage(int row) {
  if (row < 0 || row >= model_->rowCount()) {
    preview_->clear();
    return;
  }
  const Dataset& dataset = model_->dataset();
  const ImageRecord& image = dataset.images()[static_cast<std::size_t>(row)];
  std::array<QString, 4> files;
  for (std::size_t c = 0; c < kRgbyChannels.size(); ++c)
    files[c] = QString::fromStdString(dataset.channelFile(image, kRgbyChannels[c]).string());
  preview_->showImage(QString::fromStdString(image.id), files);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("mainWindow/state"), saveState());
  event->accept();
}

}  // namespace cellcam::ui
