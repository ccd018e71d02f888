<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/src/about_dialog.cpp" line="22"/>
        <source>About CellCAM</source>
        <translation>Über CellCAM</translation>
    </message>
    <message>
        <location filename="../ui/src/about_dialog.cpp" line="23"/>
        <source>&lt;h3&gt;CellCAM&lt;/h3&gt;&lt;p&gt;Weakly supervised single-cell classification of Human Protein Atlas images.&lt;/p&gt;&lt;pre&gt;%1&lt;/pre&gt;</source>
        <translation>&lt;h3&gt;CellCAM&lt;/h3&gt;&lt;p&gt;Schwach überwachte Einzelzellklassifikation von Bildern des Human Protein Atlas.&lt;/p&gt;&lt;pre&gt;%1&lt;/pre&gt;</translation>
    </message>
</context>
<context>
    <name>cellcam::ui</name>
    <message>
        <location filename="../ui/src/channel_composite.cpp" line="17"/>
        <source>%1: cannot read the image (%2).</source>
        <translation>%1: Das Bild kann nicht gelesen werden (%2).</translation>
    </message>
    <message>
        <location filename="../ui/src/channel_composite.cpp" line="24"/>
        <source>%1: size %2x%3 differs from the red channel&apos;s %4x%5.</source>
        <translation>%1: Die Größe %2x%3 weicht von der des roten Kanals (%4x%5) ab.</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::DatasetModel</name>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="49"/>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="49"/>
        <source>test</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="60"/>
        <source>Test images have no image-level labels.</source>
        <translation>Testbilder haben keine Bild-Labels.</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="68"/>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="70"/>
        <source>Split</source>
        <translation>Teilmenge</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="72"/>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::DatasetPanel</name>
    <message>
        <location filename="../ui/src/dataset_panel.cpp" line="47"/>
        <source>Search by image ID</source>
        <translation>Nach Bild-ID suchen</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_panel.cpp" line="49"/>
        <source>All classes</source>
        <translation>Alle Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_panel.cpp" line="107"/>
        <source>%1 of %2 images</source>
        <translation>%1 von %2 Bildern</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ImagePreview</name>
    <message>
        <location filename="../ui/src/image_preview.cpp" line="17"/>
        <location filename="../ui/src/image_preview.cpp" line="42"/>
        <source>Select an image in the dataset list.</source>
        <translation>Wählen Sie ein Bild in der Datensatzliste aus.</translation>
    </message>
    <message>
        <location filename="../ui/src/image_preview.cpp" line="27"/>
        <source>Loading %1 …</source>
        <translation>%1 wird geladen …</translation>
    </message>
    <message>
        <location filename="../ui/src/image_preview.cpp" line="56"/>
        <source>%1 (%2 x %3 px)</source>
        <translation>%1 (%2 × %3 px)</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::MainWindow</name>
    <message>
        <location filename="../ui/src/main_window.cpp" line="28"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="31"/>
        <source>CellCAM Studio</source>
        <translation>CellCAM Studio</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="40"/>
        <source>No dataset</source>
        <translation>Kein Datensatz</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="55"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="56"/>
        <source>&amp;Open Dataset…</source>
        <translation>Datensatz ö&amp;ffnen …</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="59"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="62"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="66"/>
        <source>&amp;Find Image</source>
        <translation>Bild &amp;suchen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="73"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="74"/>
        <source>&amp;About CellCAM</source>
        <translation>Ü&amp;ber CellCAM</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="79"/>
        <source>Open Dataset</source>
        <translation>Datensatz öffnen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="90"/>
        <source>%1: %2 train, %3 test images</source>
        <translation>%1: %2 Trainings-, %3 Testbilder</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="91"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="98"/>
        <source>Cannot open dataset</source>
        <translation>Datensatz kann nicht geöffnet werden</translation>
    </message>
</context>
</TS>
