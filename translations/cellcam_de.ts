<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AcceptPredictedLabelsCommand</name>
    <message numerus="yes">
        <location filename="../ui/src/annotation_commands.cpp" line="76"/>
        <source>Accept predicted labels of %n cell(s)</source>
        <translation>
            <numerusform>Vorhergesagte Labels von %n Zelle übernehmen</numerusform>
            <numerusform>Vorhergesagte Labels von %n Zellen übernehmen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClearCellLabelsCommand</name>
    <message numerus="yes">
        <location filename="../ui/src/annotation_commands.cpp" line="67"/>
        <source>Clear %n cell(s)</source>
        <translation>
            <numerusform>%n Zelle leeren</numerusform>
            <numerusform>%n Zellen leeren</numerusform>
        </translation>
    </message>
</context>
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
    <name>SetCellLabelsCommand</name>
    <message numerus="yes">
        <location filename="../ui/src/annotation_commands.cpp" line="59"/>
        <source>Set %1 on %n cell(s)</source>
        <translation>
            <numerusform>%1 auf %n Zelle setzen</numerusform>
            <numerusform>%1 auf %n Zellen setzen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cellcam::ui::AnnotationPanel</name>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="40"/>
        <source>Set</source>
        <translation>Setzen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="41"/>
        <source>Clear</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="42"/>
        <source>Accept predicted</source>
        <translation>Vorhersage übernehmen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="46"/>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="57"/>
        <source>Hotkey %1 toggles Negative; Negative excludes every other class. Return sets the checked classes on the selected cells.</source>
        <translation>Taste %1 schaltet „Negativ“ um; „Negativ“ schließt jede andere Klasse aus. Eingabe setzt die angekreuzten Klassen auf die ausgewählten Zellen.</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="60"/>
        <source>Hotkey %1 toggles this class. Return sets the checked classes on the selected cells.</source>
        <translation>Taste %1 schaltet diese Klasse um. Eingabe setzt die angekreuzten Klassen auf die ausgewählten Zellen.</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="68"/>
        <source>Toggle %1</source>
        <translation>%1 umschalten</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="76"/>
        <source>Set labels</source>
        <translation>Labels setzen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="78"/>
        <source>Set the checked classes on the selected cells (Return)</source>
        <translation>Die angekreuzten Klassen auf die ausgewählten Zellen setzen (Eingabe)</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="79"/>
        <source>Clear labels</source>
        <translation>Labels entfernen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="81"/>
        <source>Remove the annotations of the selected cells (Delete)</source>
        <translation>Die Annotationen der ausgewählten Zellen entfernen (Entf)</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="82"/>
        <source>Accept predicted labels</source>
        <translation>Vorhergesagte Labels übernehmen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="84"/>
        <source>Annotate the selected cells with their predicted labels (A)</source>
        <translation>Die ausgewählten Zellen mit ihren vorhergesagten Labels annotieren (A)</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="85"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="87"/>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/annotation_panel.cpp" line="211"/>
        <source>mAP on %n annotated cell(s): %1 (%2 classes)</source>
        <translation>
            <numerusform>mAP auf %n annotierter Zelle: %1 (%2 Klassen)</numerusform>
            <numerusform>mAP auf %n annotierten Zellen: %1 (%2 Klassen)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="341"/>
        <source>Open a project to annotate cells.</source>
        <translation>Öffnen Sie ein Projekt, um Zellen zu annotieren.</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="343"/>
        <source>Select cells in the viewer to annotate them.</source>
        <translation>Wählen Sie Zellen im Bildbetrachter, um sie zu annotieren.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/annotation_panel.cpp" line="346"/>
        <source>Image %1: %n cell(s) selected</source>
        <translation>
            <numerusform>Bild %1: %n Zelle ausgewählt</numerusform>
            <numerusform>Bild %1: %n Zellen ausgewählt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cellcam::ui::CamGridView</name>
    <message>
        <location filename="../ui/src/cam_grid_view.cpp" line="19"/>
        <source>Open a model to see the CAMs of all classes.</source>
        <translation>Öffnen Sie ein Modell, um die CAMs aller Klassen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/src/cam_grid_view.cpp" line="104"/>
        <source>%1 · p %2 · %3</source>
        <translation>%1 · p %2 · %3</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::CamSurfaceView</name>
    <message>
        <location filename="../ui/src/cam_surface_view.cpp" line="360"/>
        <source>Drag to rotate, right drag or wheel to zoom, middle drag to pan; double click or R resets the view, T toggles the image texture.</source>
        <translation>Ziehen dreht, Ziehen mit rechter Taste oder Mausrad zoomt, Ziehen mit mittlerer Taste verschiebt; Doppelklick oder R setzt die Ansicht zurück, T schaltet die Bildtextur um.</translation>
    </message>
    <message>
        <location filename="../ui/src/cam_surface_view.cpp" line="403"/>
        <source>CAM</source>
        <translation>CAM</translation>
    </message>
    <message>
        <location filename="../ui/src/cam_surface_view.cpp" line="654"/>
        <source>Choose an image and a class to see its CAM as a landscape.</source>
        <translation>Wählen Sie ein Bild und eine Klasse, um deren CAM als Landschaft zu sehen.</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::CellPanel</name>
    <message>
        <location filename="../ui/src/cell_panel.cpp" line="38"/>
        <source>All classes</source>
        <translation>Alle Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_panel.cpp" line="77"/>
        <source>Open a model to see the cells&apos; class probabilities.</source>
        <translation>Öffnen Sie ein Modell, um die Klassenwahrscheinlichkeiten der Zellen zu sehen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/cell_panel.cpp" line="88"/>
        <source>%n cell(s); sigmoid mapping only (no XGBoost mapping file).</source>
        <translation>
            <numerusform>%n Zelle; nur Sigmoid-Abbildung (keine XGBoost-Abbildungsdatei).</numerusform>
            <numerusform>%n Zellen; nur Sigmoid-Abbildung (keine XGBoost-Abbildungsdatei).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/cell_panel.cpp" line="90"/>
        <source>%n cell(s); final = blend of sigmoid and XGBoost.</source>
        <translation>
            <numerusform>%n Zelle; endgültig = Mischung aus Sigmoid und XGBoost.</numerusform>
            <numerusform>%n Zellen; endgültig = Mischung aus Sigmoid und XGBoost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cellcam::ui::CellTableModel</name>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="97"/>
        <source>The model has no XGBoost mapping file; the final probability is the sigmoid mapping alone.</source>
        <translation>Das Modell hat keine XGBoost-Abbildungsdatei; die endgültige Wahrscheinlichkeit ist allein die Sigmoid-Abbildung.</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="110"/>
        <source>Sum of the class&apos;s CAM over the cell&apos;s pixels times the image probability.</source>
        <translation>Summe der CAM der Klasse über die Pixel der Zelle mal die Bildwahrscheinlichkeit.</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="112"/>
        <source>Robustly standardised over the image, then a sigmoid.</source>
        <translation>Robust über das Bild standardisiert, dann eine Sigmoidfunktion.</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="114"/>
        <source>The model&apos;s gradient-boosted (XGBoost) mapping of the standardised score.</source>
        <translation>Die Gradient-Boosting-Abbildung (XGBoost) des Modells für den standardisierten Wert.</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="116"/>
        <source>Blend of the sigmoid and XGBoost probabilities.</source>
        <translation>Mischung der Sigmoid- und XGBoost-Wahrscheinlichkeiten.</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="123"/>
        <source>Cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="125"/>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="127"/>
        <source>Raw score</source>
        <translation>Rohwert</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="129"/>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="131"/>
        <source>XGBoost</source>
        <translation>XGBoost</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="133"/>
        <source>Final</source>
        <translation>Endgültig</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ChannelPanel</name>
    <message>
        <location filename="../ui/src/channel_panel.cpp" line="21"/>
        <source>Red (microtubules)</source>
        <translation>Rot (Mikrotubuli)</translation>
    </message>
    <message>
        <location filename="../ui/src/channel_panel.cpp" line="21"/>
        <source>Green (protein)</source>
        <translation>Grün (Protein)</translation>
    </message>
    <message>
        <location filename="../ui/src/channel_panel.cpp" line="22"/>
        <source>Blue (nucleus)</source>
        <translation>Blau (Zellkern)</translation>
    </message>
    <message>
        <location filename="../ui/src/channel_panel.cpp" line="22"/>
        <source>Yellow (ER)</source>
        <translation>Gelb (ER)</translation>
    </message>
    <message>
        <location filename="../ui/src/channel_panel.cpp" line="27"/>
        <source>Contrast</source>
        <translation>Kontrast</translation>
    </message>
    <message>
        <location filename="../ui/src/channel_panel.cpp" line="28"/>
        <source>Gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <location filename="../ui/src/channel_panel.cpp" line="36"/>
        <source>Gain: values are multiplied by it before clipping.</source>
        <translation>Verstärkung: die Werte werden vor dem Abschneiden damit multipliziert.</translation>
    </message>
    <message>
        <location filename="../ui/src/channel_panel.cpp" line="39"/>
        <source>Gamma above 1 brightens faint signal.</source>
        <translation>Gamma über 1 hellt schwaches Signal auf.</translation>
    </message>
    <message>
        <location filename="../ui/src/channel_panel.cpp" line="53"/>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::DatasetModel</name>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="75"/>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="75"/>
        <source>test</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="83"/>
        <source>none above 0.5</source>
        <translation>keine über 0,5</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="86"/>
        <source>Shown once the model&apos;s CAMs of this image were computed.</source>
        <translation>Wird angezeigt, sobald die CAMs des Modells für dieses Bild berechnet sind.</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="87"/>
        <source>Classes whose image-level probability is above 0.5 (viewed images) or with a cell above confidence 0.5 (a loaded submission).</source>
        <translation>Klassen mit einer Wahrscheinlichkeit auf Bildebene über 0,5 (angesehene Bilder) oder mit einer Zelle über Konfidenz 0,5 (eine geladene Submission).</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="91"/>
        <source>Test images have no image-level labels.</source>
        <translation>Testbilder haben keine Bild-Labels.</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="99"/>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="101"/>
        <source>Split</source>
        <translation>Teilmenge</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="103"/>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_model.cpp" line="105"/>
        <source>Predicted</source>
        <translation>Vorhergesagt</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::DatasetPanel</name>
    <message>
        <location filename="../ui/src/dataset_panel.cpp" line="49"/>
        <source>Search by image ID</source>
        <translation>Nach Bild-ID suchen</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_panel.cpp" line="51"/>
        <source>All classes</source>
        <translation>Alle Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_panel.cpp" line="118"/>
        <source>%1 of %2 images</source>
        <translation>%1 von %2 Bildern</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ExportDialog</name>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="64"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="65"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="66"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="67"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="69"/>
        <source>Export submission CSV</source>
        <translation>Submission-CSV exportieren</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="70"/>
        <location filename="../ui/src/export_dialog.cpp" line="110"/>
        <source>Ensemble file</source>
        <translation>Ensemble-Datei</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="71"/>
        <source>Single model</source>
        <translation>Einzelnes Modell</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="72"/>
        <source>folder with sample_submission.csv and test/</source>
        <translation>Ordner mit sample_submission.csv und test/</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="85"/>
        <location filename="../ui/src/export_dialog.cpp" line="104"/>
        <source>Test data folder</source>
        <translation>Testdatenordner</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="86"/>
        <source>Predict with</source>
        <translation>Vorhersage mit</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="87"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="88"/>
        <location filename="../ui/src/export_dialog.cpp" line="115"/>
        <source>Submission CSV</source>
        <translation>Submission-CSV</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="110"/>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="111"/>
        <source>Ensembles (*.json)</source>
        <translation>Ensembles (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="111"/>
        <source>Models (*.pt)</source>
        <translation>Modelle (*.pt)</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="116"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="160"/>
        <source>Choose the test data folder (with sample_submission.csv and test/).</source>
        <translation>Wählen Sie den Testdatenordner (mit sample_submission.csv und test/).</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="162"/>
        <source>Choose the ensemble or model file to predict with.</source>
        <translation>Wählen Sie die Ensemble- oder Modelldatei für die Vorhersage.</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="164"/>
        <source>Choose where to write the submission CSV.</source>
        <translation>Wählen Sie, wohin die Submission-CSV geschrieben wird.</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="181"/>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="189"/>
        <source>Queued …</source>
        <translation>In Warteschlange …</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="202"/>
        <source>%1 rows, %2 cells, %3 s, %4 written to %5.</source>
        <translation>%1 Zeilen, %2 Zellen, %3 s, %4 nach %5 geschrieben.</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="221"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>Export abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ImageAnalysis</name>
    <message>
        <location filename="../ui/src/image_analysis.cpp" line="436"/>
        <source>Loading the model…</source>
        <translation>Das Modell wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/src/image_analysis.cpp" line="438"/>
        <source>Loading the image…</source>
        <translation>Das Bild wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/src/image_analysis.cpp" line="439"/>
        <source>Finding cells…</source>
        <translation>Zellen werden gesucht…</translation>
    </message>
    <message>
        <location filename="../ui/src/image_analysis.cpp" line="440"/>
        <source>Computing CAMs…</source>
        <translation>CAMs werden berechnet…</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ImageViewer</name>
    <message>
        <location filename="../ui/src/image_viewer.cpp" line="47"/>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/src/image_viewer.cpp" line="62"/>
        <source>%1 (%2 x %3 px)</source>
        <translation>%1 (%2 x %3 px)</translation>
    </message>
    <message>
        <location filename="../ui/src/image_viewer.cpp" line="88"/>
        <source>Select an image in the dataset list.</source>
        <translation>Wählen Sie ein Bild in der Datensatzliste.</translation>
    </message>
    <message>
        <location filename="../ui/src/image_viewer.cpp" line="300"/>
        <source>%1 — %2%</source>
        <translation>%1 — %2 %</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::JobManager</name>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="35"/>
        <source>queued</source>
        <translation>wartend</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="37"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="39"/>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="41"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="43"/>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="114"/>
        <source>Cancelling …</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="192"/>
        <source>The job stopped with an unknown error; see the terminal for details.</source>
        <translation>Der Auftrag wurde mit einem unbekannten Fehler beendet; Details stehen im Terminal.</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="198"/>
        <source>Started %1</source>
        <translation>%1 gestartet</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="272"/>
        <source>Finished in %1 s.</source>
        <translation>Fertig nach %1 s.</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="277"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="280"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="301"/>
        <location filename="../ui/src/job_manager.cpp" line="311"/>
        <source>Jobs are running</source>
        <translation>Aufträge laufen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/job_manager.cpp" line="302"/>
        <source>%n job(s) still running. Cancel them and close? Training runs keep a checkpoint and can be resumed.</source>
        <translation>
            <numerusform>%n Auftrag läuft noch. Abbrechen und schließen? Trainingsläufe behalten einen Checkpoint und können fortgesetzt werden.</numerusform>
            <numerusform>%n Aufträge laufen noch. Abbrechen und schließen? Trainingsläufe behalten einen Checkpoint und können fortgesetzt werden.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="312"/>
        <source>A job did not stop within a minute; wait for it to finish, then close the window again.</source>
        <translation>Ein Auftrag wurde nicht innerhalb einer Minute beendet; warten Sie, bis er fertig ist, und schließen Sie das Fenster dann erneut.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="140"/>
        <source>Choose the data folder to train on.</source>
        <translation>Wählen Sie den Datenordner für das Training.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="144"/>
        <source>Choose a run folder for the model and checkpoints.</source>
        <translation>Wählen Sie einen Laufordner für das Modell und die Checkpoints.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="157"/>
        <source>%1 already holds a training run; tick Resume to continue it or choose a new run folder.</source>
        <translation>%1 enthält bereits einen Trainingslauf; wählen Sie „Fortsetzen“, um ihn weiterzuführen, oder wählen Sie einen neuen Laufordner.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="164"/>
        <source>%1 is missing, so there is no run to resume; untick Resume to start a new run.</source>
        <translation>%1 fehlt, daher gibt es keinen Lauf zum Fortsetzen; deaktivieren Sie „Fortsetzen“, um einen neuen Lauf zu starten.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="192"/>
        <source>Training %1 (resumed)</source>
        <translation>Training %1 (fortgesetzt)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="193"/>
        <source>Training %1</source>
        <translation>Training %1</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::JobsModel</name>
    <message>
        <location filename="../ui/src/jobs_panel.cpp" line="101"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/src/jobs_panel.cpp" line="103"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../ui/src/jobs_panel.cpp" line="105"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../ui/src/jobs_panel.cpp" line="107"/>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <location filename="../ui/src/jobs_panel.cpp" line="109"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::JobsPanel</name>
    <message>
        <location filename="../ui/src/jobs_panel.cpp" line="127"/>
        <source>Cancel job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/src/jobs_panel.cpp" line="139"/>
        <source>Select a job to see its log.</source>
        <translation>Wählen Sie einen Auftrag, um sein Protokoll zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/src/jobs_panel.cpp" line="194"/>
        <source>%1: %2 %</source>
        <translation>%1: %2 %</translation>
    </message>
    <message>
        <location filename="../ui/src/jobs_panel.cpp" line="197"/>
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::MainWindow</name>
    <message>
        <location filename="../ui/src/main_window.cpp" line="236"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="90"/>
        <source>CellCAM Studio</source>
        <translation>CellCAM Studio</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="93"/>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="94"/>
        <source>All Classes</source>
        <translation>Alle Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="111"/>
        <source>No dataset</source>
        <translation>Kein Datensatz</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="112"/>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="143"/>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="147"/>
        <location filename="../ui/src/main_window.cpp" line="478"/>
        <source>Computing the cells&apos; probabilities…</source>
        <translation>Die Wahrscheinlichkeiten der Zellen werden berechnet…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="152"/>
        <source>Opened model %1</source>
        <translation>Modell %1 geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="155"/>
        <location filename="../ui/src/main_window.cpp" line="446"/>
        <source>Cannot open model</source>
        <translation>Modell kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="190"/>
        <source>Cannot read submission</source>
        <translation>Submission kann nicht gelesen werden</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/main_window.cpp" line="199"/>
        <source>Predicted labels of %n image(s) from the submission.</source>
        <translation>
            <numerusform>Vorhergesagte Labels von %n Bild aus der Submission.</numerusform>
            <numerusform>Vorhergesagte Labels von %n Bildern aus der Submission.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="238"/>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="239"/>
        <source>Cells</source>
        <translation>Zellen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="241"/>
        <source>3D CAM</source>
        <translation>3D-CAM</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="242"/>
        <source>Mapping Plots</source>
        <translation>Abbildungsdiagramme</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="244"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="245"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="260"/>
        <source>CAM</source>
        <translation>CAM</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="263"/>
        <source>The class whose CAM is shown</source>
        <translation>Die Klasse, deren CAM angezeigt wird</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="268"/>
        <source>Opacity of the CAM overlay</source>
        <translation>Deckkraft der CAM-Überlagerung</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="269"/>
        <source>Class </source>
        <translation>Klasse </translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="272"/>
        <source>Opacity </source>
        <translation>Deckkraft </translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="277"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="278"/>
        <source>&amp;Open Dataset…</source>
        <translation>Datensatz ö&amp;ffnen …</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="280"/>
        <source>Open &amp;Model…</source>
        <translation>&amp;Modell öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="282"/>
        <source>Load &amp;Submission…</source>
        <translation>&amp;Submission laden…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="284"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="287"/>
        <source>&amp;Image</source>
        <translation>&amp;Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="289"/>
        <source>&amp;Next Image</source>
        <translation>&amp;Nächstes Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="291"/>
        <source>&amp;Previous Image</source>
        <translation>&amp;Vorheriges Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="295"/>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="298"/>
        <source>&amp;Actual Size (1:1)</source>
        <translation>&amp;Originalgröße (1:1)</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="300"/>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="302"/>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="305"/>
        <source>Cell &amp;Outlines</source>
        <translation>Zell&amp;umrisse</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="311"/>
        <source>&amp;CAM</source>
        <translation>&amp;CAM</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="312"/>
        <source>Show &amp;Overlay</source>
        <translation>Über&amp;lagerung anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="317"/>
        <source>N&amp;ext Class</source>
        <translation>Nächste &amp;Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="319"/>
        <source>P&amp;revious Class</source>
        <translation>Vo&amp;rherige Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="321"/>
        <source>&amp;All Classes</source>
        <translation>&amp;Alle Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="327"/>
        <source>&amp;Test-Time Augmentation</source>
        <translation>&amp;Test-Time-Augmentierung</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="329"/>
        <source>Scales 1.0, 1.3, 1.6 with four flips each (12 views) instead of one view</source>
        <translation>Skalen 1,0, 1,3, 1,6 mit je vier Spiegelungen (12 Ansichten) statt einer Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="337"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="346"/>
        <source>&amp;Find Image</source>
        <translation>Bild &amp;suchen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="352"/>
        <source>&amp;Reset Layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="354"/>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="355"/>
        <source>&amp;Train Model…</source>
        <translation>Modell &amp;trainieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="356"/>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="358"/>
        <source>&amp;Export Submission CSV…</source>
        <translation>Einreichungs-CSV &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="359"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="361"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="368"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="369"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="370"/>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="372"/>
        <source>&amp;About CellCAM</source>
        <translation>Ü&amp;ber CellCAM</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="377"/>
        <source>Open Dataset</source>
        <translation>Datensatz öffnen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="383"/>
        <source>Open Model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="384"/>
        <source>CellCAM models (*.pt);;All files (*)</source>
        <translation>CellCAM-Modelle (*.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="390"/>
        <source>Load Submission</source>
        <translation>Submission laden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="391"/>
        <source>Submissions (*.csv);;All files (*)</source>
        <translation>Submissions (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="432"/>
        <source>%1: %2 train, %3 test images</source>
        <translation>%1: %2 Trainings-, %3 Testbilder</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="433"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="438"/>
        <source>Cannot open dataset</source>
        <translation>Datensatz kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="447"/>
        <source>%1: the model file does not exist; choose a .pt file written by CellCAM.</source>
        <translation>%1: die Modelldatei existiert nicht; wählen Sie eine von CellCAM geschriebene .pt-Datei.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="475"/>
        <source>Computing CAMs…</source>
        <translation>CAMs werden berechnet…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="476"/>
        <source>Open a model to see the CAMs of all classes.</source>
        <translation>Öffnen Sie ein Modell, um die CAMs aller Klassen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="479"/>
        <source>Open a model to see the cells&apos; class probabilities.</source>
        <translation>Öffnen Sie ein Modell, um die Klassenwahrscheinlichkeiten der Zellen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="552"/>
        <source>Cell %1</source>
        <translation>Zelle %1</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="558"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="564"/>
        <source>Cell %1 — %2</source>
        <translation>Zelle %1 — %2</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::MappingPlotPanel</name>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="94"/>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="95"/>
        <source>Save both plots as PNG or PDF</source>
        <translation>Beide Diagramme als PNG oder PDF speichern</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="173"/>
        <source>Choose a model to see its probability mapping.</source>
        <translation>Wählen Sie ein Modell, um seine Wahrscheinlichkeitsabbildung zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="190"/>
        <source>%1: no probability mapping for model &quot;%2&quot;; fit one with &quot;cellcam fit-mapping&quot; and reopen the model.</source>
        <translation>%1: keine Wahrscheinlichkeitsabbildung für das Modell „%2“; passen Sie eine mit „cellcam fit-mapping“ an und öffnen Sie das Modell erneut.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="201"/>
        <source>%1: the mapping is not fitted; fit it again with &quot;cellcam fit-mapping&quot;.</source>
        <translation>%1: die Abbildung ist nicht angepasst; passen Sie sie mit „cellcam fit-mapping“ erneut an.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="245"/>
        <source>%1 — one mapping curve per model (shared by all classes), %2 training rows</source>
        <translation>%1 — eine Abbildungskurve pro Modell (für alle Klassen gemeinsam), %2 Trainingszeilen</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="267"/>
        <source>training points (%1 shown, jittered)</source>
        <translation>Trainingspunkte (%1 gezeigt, verrauscht)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="279"/>
        <source>sigmoid(%1 · (z − %2))</source>
        <translation>sigmoid(%1 · (z − %2))</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="286"/>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="348"/>
        <source>gradient-boosted mapping</source>
        <translation>Gradient-Boosting-Abbildung</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="299"/>
        <source>cells per bin</source>
        <translation>Zellen pro Intervall</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="320"/>
        <source>cells per bin (GBR)</source>
        <translation>Zellen pro Intervall (GBR)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="321"/>
        <source>cells per bin (sigmoid)</source>
        <translation>Zellen pro Intervall (Sigmoid)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="324"/>
        <source>perfectly calibrated</source>
        <translation>perfekt kalibriert</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="346"/>
        <source>sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="368"/>
        <source>Mapping: standardised score → probability</source>
        <translation>Abbildung: standardisierter Wert → Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="369"/>
        <source>standardised score z</source>
        <translation>standardisierter Wert z</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="369"/>
        <source>probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="371"/>
        <source>Reliability: training cells (single-label images)</source>
        <translation>Zuverlässigkeit: Trainingszellen (Bilder mit einem Label)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="372"/>
        <source>predicted probability (bins of 0.1)</source>
        <translation>vorhergesagte Wahrscheinlichkeit (Intervalle von 0,1)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="372"/>
        <source>observed frequency of target 1</source>
        <translation>beobachtete Häufigkeit von Ziel 1</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="407"/>
        <source>predicted %1–%2
GBR: %3 cells, observed %4
sigmoid: %5 cells, observed %6</source>
        <translation>vorhergesagt %1–%2
GBR: %3 Zellen, beobachtet %4
Sigmoid: %5 Zellen, beobachtet %6</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="411"/>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="413"/>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="420"/>
        <source>Export as PNG…</source>
        <translation>Als PNG exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="421"/>
        <source>Export as PDF…</source>
        <translation>Als PDF exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="423"/>
        <source>Reset view</source>
        <translation>Ansicht zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="428"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="430"/>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="431"/>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="438"/>
        <source>Export mapping plots</source>
        <translation>Abbildungsdiagramme exportieren</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="453"/>
        <source>%1: there is no mapping plot to export; choose a model first.</source>
        <translation>%1: es gibt kein Abbildungsdiagramm zum Exportieren; wählen Sie zuerst ein Modell.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="461"/>
        <source>%1: could not render the plot as PNG; try PDF instead.</source>
        <translation>%1: das Diagramm konnte nicht als PNG erzeugt werden; versuchen Sie stattdessen PDF.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="469"/>
        <source>%1: could not render the plot as PDF (temporary folder %2 not writable); free space or set TMPDIR.</source>
        <translation>%1: das Diagramm konnte nicht als PDF erzeugt werden (temporärer Ordner %2 nicht beschreibbar); geben Sie Speicherplatz frei oder setzen Sie TMPDIR.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="474"/>
        <source>%1: unknown plot format &quot;%2&quot;; use a file name ending in .png or .pdf.</source>
        <translation>%1: unbekanntes Diagrammformat „%2“; verwenden Sie einen Dateinamen mit der Endung .png oder .pdf.</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ReviewQueueModel</name>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="83"/>
        <source>predicted %1 outside the image&apos;s labels</source>
        <translation>%1 vorhergesagt, nicht unter den Labels des Bildes</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="84"/>
        <source>low top probability</source>
        <translation>niedrige Höchstwahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="85"/>
        <source>mappings differ by %1 on class %2</source>
        <translation>Abbildungen unterscheiden sich um %1 bei Klasse %2</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="135"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="137"/>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="139"/>
        <source>Cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="141"/>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="143"/>
        <source>Top class</source>
        <translation>Stärkste Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="145"/>
        <source>Top probability</source>
        <translation>Höchste Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="147"/>
        <source>Sigmoid vs GBR</source>
        <translation>Sigmoid vs. GBR</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="149"/>
        <source>Predicted</source>
        <translation>Vorhergesagt</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ReviewQueuePanel</name>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="170"/>
        <source>Cells to check first; double-click one to show it in the viewer</source>
        <translation>Zuerst zu prüfende Zellen; Doppelklick zeigt eine Zelle im Bildbetrachter</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/src/settings_dialog.cpp" line="19"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/src/settings_dialog.cpp" line="25"/>
        <source>A new language takes effect when the studio is started again.</source>
        <translation>Eine neue Sprache wird beim nächsten Start des Studios wirksam.</translation>
    </message>
    <message>
        <location filename="../ui/src/settings_dialog.cpp" line="28"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../ui/src/settings_dialog.cpp" line="30"/>
        <source>Jobs running at once</source>
        <translation>Gleichzeitig laufende Aufträge</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::TrainingDialog</name>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="313"/>
        <source>Start training</source>
        <translation>Training starten</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="314"/>
        <source>Train a CAM model</source>
        <translation>Ein CAM-Modell trainieren</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="315"/>
        <source>Seed: ResNeSt-101 (SGD, poly schedule)</source>
        <translation>Vorlage: ResNeSt-101 (SGD, Poly-Zeitplan)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="317"/>
        <source>Seed: EfficientNet-B4 (Adam, step decay)</source>
        <translation>Vorlage: EfficientNet-B4 (Adam, stufenweiser Abfall)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="319"/>
        <source>Quick CPU demo (ResNet-18, 128 px)</source>
        <translation>Schnelle CPU-Demo (ResNet-18, 128 px)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="324"/>
        <source>Resume from the run folder&apos;s checkpoint</source>
        <translation>Vom Checkpoint im Laufordner fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="326"/>
        <source>Preset</source>
        <translation>Vorgabe</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="327"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="328"/>
        <source>Run folder</source>
        <translation>Laufordner</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="332"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="333"/>
        <location filename="../ui/src/training_dialog.cpp" line="412"/>
        <source>Optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="334"/>
        <location filename="../ui/src/training_dialog.cpp" line="457"/>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="335"/>
        <source>Augmentation</source>
        <translation>Augmentierung</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="336"/>
        <source>Runtime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="338"/>
        <source>Load config…</source>
        <translation>Konfiguration laden…</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="339"/>
        <source>Save config…</source>
        <translation>Konfiguration speichern…</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="359"/>
        <source>Load training config</source>
        <translation>Trainingskonfiguration laden</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="360"/>
        <location filename="../ui/src/training_dialog.cpp" line="365"/>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="365"/>
        <source>Save training config</source>
        <translation>Trainingskonfiguration speichern</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="389"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="394"/>
        <source>optional torchvision TorchScript archive</source>
        <translation>optionales torchvision-TorchScript-Archiv</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="395"/>
        <source>Backbone</source>
        <translation>Backbone</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="396"/>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="397"/>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="398"/>
        <source>Input size</source>
        <translation>Eingabegröße</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="399"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="400"/>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="401"/>
        <source>Gradient accumulation</source>
        <translation>Gradientenakkumulation</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="402"/>
        <location filename="../ui/src/training_dialog.cpp" line="403"/>
        <source>Pretrained weights</source>
        <translation>Vortrainierte Gewichte</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="419"/>
        <source>Nesterov momentum</source>
        <translation>Nesterov-Momentum</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="424"/>
        <location filename="../ui/src/training_dialog.cpp" line="437"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="425"/>
        <source>Momentum</source>
        <translation>Momentum</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="427"/>
        <location filename="../ui/src/training_dialog.cpp" line="438"/>
        <source>Weight decay</source>
        <translation>Gewichtsabnahme</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="428"/>
        <source>Poly schedule power</source>
        <translation>Exponent des Poly-Zeitplans</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="429"/>
        <source>Head learning rate scale</source>
        <translation>Lernratenfaktor für den Kopf</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="430"/>
        <source>Bias learning rate scale</source>
        <translation>Lernratenfaktor für Bias</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="439"/>
        <source>Step decay per epoch</source>
        <translation>Stufenweiser Abfall pro Epoche</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="458"/>
        <source>Focal gamma</source>
        <translation>Focal-Gamma</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="459"/>
        <source>Label smoothing</source>
        <translation>Label-Glättung</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="460"/>
        <source>Re-loss weight alpha</source>
        <translation>Gewicht Alpha des Re-Verlusts</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="461"/>
        <source>Alpha ramp (fraction of epochs)</source>
        <translation>Alpha-Rampe (Anteil der Epochen)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="462"/>
        <source>Confidence loss weight</source>
        <translation>Gewicht des Konfidenzverlusts</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="463"/>
        <source>Tiles per side</source>
        <translation>Kacheln pro Seite</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="470"/>
        <source>Random flips</source>
        <translation>Zufällige Spiegelungen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="471"/>
        <source>Random 90° rotations</source>
        <translation>Zufällige 90°-Drehungen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="477"/>
        <source>Brightness jitter</source>
        <translation>Helligkeitsschwankung</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="478"/>
        <source>Contrast jitter</source>
        <translation>Kontrastschwankung</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="479"/>
        <source>Resized crop minimum area (1 = off)</source>
        <translation>Mindestfläche des skalierten Ausschnitts (1 = aus)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="488"/>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="491"/>
        <source>no cache</source>
        <translation>kein Cache</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="498"/>
        <source>epoch ends only</source>
        <translation>nur am Epochenende</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="499"/>
        <source>Validation fraction</source>
        <translation>Validierungsanteil</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="500"/>
        <source>Data loading threads</source>
        <translation>Threads zum Laden der Daten</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="501"/>
        <source>Batches decoded ahead</source>
        <translation>Im Voraus dekodierte Batches</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="502"/>
        <location filename="../ui/src/training_dialog.cpp" line="503"/>
        <source>Image cache folder</source>
        <translation>Ordner für den Bildcache</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="504"/>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="505"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="506"/>
        <source>Random seed</source>
        <translation>Zufallsstartwert</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="507"/>
        <source>Checkpoint every N steps</source>
        <translation>Checkpoint alle N Schritte</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="640"/>
        <source>The run started but could not be recorded: %1</source>
        <translation>Der Lauf wurde gestartet, konnte aber nicht protokolliert werden: %1</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::TrainingMonitor</name>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="111"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="112"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="116"/>
        <source>total</source>
        <translation>gesamt</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="117"/>
        <source>class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="118"/>
        <source>p-class</source>
        <translation>p-Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="119"/>
        <source>re</source>
        <translation>re</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="125"/>
        <source>optimizer step</source>
        <translation>Optimiererschritt</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="126"/>
        <source>loss (epoch running mean)</source>
        <translation>Verlust (laufender Mittelwert der Epoche)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="131"/>
        <source>validation macro AUC</source>
        <translation>Validierungs-Makro-AUC</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="135"/>
        <source>validation mAP</source>
        <translation>Validierungs-mAP</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="138"/>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="151"/>
        <location filename="../ui/src/training_monitor.cpp" line="373"/>
        <source>CAM snapshots appear after each epoch.</source>
        <translation>CAM-Schnappschüsse erscheinen nach jeder Epoche.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="311"/>
        <source>%1 holds no labelled training image for a CAM snapshot.</source>
        <translation>%1 enthält kein beschriftetes Trainingsbild für einen CAM-Schnappschuss.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="327"/>
        <source>CAM snapshot of epoch %1 failed: %2</source>
        <translation>CAM-Schnappschuss von Epoche %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="349"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="366"/>
        <source>%1
predicted: %2
true labels: %3</source>
        <translation>%1
vorhergesagt: %2
wahre Labels: %3</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="370"/>
        <source>CAMs of the top predicted class after epoch %1 (hover for details).</source>
        <translation>CAMs der am stärksten vorhergesagten Klasse nach Epoche %1 (Details beim Überfahren).</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="381"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
</TS>
