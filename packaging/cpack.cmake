# Install rules of the data files and the CPack configuration of the Debian package. Included
# from the top-level CMakeLists.txt after every target is defined; the targets' own install()
# rules live beside them and use CELLCAM_INSTALL_PRIVATE_LIBDIR / CELLCAM_INSTALL_RUNPATH (set
# in the top-level CMakeLists.txt).
#
# The .deb installs under /usr:
#   bin/cellcam, bin/cellcam-studio            (RUNPATH $ORIGIN/../lib/cellcam)
#   lib/cellcam/libcellcam_core.so.N           (private library: no headers, no dev symlink)
#   share/applications/cellcam-studio.desktop
#   share/icons/hicolor/{48x48,64x64,128x128,256x256}/apps/cellcam.png, scalable/apps/cellcam.svg
#   share/metainfo/io.github.cellcam.CellCAM.metainfo.xml
#   share/cellcam/translations/cellcam_*.qm
# LibTorch, Qt, OpenCV, XGBoost and VTK are not bundled: dpkg-shlibdeps turns the binaries'
# NEEDED entries into Depends on the Debian runtime packages (libtorch1.13, libqt6widgets6, ...).
#
# Build the package from a build folder with `cpack -G DEB` (or
# `cpack --config CPackConfig.cmake -G DEB -B OUTDIR`); tests/packaging checks the result.

include(GNUInstallDirs)

# Desktop integration (the studio only).
if(CELLCAM_BUILD_UI)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/cellcam-studio.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  foreach(size 48 64 128 256)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/hicolor/${size}x${size}/cellcam.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
  endforeach()
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/cellcam.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
  configure_file(${PROJECT_SOURCE_DIR}/packaging/io.github.cellcam.CellCAM.metainfo.xml
                 ${PROJECT_BINARY_DIR}/packaging/io.github.cellcam.CellCAM.metainfo.xml @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/packaging/io.github.cellcam.CellCAM.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
endif()

# cpack (and the package test) installs what is built and never starts a build of every
# target first: build with `cmake --build`, then run `cpack -G DEB`.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(CELLCAM_PACKAGE_MAINTAINER "CellCAM maintainers <maintainers@cellcam.invalid>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "cellcam")
set(CPACK_PACKAGE_VENDOR "CellCAM")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "weakly supervised single-cell classification of fluorescence images")
set(CPACK_PACKAGE_CONTACT "${CELLCAM_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CELLCAM_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")  # cellcam_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "CellCAM sorts the cells of Human Protein Atlas fluorescence images into 19\n\
subcellular location classes. A model is trained on image-level labels only and the\n\
answers for single cells come from its class activation maps (Puzzle-CAM).\n\
This package holds the desktop studio (cellcam-studio) and the headless engine\n\
(cellcam): segmentation, training (also distributed), prediction, sharded prediction\n\
with merging, submission validation and scoring.")
# Depends from the binaries' NEEDED libraries; dpkg-shlibdeps finds the private core library
# in the package tree through the executables' RUNPATH ($ORIGIN).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The studio's OpenGL views (VTK, QOpenGLWidget) need a GL driver, loaded at run time through
# libGL (not a NEEDED entry of ours).
if(CELLCAM_BUILD_UI)
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libgl1-mesa-dri")
endif()
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz" CACHE STRING "Compression of the .deb (xz, gzip, none)")
set(CPACK_THREADS 0)  # all cores for xz

include(CPack)
