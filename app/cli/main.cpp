// cellcam: the headless engine's command line.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>

#include "cellcam/error.h"
#include "cellcam/runtime.h"

#include "commands.h"

namespace {
extern "C" void onInterrupt(int) { cellcam::cli::interruptToken().cancel(); }
}  // namespace

cellcam::CancelToken& cellcam::cli::interruptToken() {
  static CancelToken token;
  return token;
}

int main(int argc, char** argv) {
  cellcam::initRuntime();
  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  // A file-size limit (ulimit -f) then fails the write with EFBIG, which is reported as a clear
  // error naming the file, instead of killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"CellCAM: weakly supervised single-cell classification of HPA images", "cellcam"};
  app.require_subcommand(1);
  app.set_version_flag("--version", cellcam::versionReport());
  cellcam::cli::addSynthCommand(app);
  cellcam::cli::addInfoCommand(app);
  cellcam::cli::addValidateCommand(app);
  cellcam::cli::addEvaluateCommand(app);
  cellcam::cli::addSegmentCommand(app);
  cellcam::cli::addTrainCommand(app);
  cellcam::cli::addFitMappingCommand(app);
  cellcam::cli::addPredictCommand(app);
  cellcam::cli::addMergeCommand(app);
  cellcam::cli::addBenchCommand(app);

  if (argc > 1 && argv[1][0] != '-') {
    const auto known = app.get_subcommands([](CLI::App*) { return true; });
    const bool found = std::any_of(known.begin(), known.end(),
                                   [&](CLI::App* sub) { return sub->get_name() == argv[1]; });
    if (!found) {
      std::cerr << "cellcam: unknown command '" << argv[1]
                << "' (run 'cellcam --help' for the list of commands)\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "cellcam: " << e.what() << " (run 'cellcam --help' for usage)\n";
    return 2;
  } catch (const cellcam::Cancelled& e) {
    std::cerr << "cellcam: " << e.what() << "\n";
    return 130;
  } catch (const cellcam::Error& e) {
    std::cerr << "cellcam: error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "cellcam: internal error: " << e.what()
              << " (please report this with the command you ran)\n";
    return 3;
  }
  return 0;
}
