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
        <location filename="../ui/src/annotation_panel.cpp" line="37"/>
        <source>Set</source>
        <translation>Setzen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="38"/>
        <source>Clear</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="39"/>
        <source>Accept predicted</source>
        <translation>Vorhersage übernehmen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="43"/>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="54"/>
        <source>Hotkey %1 toggles Negative; Negative excludes every other class. Return sets the checked classes on the selected cells.</source>
        <translation>Taste %1 schaltet „Negativ“ um; „Negativ“ schließt jede andere Klasse aus. Eingabe setzt die angekreuzten Klassen auf die ausgewählten Zellen.</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="57"/>
        <source>Hotkey %1 toggles this class. Return sets the checked classes on the selected cells.</source>
        <translation>Taste %1 schaltet diese Klasse um. Eingabe setzt die angekreuzten Klassen auf die ausgewählten Zellen.</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="65"/>
        <source>Toggle %1</source>
        <translation>%1 umschalten</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="73"/>
        <source>Set labels</source>
        <translation>Labels setzen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="75"/>
        <source>Set the checked classes on the selected cells (Return)</source>
        <translation>Die angekreuzten Klassen auf die ausgewählten Zellen setzen (Eingabe)</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="76"/>
        <source>Clear labels</source>
        <translation>Labels entfernen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="78"/>
        <source>Remove the annotations of the selected cells (Delete)</source>
        <translation>Die Annotationen der ausgewählten Zellen entfernen (Entf)</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="79"/>
        <source>Accept predicted labels</source>
        <translation>Vorhergesagte Labels übernehmen</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="81"/>
        <source>Annotate the selected cells with their predicted labels (A)</source>
        <translation>Die ausgewählten Zellen mit ihren vorhergesagten Labels annotieren (A)</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="82"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="84"/>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/annotation_panel.cpp" line="211"/>
        <source>%n annotated cell(s) without a prediction: open a model and show their images, or use Annotate &gt; Predict Cells for Review, to see the mAP on them.</source>
        <translation>
            <numerusform>%n annotierte Zelle ohne Vorhersage: Öffnen Sie ein Modell und zeigen Sie ihr Bild an, oder verwenden Sie Annotieren &gt; Zellen zur Prüfung vorhersagen, um die mAP für sie zu sehen.</numerusform>
            <numerusform>%n annotierte Zellen ohne Vorhersage: Öffnen Sie ein Modell und zeigen Sie ihre Bilder an, oder verwenden Sie Annotieren &gt; Zellen zur Prüfung vorhersagen, um die mAP für sie zu sehen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/annotation_panel.cpp" line="215"/>
        <source>mAP on %n annotated cell(s): %1 (%2 classes)</source>
        <translation>
            <numerusform>mAP auf %n annotierter Zelle: %1 (%2 Klassen)</numerusform>
            <numerusform>mAP auf %n annotierten Zellen: %1 (%2 Klassen)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/annotation_panel.cpp" line="220"/>
        <source>%n more without a prediction yet.</source>
        <translation>
            <numerusform>%n weitere noch ohne Vorhersage.</numerusform>
            <numerusform>%n weitere noch ohne Vorhersage.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="353"/>
        <source>Open a project to annotate cells.</source>
        <translation>Öffnen Sie ein Projekt, um Zellen zu annotieren.</translation>
    </message>
    <message>
        <location filename="../ui/src/annotation_panel.cpp" line="355"/>
        <source>Select cells in the viewer to annotate them.</source>
        <translation>Wählen Sie Zellen im Bildbetrachter, um sie zu annotieren.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/annotation_panel.cpp" line="358"/>
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
        <location filename="../ui/src/cam_grid_view.cpp" line="21"/>
        <source>Open a model to see the CAMs of all classes.</source>
        <translation>Öffnen Sie ein Modell, um die CAMs aller Klassen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/src/cam_grid_view.cpp" line="105"/>
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
        <location filename="../ui/src/cell_panel.cpp" line="39"/>
        <source>All classes</source>
        <translation>Alle Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_panel.cpp" line="73"/>
        <source>Open a model to see the cells&apos; class probabilities.</source>
        <translation>Öffnen Sie ein Modell, um die Klassenwahrscheinlichkeiten der Zellen zu sehen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/cell_panel.cpp" line="84"/>
        <source>%n cell(s); sigmoid mapping only (no XGBoost mapping file).</source>
        <translation>
            <numerusform>%n Zelle; nur Sigmoid-Abbildung (keine XGBoost-Abbildungsdatei).</numerusform>
            <numerusform>%n Zellen; nur Sigmoid-Abbildung (keine XGBoost-Abbildungsdatei).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/cell_panel.cpp" line="86"/>
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
        <location filename="../ui/src/cell_table_model.cpp" line="94"/>
        <source>The model has no XGBoost mapping file; the final probability is the sigmoid mapping alone.</source>
        <translation>Das Modell hat keine XGBoost-Abbildungsdatei; die endgültige Wahrscheinlichkeit ist allein die Sigmoid-Abbildung.</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="107"/>
        <source>Sum of the class&apos;s CAM over the cell&apos;s pixels times the image probability.</source>
        <translation>Summe der CAM der Klasse über die Pixel der Zelle mal die Bildwahrscheinlichkeit.</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="109"/>
        <source>Robustly standardised over the image, then a sigmoid.</source>
        <translation>Robust über das Bild standardisiert, dann eine Sigmoidfunktion.</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="111"/>
        <source>The model&apos;s gradient-boosted (XGBoost) mapping of the standardised score.</source>
        <translation>Die Gradient-Boosting-Abbildung (XGBoost) des Modells für den standardisierten Wert.</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="113"/>
        <source>Blend of the sigmoid and XGBoost probabilities.</source>
        <translation>Mischung der Sigmoid- und XGBoost-Wahrscheinlichkeiten.</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="120"/>
        <source>Cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="122"/>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="124"/>
        <source>Raw score</source>
        <translation>Rohwert</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="126"/>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="128"/>
        <source>XGBoost</source>
        <translation>XGBoost</translation>
    </message>
    <message>
        <location filename="../ui/src/cell_table_model.cpp" line="130"/>
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
        <location filename="../ui/src/dataset_panel.cpp" line="50"/>
        <source>Search by image ID</source>
        <translation>Nach Bild-ID suchen</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_panel.cpp" line="52"/>
        <source>All classes</source>
        <translation>Alle Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/dataset_panel.cpp" line="114"/>
        <source>%1 of %2 images</source>
        <translation>%1 von %2 Bildern</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::DialogJob</name>
    <message>
        <location filename="../ui/src/dialog_job.cpp" line="14"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/src/dialog_job.cpp" line="58"/>
        <source>Queued …</source>
        <translation>In Warteschlange …</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::EnsembleDialog</name>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="59"/>
        <source>Compose ensemble</source>
        <translation>Ensemble zusammenstellen</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="67"/>
        <source>name under which the project keeps the ensemble</source>
        <translation>Name, unter dem das Projekt das Ensemble speichert</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="69"/>
        <source>Load an ensemble saved in the project</source>
        <translation>Ein im Projekt gespeichertes Ensemble laden</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="73"/>
        <source>Family</source>
        <translation>Familie</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="73"/>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="80"/>
        <source>Add family</source>
        <translation>Familie hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="81"/>
        <source>Remove family</source>
        <translation>Familie entfernen</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="83"/>
        <location filename="../ui/src/ensemble_dialog.cpp" line="90"/>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="83"/>
        <location filename="../ui/src/ensemble_dialog.cpp" line="90"/>
        <source>GBR mapping</source>
        <translation>GBR-Abbildung</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="85"/>
        <location filename="../ui/src/ensemble_dialog.cpp" line="93"/>
        <source>Add model</source>
        <translation>Modell hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="87"/>
        <location filename="../ui/src/ensemble_dialog.cpp" line="95"/>
        <source>Remove model</source>
        <translation>Modell entfernen</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="97"/>
        <source>Share of the image classifier in each cell&apos;s probability</source>
        <translation>Anteil des Bildklassifikators an der Wahrscheinlichkeit jeder Zelle</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="102"/>
        <source>Blend of the sigmoid mapping with the GBR mapping (1 = sigmoid only)</source>
        <translation>Mischung der Sigmoid-Abbildung mit der GBR-Abbildung (1 = nur Sigmoid)</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="104"/>
        <source>e.g. 1.0, 1.3, 1.6</source>
        <translation>z. B. 1.0, 1.3, 1.6</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="105"/>
        <source>Flipped views (four per scale)</source>
        <translation>Gespiegelte Ansichten (vier pro Skala)</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="122"/>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="124"/>
        <source>Save As…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="125"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="129"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="130"/>
        <source>Saved ensembles:</source>
        <translation>Gespeicherte Ensembles:</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="140"/>
        <source>Families</source>
        <translation>Familien</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="145"/>
        <source>Models of the selected family (averaged):</source>
        <translation>Modelle der ausgewählten Familie (gemittelt):</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="153"/>
        <source>Weight:</source>
        <translation>Gewicht:</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="155"/>
        <source>Image classifier (optional)</source>
        <translation>Bildklassifikator (optional)</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="160"/>
        <source>Mapping and test-time augmentation</source>
        <translation>Abbildung und Test-Time-Augmentierung</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="162"/>
        <source>Sigmoid weight:</source>
        <translation>Sigmoid-Gewicht:</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="163"/>
        <source>TTA scales:</source>
        <translation>TTA-Skalen:</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="173"/>
        <source>Ensemble file (preview)</source>
        <translation>Ensemble-Datei (Vorschau)</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="197"/>
        <location filename="../ui/src/ensemble_dialog.cpp" line="262"/>
        <source>family %1</source>
        <translation>Familie %1</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="244"/>
        <source>Choose files…</source>
        <translation>Dateien auswählen…</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="273"/>
        <source>Add image classifier models</source>
        <translation>Bildklassifikator-Modelle hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="273"/>
        <source>Add models</source>
        <translation>Modelle hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="274"/>
        <source>CellCAM models (*.pt);;All files (*)</source>
        <translation>CellCAM-Modelle (*.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="376"/>
        <source>The model file does not exist.</source>
        <translation>Die Modelldatei existiert nicht.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="384"/>
        <source>found</source>
        <translation>vorhanden</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="384"/>
        <source>missing (sigmoid only)</source>
        <translation>fehlt (nur Sigmoid)</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="459"/>
        <source>Write the TTA scales as numbers separated by commas, e.g. 1.0, 1.3, 1.6.</source>
        <translation>Geben Sie die TTA-Skalen als durch Kommas getrennte Zahlen mit Dezimalpunkt ein, z. B. 1.0, 1.3, 1.6.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="462"/>
        <source>The TTA scale %1 is out of range: use numbers above 0 and at most 8.</source>
        <translation>Die TTA-Skala %1 liegt außerhalb des gültigen Bereichs: verwenden Sie Zahlen größer als 0 und höchstens 8.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="466"/>
        <source>Add at least one model to a family before saving.</source>
        <translation>Fügen Sie vor dem Speichern mindestens einer Familie ein Modell hinzu.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="469"/>
        <source>Family “%1” has no models: add one or remove the family.</source>
        <translation>Die Familie „%1“ hat keine Modelle: fügen Sie eines hinzu oder entfernen Sie die Familie.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="476"/>
        <source>The model file %1 does not exist: choose another file or remove it.</source>
        <translation>Die Modelldatei %1 existiert nicht: wählen Sie eine andere Datei oder entfernen Sie sie.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="482"/>
        <source>Family “%1” has a negative weight: weights must be 0 or more.</source>
        <translation>Die Familie „%1“ hat ein negatives Gewicht: Gewichte müssen 0 oder größer sein.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="487"/>
        <source>All family weights are 0: give at least one family a weight above 0.</source>
        <translation>Alle Familiengewichte sind 0: geben Sie mindestens einer Familie ein Gewicht über 0.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="504"/>
        <source>Loaded %1.</source>
        <translation>%1 geladen.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="510"/>
        <source>No project is open: open a project to use its saved ensembles.</source>
        <translation>Kein Projekt geöffnet: öffnen Sie ein Projekt, um seine gespeicherten Ensembles zu verwenden.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="518"/>
        <source>the project&apos;s ensemble “%1”</source>
        <translation>das Ensemble „%1“ des Projekts</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="522"/>
        <source>Loaded the project&apos;s ensemble “%1”.</source>
        <translation>Ensemble „%1“ des Projekts geladen.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="529"/>
        <source>The project has no ensemble called “%1”: choose one from the list.</source>
        <translation>Das Projekt hat kein Ensemble namens „%1“: wählen Sie eines aus der Liste.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="541"/>
        <source>Choose a file to save the ensemble to.</source>
        <translation>Wählen Sie eine Datei, in der das Ensemble gespeichert wird.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="558"/>
        <source>Saved %1, but the project did not record it: %2</source>
        <translation>%1 gespeichert, aber das Projekt hat es nicht eingetragen: %2</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="567"/>
        <source>Saved %1 and recorded it in the project as “%2”.</source>
        <translation>%1 gespeichert und im Projekt als „%2“ eingetragen.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="569"/>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="595"/>
        <source>Save ensemble</source>
        <translation>Ensemble speichern</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="596"/>
        <source>Ensemble files (*.json)</source>
        <translation>Ensemble-Dateien (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="619"/>
        <source>(choose a saved ensemble)</source>
        <translation>(gespeichertes Ensemble wählen)</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="619"/>
        <source>(no project open)</source>
        <translation>(kein Projekt geöffnet)</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="627"/>
        <source>saved %1</source>
        <translation>gespeichert am %1</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="653"/>
        <source>Model paths are absolute until the file is saved.</source>
        <translation>Modellpfade sind absolut, bis die Datei gespeichert wird.</translation>
    </message>
    <message>
        <location filename="../ui/src/ensemble_dialog.cpp" line="654"/>
        <source>Model paths below %1 are written relative to it.</source>
        <translation>Modellpfade unterhalb von %1 werden relativ dazu geschrieben.</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ExportDialog</name>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="37"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="39"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="40"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="42"/>
        <source>Export submission CSV</source>
        <translation>Submission-CSV exportieren</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="43"/>
        <location filename="../ui/src/export_dialog.cpp" line="78"/>
        <source>Ensemble file</source>
        <translation>Ensemble-Datei</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="44"/>
        <source>Single model</source>
        <translation>Einzelnes Modell</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="45"/>
        <source>folder with sample_submission.csv and test/</source>
        <translation>Ordner mit sample_submission.csv und test/</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="53"/>
        <location filename="../ui/src/export_dialog.cpp" line="72"/>
        <source>Test data folder</source>
        <translation>Testdatenordner</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="54"/>
        <source>Predict with</source>
        <translation>Vorhersage mit</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="55"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="56"/>
        <location filename="../ui/src/export_dialog.cpp" line="83"/>
        <source>Submission CSV</source>
        <translation>Submission-CSV</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="78"/>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="79"/>
        <source>Ensembles (*.json)</source>
        <translation>Ensembles (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="79"/>
        <source>Models (*.pt)</source>
        <translation>Modelle (*.pt)</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="84"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="114"/>
        <source>Choose the test data folder (with sample_submission.csv and test/).</source>
        <translation>Wählen Sie den Testdatenordner (mit sample_submission.csv und test/).</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="116"/>
        <source>Choose the ensemble or model file to predict with.</source>
        <translation>Wählen Sie die Ensemble- oder Modelldatei für die Vorhersage.</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="118"/>
        <source>Choose where to write the submission CSV.</source>
        <translation>Wählen Sie, wohin die Submission-CSV geschrieben wird.</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="135"/>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="153"/>
        <source>%1 rows, %2 cells, %3 s, %4 written to %5.</source>
        <translation>%1 Zeilen, %2 Zellen, %3 s, %4 nach %5 geschrieben.</translation>
    </message>
    <message>
        <location filename="../ui/src/export_dialog.cpp" line="172"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>Export abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::FitMappingDialog</name>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="65"/>
        <source>Test-time augmentation (scales 1.0, 1.3, 1.6 with flips)</source>
        <translation>Test-Time-Augmentierung (Skalen 1,0, 1,3, 1,6 mit Spiegelungen)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="76"/>
        <source>Non-decreasing in the score (monotone constraint)</source>
        <translation>Im Wert nicht fallend (Monotoniebedingung)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="84"/>
        <source>Fit</source>
        <translation>Anpassen</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="86"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="88"/>
        <source>Fit mapping</source>
        <translation>Abbildung anpassen</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="89"/>
        <source>trained model file (model.pt)</source>
        <translation>trainierte Modelldatei (model.pt)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="90"/>
        <source>folder with train.csv and train/</source>
        <translation>Ordner mit train.csv und train/</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="91"/>
        <source>optional: folder of cell label images {ID}.png</source>
        <translation>optional: Ordner mit Zell-Labelbildern {ID}.png</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="93"/>
        <source>Leave empty to segment the cells with the built-in segmentation (as the studio does).</source>
        <translation>Lassen Sie das Feld leer, um die Zellen mit der integrierten Segmentierung zu segmentieren (wie das Studio).</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="96"/>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="97"/>
        <source>Use at most this many single-label training images (the first).</source>
        <translation>Höchstens so viele Trainingsbilder mit einem Label verwenden (die ersten).</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="99"/>
        <source>Off: one unflipped view at scale 1.0 (fast). Use the same as for prediction.</source>
        <translation>Aus: eine ungespiegelte Ansicht bei Skala 1,0 (schnell). Verwenden Sie dieselbe Einstellung wie bei der Vorhersage.</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="101"/>
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="102"/>
        <source>bf16 (CPUs with AVX-512 BF16 or AMX)</source>
        <translation>bf16 (CPUs mit AVX-512 BF16 oder AMX)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="103"/>
        <source>standard (mean and standard deviation)</source>
        <translation>standard (Mittelwert und Standardabweichung)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="104"/>
        <source>robust (median and inter-quartile range)</source>
        <translation>robust (Median und Interquartilsabstand)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="106"/>
        <source>The per-image standardisation of the scores; prediction must use the same (the ensemble&apos;s mapping scaler).</source>
        <translation>Die Standardisierung der Werte pro Bild; die Vorhersage muss dieselbe verwenden (der Abbildungs-Skalierer des Ensembles).</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="108"/>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="207"/>
        <source>Include %n annotated cell(s)</source>
        <translation>
            <numerusform>%n annotierte Zelle einbeziehen</numerusform>
            <numerusform>%n annotierte Zellen einbeziehen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="111"/>
        <source>hist</source>
        <translation>hist</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="112"/>
        <source>exact</source>
        <translation>exact</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="113"/>
        <source>approx</source>
        <translation>approx</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="114"/>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="115"/>
        <source>1 makes every fit bit-for-bit reproducible.</source>
        <translation>Mit 1 ist jede Anpassung bitgenau reproduzierbar.</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="125"/>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="170"/>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="126"/>
        <source>Mapping file</source>
        <translation>Abbildungsdatei</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="127"/>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="175"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="128"/>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="180"/>
        <source>Cell label images</source>
        <translation>Zell-Labelbilder</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="129"/>
        <source>Max. images</source>
        <translation>Max. Bilder</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="131"/>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="132"/>
        <source>Scaler</source>
        <translation>Skalierer</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="136"/>
        <source>Gradient-boosted regressor (XGBoost)</source>
        <translation>Gradient-Boosting-Regressor (XGBoost)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="138"/>
        <source>Rounds (trees)</source>
        <translation>Runden (Bäume)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="139"/>
        <source>Max. depth</source>
        <translation>Max. Tiefe</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="140"/>
        <source>Learning rate (eta)</source>
        <translation>Lernrate (eta)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="141"/>
        <source>Row subsample</source>
        <translation>Zeilen-Teilstichprobe</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="142"/>
        <source>L2 penalty (lambda)</source>
        <translation>L2-Strafterm (lambda)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="143"/>
        <source>Min. child weight</source>
        <translation>Min. Kindgewicht</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="145"/>
        <source>Tree method</source>
        <translation>Baummethode</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="146"/>
        <source>Histogram bins</source>
        <translation>Histogramm-Intervalle</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="147"/>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="148"/>
        <source>Seed</source>
        <translation>Zufallsstartwert</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="170"/>
        <source>Models (*.pt)</source>
        <translation>Modelle (*.pt)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="211"/>
        <source>Annotations from %1, in %n image(s); the cell ids must come from the same segmentation.</source>
        <translation>
            <numerusform>Annotationen aus %1, in %n Bild; die Zell-IDs müssen aus derselben Segmentierung stammen.</numerusform>
            <numerusform>Annotationen aus %1, in %n Bildern; die Zell-IDs müssen aus derselben Segmentierung stammen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="280"/>
        <source>(next to the model file)</source>
        <translation>(neben der Modelldatei)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="282"/>
        <source>%1 (replaced when the fit succeeds)</source>
        <translation>%1 (wird ersetzt, wenn die Anpassung gelingt)</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="290"/>
        <source>Choose the model file whose mapping to fit.</source>
        <translation>Wählen Sie die Modelldatei, deren Abbildung angepasst werden soll.</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="292"/>
        <source>The model file %1 does not exist; choose a trained model file (.pt).</source>
        <translation>Die Modelldatei %1 existiert nicht; wählen Sie eine trainierte Modelldatei (.pt).</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="294"/>
        <source>Choose the data folder (with train.csv and train/).</source>
        <translation>Wählen Sie den Datenordner (mit train.csv und train/).</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="296"/>
        <source>The data folder %1 does not exist; choose a dataset folder with train.csv and train/.</source>
        <translation>Der Datenordner %1 existiert nicht; wählen Sie einen Datensatzordner mit train.csv und train/.</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="303"/>
        <source>The data folder %1 has no train.csv and no annotated cells are included; choose a dataset folder in the Kaggle layout (train.csv and train/).</source>
        <translation>Der Datenordner %1 enthält keine train.csv, und es sind keine annotierten Zellen einbezogen; wählen Sie einen Datensatzordner im Kaggle-Layout (train.csv und train/).</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="307"/>
        <source>The label image folder %1 does not exist; choose a folder of {ID}.png label images or leave the field empty.</source>
        <translation>Der Labelbild-Ordner %1 existiert nicht; wählen Sie einen Ordner mit Labelbildern {ID}.png oder lassen Sie das Feld leer.</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="347"/>
        <source>Fit mapping %1</source>
        <translation>Abbildung für %1 anpassen</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="363"/>
        <source>Fit on %1 rows from %2 images (%3 cells) in %4 s (XGBoost %5 s); wrote %6.</source>
        <translation>Angepasst an %1 Zeilen aus %2 Bildern (%3 Zellen) in %4 s (XGBoost %5 s); %6 geschrieben.</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="372"/>
        <source>Annotated cells used: %1 in %2 images; annotated ids that are no cell: %3.</source>
        <translation>Verwendete annotierte Zellen: %1 in %2 Bildern; annotierte IDs ohne Zelle: %3.</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="397"/>
        <source>Fit cancelled; the mapping file was not changed.</source>
        <translation>Anpassung abgebrochen; die Abbildungsdatei wurde nicht geändert.</translation>
    </message>
    <message>
        <location filename="../ui/src/fit_mapping_dialog.cpp" line="404"/>
        <source>The fit failed; see the jobs panel for its log.</source>
        <translation>Die Anpassung ist fehlgeschlagen; das Protokoll finden Sie im Bereich „Aufträge“.</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ImageAnalysis</name>
    <message>
        <location filename="../ui/src/image_analysis.cpp" line="468"/>
        <source>Loading the model…</source>
        <translation>Das Modell wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/src/image_analysis.cpp" line="470"/>
        <source>Loading the image…</source>
        <translation>Das Bild wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/src/image_analysis.cpp" line="471"/>
        <source>Finding cells…</source>
        <translation>Zellen werden gesucht…</translation>
    </message>
    <message>
        <location filename="../ui/src/image_analysis.cpp" line="472"/>
        <source>Computing CAMs…</source>
        <translation>CAMs werden berechnet…</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ImageViewer</name>
    <message>
        <location filename="../ui/src/image_viewer.cpp" line="46"/>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/src/image_viewer.cpp" line="53"/>
        <source>%1 (%2 x %3 px)</source>
        <translation>%1 (%2 x %3 px)</translation>
    </message>
    <message>
        <location filename="../ui/src/image_viewer.cpp" line="73"/>
        <source>Select an image in the dataset list.</source>
        <translation>Wählen Sie ein Bild in der Datensatzliste.</translation>
    </message>
    <message>
        <location filename="../ui/src/image_viewer.cpp" line="301"/>
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
        <location filename="../ui/src/job_manager.cpp" line="127"/>
        <source>Cancelling …</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="205"/>
        <source>The job stopped with an unknown error; see the terminal for details.</source>
        <translation>Der Auftrag wurde mit einem unbekannten Fehler beendet; Details stehen im Terminal.</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="211"/>
        <source>Started %1</source>
        <translation>%1 gestartet</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="285"/>
        <source>Finished in %1 s.</source>
        <translation>Fertig nach %1 s.</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="290"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="293"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="314"/>
        <location filename="../ui/src/job_manager.cpp" line="324"/>
        <source>Jobs are running</source>
        <translation>Aufträge laufen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/job_manager.cpp" line="315"/>
        <source>%n job(s) still running. Cancel them and close? Training runs keep a checkpoint and can be resumed.</source>
        <translation>
            <numerusform>%n Auftrag läuft noch. Abbrechen und schließen? Trainingsläufe behalten einen Checkpoint und können fortgesetzt werden.</numerusform>
            <numerusform>%n Aufträge laufen noch. Abbrechen und schließen? Trainingsläufe behalten einen Checkpoint und können fortgesetzt werden.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/job_manager.cpp" line="325"/>
        <source>A job did not stop within a minute; wait for it to finish, then close the window again.</source>
        <translation>Ein Auftrag wurde nicht innerhalb einer Minute beendet; warten Sie, bis er fertig ist, und schließen Sie das Fenster dann erneut.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="107"/>
        <source>Choose the data folder to train on.</source>
        <translation>Wählen Sie den Datenordner für das Training.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="111"/>
        <source>Choose a run folder for the model and checkpoints.</source>
        <translation>Wählen Sie einen Laufordner für das Modell und die Checkpoints.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="124"/>
        <source>%1 already holds a training run; tick Resume to continue it or choose a new run folder.</source>
        <translation>%1 enthält bereits einen Trainingslauf; wählen Sie „Fortsetzen“, um ihn weiterzuführen, oder wählen Sie einen neuen Laufordner.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="131"/>
        <source>%1 is missing, so there is no run to resume; untick Resume to start a new run.</source>
        <translation>%1 fehlt, daher gibt es keinen Lauf zum Fortsetzen; deaktivieren Sie „Fortsetzen“, um einen neuen Lauf zu starten.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="159"/>
        <source>Training %1 (resumed)</source>
        <translation>Training %1 (fortgesetzt)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="160"/>
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
        <location filename="../ui/src/main_window.cpp" line="273"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="695"/>
        <source>CellCAM Studio</source>
        <translation>CellCAM Studio</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="106"/>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="107"/>
        <source>All Classes</source>
        <translation>Alle Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="124"/>
        <source>No dataset</source>
        <translation>Kein Datensatz</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="125"/>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="155"/>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="160"/>
        <location filename="../ui/src/main_window.cpp" line="943"/>
        <source>Computing the cells&apos; probabilities…</source>
        <translation>Die Wahrscheinlichkeiten der Zellen werden berechnet…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="168"/>
        <source>Opened model %1</source>
        <translation>Modell %1 geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="171"/>
        <location filename="../ui/src/main_window.cpp" line="564"/>
        <source>Cannot open model</source>
        <translation>Modell kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="227"/>
        <source>Cannot read submission</source>
        <translation>Submission kann nicht gelesen werden</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/main_window.cpp" line="236"/>
        <source>Predicted labels of %n image(s) from the submission.</source>
        <translation>
            <numerusform>Vorhergesagte Labels von %n Bild aus der Submission.</numerusform>
            <numerusform>Vorhergesagte Labels von %n Bildern aus der Submission.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="275"/>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="276"/>
        <source>Cells</source>
        <translation>Zellen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="278"/>
        <source>3D CAM</source>
        <translation>3D-CAM</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="279"/>
        <source>Mapping Plots</source>
        <translation>Abbildungsdiagramme</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="281"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="282"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="284"/>
        <source>Annotation</source>
        <translation>Annotation</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="286"/>
        <source>Review Queue</source>
        <translation>Prüfliste</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="291"/>
        <source>Run History</source>
        <translation>Laufhistorie</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="307"/>
        <source>CAM</source>
        <translation>CAM</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="310"/>
        <source>The class whose CAM is shown</source>
        <translation>Die Klasse, deren CAM angezeigt wird</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="315"/>
        <source>Opacity of the CAM overlay</source>
        <translation>Deckkraft der CAM-Überlagerung</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="316"/>
        <source>Class </source>
        <translation>Klasse </translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="319"/>
        <source>Opacity </source>
        <translation>Deckkraft </translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="324"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="326"/>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="329"/>
        <source>Open &amp;Project…</source>
        <translation>&amp;Projekt öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="332"/>
        <source>&amp;Close Project</source>
        <translation>Projekt s&amp;chließen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="335"/>
        <source>&amp;Open Dataset…</source>
        <translation>Datensatz ö&amp;ffnen …</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="337"/>
        <source>Open &amp;Model…</source>
        <translation>&amp;Modell öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="339"/>
        <source>Load &amp;Submission…</source>
        <translation>&amp;Submission laden…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="341"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="344"/>
        <source>&amp;Image</source>
        <translation>&amp;Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="346"/>
        <source>&amp;Next Image</source>
        <translation>&amp;Nächstes Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="348"/>
        <source>&amp;Previous Image</source>
        <translation>&amp;Vorheriges Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="352"/>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="355"/>
        <source>&amp;Actual Size (1:1)</source>
        <translation>&amp;Originalgröße (1:1)</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="357"/>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="359"/>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="362"/>
        <source>Cell &amp;Outlines</source>
        <translation>Zell&amp;umrisse</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="368"/>
        <source>&amp;CAM</source>
        <translation>&amp;CAM</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="369"/>
        <source>Show &amp;Overlay</source>
        <translation>Über&amp;lagerung anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="374"/>
        <source>N&amp;ext Class</source>
        <translation>Nächste &amp;Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="376"/>
        <source>P&amp;revious Class</source>
        <translation>Vo&amp;rherige Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="378"/>
        <source>&amp;All Classes</source>
        <translation>&amp;Alle Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="384"/>
        <source>&amp;Test-Time Augmentation</source>
        <translation>&amp;Test-Time-Augmentierung</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="386"/>
        <source>Scales 1.0, 1.3, 1.6 with four flips each (12 views) instead of one view</source>
        <translation>Skalen 1,0, 1,3, 1,6 mit je vier Spiegelungen (12 Ansichten) statt einer Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="393"/>
        <source>Fast CAMs (&amp;bf16)</source>
        <translation>Schnelle CAMs (&amp;bf16)</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="397"/>
        <source>Compute the CAMs in bfloat16 (measured 2.5x faster with AVX-512 BF16), CAM values within about 1% of fp32</source>
        <translation>Die CAMs in bfloat16 berechnen (gemessen 2,5-mal schneller mit AVX-512 BF16), CAM-Werte innerhalb von etwa 1 % der fp32-Werte</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="403"/>
        <source>This CPU has no native bfloat16 kernels (AVX-512 BF16 or AMX): bf16 would be slower</source>
        <translation>Diese CPU hat keine nativen bfloat16-Kernel (AVX-512 BF16 oder AMX): bf16 wäre langsamer</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="413"/>
        <source>&amp;Annotate</source>
        <translation>A&amp;nnotieren</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="414"/>
        <source>Annotation &amp;Mode</source>
        <translation>Annotations&amp;modus</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="418"/>
        <source>Class hotkeys, Return, Delete and A annotate the selected cells from anywhere in the window</source>
        <translation>Klassentasten, Eingabe, Entf und A annotieren die ausgewählten Zellen von überall im Fenster</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="429"/>
        <source>&amp;Predict Cells for Review</source>
        <translation>Zellen zur Prüfung &amp;vorhersagen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="433"/>
        <source>Predict every cell of the dataset with the open model and list the cells to check first</source>
        <translation>Jede Zelle des Datensatzes mit dem geöffneten Modell vorhersagen und die zuerst zu prüfenden Zellen auflisten</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="436"/>
        <source>&amp;Import Annotations CSV…</source>
        <translation>Annotations-CSV &amp;importieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="437"/>
        <location filename="../ui/src/main_window.cpp" line="893"/>
        <source>Import Annotations</source>
        <translation>Annotationen importieren</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="438"/>
        <location filename="../ui/src/main_window.cpp" line="444"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="441"/>
        <source>&amp;Export Annotations CSV…</source>
        <translation>Annotations-CSV &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="443"/>
        <location filename="../ui/src/main_window.cpp" line="915"/>
        <source>Export Annotations</source>
        <translation>Annotationen exportieren</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="449"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="459"/>
        <source>&amp;Find Image</source>
        <translation>Bild &amp;suchen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="465"/>
        <source>&amp;Reset Layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="467"/>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="468"/>
        <source>&amp;Train Model…</source>
        <translation>Modell &amp;trainieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="469"/>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="471"/>
        <source>&amp;Export Submission CSV…</source>
        <translation>Einreichungs-CSV &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="472"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="474"/>
        <source>&amp;Segment Dataset…</source>
        <translation>Datensatz &amp;segmentieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="475"/>
        <source>&amp;Fit Mapping…</source>
        <translation>Abbildung an&amp;passen…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="476"/>
        <source>&amp;Compose Ensemble…</source>
        <translation>Ensemble &amp;zusammenstellen…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="478"/>
        <source>&amp;Settings…</source>
        <translation>Einste&amp;llungen…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="485"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="486"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="487"/>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="489"/>
        <source>&amp;About CellCAM</source>
        <translation>Ü&amp;ber CellCAM</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="495"/>
        <source>Open Dataset</source>
        <translation>Datensatz öffnen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="501"/>
        <source>Open Model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="502"/>
        <source>CellCAM models (*.pt);;All files (*)</source>
        <translation>CellCAM-Modelle (*.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="508"/>
        <source>Load Submission</source>
        <translation>Submission laden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="509"/>
        <source>Submissions (*.csv);;All files (*)</source>
        <translation>Submissions (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="550"/>
        <source>%1: %2 train, %3 test images</source>
        <translation>%1: %2 Trainings-, %3 Testbilder</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="551"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="556"/>
        <source>Cannot open dataset</source>
        <translation>Datensatz kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="565"/>
        <source>%1: the model file does not exist; choose a .pt file written by CellCAM.</source>
        <translation>%1: die Modelldatei existiert nicht; wählen Sie eine von CellCAM geschriebene .pt-Datei.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="607"/>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="608"/>
        <source>Open a dataset first (File &gt; Open Dataset); a project annotates the cells of one dataset.</source>
        <translation>Öffnen Sie zuerst einen Datensatz (Datei &gt; Datensatz öffnen); ein Projekt annotiert die Zellen eines Datensatzes.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="614"/>
        <source>New Project: choose an empty folder</source>
        <translation>Neues Projekt: einen leeren Ordner wählen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="620"/>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="627"/>
        <location filename="../ui/src/main_window.cpp" line="636"/>
        <source>Cannot create project</source>
        <translation>Projekt kann nicht erstellt werden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="628"/>
        <source>%1: no dataset is open; open the dataset the project is for first.</source>
        <translation>%1: kein Datensatz geöffnet; öffnen Sie zuerst den Datensatz, zu dem das Projekt gehört.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="641"/>
        <source>Created project %1</source>
        <translation>Projekt %1 erstellt</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="650"/>
        <source>Cannot open project</source>
        <translation>Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="659"/>
        <source>Opened project %1</source>
        <translation>Projekt %1 geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="667"/>
        <source>Project closed; every annotation is saved.</source>
        <translation>Projekt geschlossen; alle Annotationen sind gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="694"/>
        <source>%1 — CellCAM Studio</source>
        <translation>%1 — CellCAM Studio</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="796"/>
        <source>Annotation mode: click cells (Ctrl+click for several), toggle classes with 1-9, 0 and Q-O, Return sets, Delete clears, A accepts the prediction.</source>
        <translation>Annotationsmodus: Zellen anklicken (Strg+Klick für mehrere), Klassen mit 1-9, 0 und Q-O umschalten, Eingabe setzt, Entf entfernt, A übernimmt die Vorhersage.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="807"/>
        <source>Image %1 is not in the open dataset.</source>
        <translation>Bild %1 ist nicht im geöffneten Datensatz.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="823"/>
        <location filename="../ui/src/main_window.cpp" line="828"/>
        <source>Predict Cells</source>
        <translation>Zellen vorhersagen</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="823"/>
        <source>Open a dataset first.</source>
        <translation>Öffnen Sie zuerst einen Datensatz.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="828"/>
        <source>Open a model first (File &gt; Open Model).</source>
        <translation>Öffnen Sie zuerst ein Modell (Datei &gt; Modell öffnen).</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/main_window.cpp" line="839"/>
        <source>Predicting the cells of %n image(s)</source>
        <translation>
            <numerusform>Vorhersage der Zellen von %n Bild</numerusform>
            <numerusform>Vorhersage der Zellen von %n Bildern</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="893"/>
        <location filename="../ui/src/main_window.cpp" line="915"/>
        <source>Open a project first.</source>
        <translation>Öffnen Sie zuerst ein Projekt.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/main_window.cpp" line="904"/>
        <source>Imported %n annotated cell(s) from %1.</source>
        <translation>
            <numerusform>%n annotierte Zelle aus %1 importiert.</numerusform>
            <numerusform>%n annotierte Zellen aus %1 importiert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="908"/>
        <source>Cannot import annotations</source>
        <translation>Annotationen können nicht importiert werden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="920"/>
        <source>Exported the annotations to %1.</source>
        <translation>Annotationen nach %1 exportiert.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="923"/>
        <source>Cannot export annotations</source>
        <translation>Annotationen können nicht exportiert werden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="940"/>
        <source>Computing CAMs…</source>
        <translation>CAMs werden berechnet…</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="941"/>
        <source>Open a model to see the CAMs of all classes.</source>
        <translation>Öffnen Sie ein Modell, um die CAMs aller Klassen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="944"/>
        <source>Open a model to see the cells&apos; class probabilities.</source>
        <translation>Öffnen Sie ein Modell, um die Klassenwahrscheinlichkeiten der Zellen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="1017"/>
        <source>Cell %1</source>
        <translation>Zelle %1</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="1023"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="1029"/>
        <source>Cell %1 — %2</source>
        <translation>Zelle %1 — %2</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="1078"/>
        <source>Cannot resume the run</source>
        <translation>Der Lauf kann nicht fortgesetzt werden</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="1142"/>
        <source>project %1</source>
        <translation>Projekt %1</translation>
    </message>
    <message>
        <location filename="../ui/src/main_window.cpp" line="1179"/>
        <source>Saved ensemble %1</source>
        <translation>Ensemble %1 gespeichert</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::MappingPlotPanel</name>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="91"/>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="92"/>
        <source>Save both plots as PNG or PDF</source>
        <translation>Beide Diagramme als PNG oder PDF speichern</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="170"/>
        <source>Choose a model to see its probability mapping.</source>
        <translation>Wählen Sie ein Modell, um seine Wahrscheinlichkeitsabbildung zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="189"/>
        <source>%1: no probability mapping for model &quot;%2&quot;; fit one with &quot;cellcam fit-mapping&quot; and reopen the model.</source>
        <translation>%1: keine Wahrscheinlichkeitsabbildung für das Modell „%2“; passen Sie eine mit „cellcam fit-mapping“ an und öffnen Sie das Modell erneut.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="200"/>
        <source>%1: the mapping is not fitted; fit it again with &quot;cellcam fit-mapping&quot;.</source>
        <translation>%1: die Abbildung ist nicht angepasst; passen Sie sie mit „cellcam fit-mapping“ erneut an.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="244"/>
        <source>%1 — one mapping curve per model (shared by all classes), %2 training rows</source>
        <translation>%1 — eine Abbildungskurve pro Modell (für alle Klassen gemeinsam), %2 Trainingszeilen</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="266"/>
        <source>training points (%1 shown, jittered)</source>
        <translation>Trainingspunkte (%1 gezeigt, verrauscht)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="278"/>
        <source>sigmoid(%1 · (z − %2))</source>
        <translation>sigmoid(%1 · (z − %2))</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="285"/>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="347"/>
        <source>gradient-boosted mapping</source>
        <translation>Gradient-Boosting-Abbildung</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="298"/>
        <source>cells per bin</source>
        <translation>Zellen pro Intervall</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="319"/>
        <source>cells per bin (GBR)</source>
        <translation>Zellen pro Intervall (GBR)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="320"/>
        <source>cells per bin (sigmoid)</source>
        <translation>Zellen pro Intervall (Sigmoid)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="323"/>
        <source>perfectly calibrated</source>
        <translation>perfekt kalibriert</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="345"/>
        <source>sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="367"/>
        <source>Mapping: standardised score → probability</source>
        <translation>Abbildung: standardisierter Wert → Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="368"/>
        <source>standardised score z</source>
        <translation>standardisierter Wert z</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="368"/>
        <source>probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="370"/>
        <source>Reliability: training cells (single-label images)</source>
        <translation>Zuverlässigkeit: Trainingszellen (Bilder mit einem Label)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="371"/>
        <source>predicted probability (bins of 0.1)</source>
        <translation>vorhergesagte Wahrscheinlichkeit (Intervalle von 0,1)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="371"/>
        <source>observed frequency of target 1</source>
        <translation>beobachtete Häufigkeit von Ziel 1</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="406"/>
        <source>predicted %1–%2
GBR: %3 cells, observed %4
sigmoid: %5 cells, observed %6</source>
        <translation>vorhergesagt %1–%2
GBR: %3 Zellen, beobachtet %4
Sigmoid: %5 Zellen, beobachtet %6</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="410"/>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="412"/>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="419"/>
        <source>Export as PNG…</source>
        <translation>Als PNG exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="420"/>
        <source>Export as PDF…</source>
        <translation>Als PDF exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="422"/>
        <source>Reset view</source>
        <translation>Ansicht zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="427"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="429"/>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="430"/>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="437"/>
        <source>Export mapping plots</source>
        <translation>Abbildungsdiagramme exportieren</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="452"/>
        <source>%1: there is no mapping plot to export; choose a model first.</source>
        <translation>%1: es gibt kein Abbildungsdiagramm zum Exportieren; wählen Sie zuerst ein Modell.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="460"/>
        <source>%1: could not render the plot as PNG; try PDF instead.</source>
        <translation>%1: das Diagramm konnte nicht als PNG erzeugt werden; versuchen Sie stattdessen PDF.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="468"/>
        <source>%1: could not render the plot as PDF (temporary folder %2 not writable); free space or set TMPDIR.</source>
        <translation>%1: das Diagramm konnte nicht als PDF erzeugt werden (temporärer Ordner %2 nicht beschreibbar); geben Sie Speicherplatz frei oder setzen Sie TMPDIR.</translation>
    </message>
    <message>
        <location filename="../ui/src/mapping_plot_panel.cpp" line="473"/>
        <source>%1: unknown plot format &quot;%2&quot;; use a file name ending in .png or .pdf.</source>
        <translation>%1: unbekanntes Diagrammformat „%2“; verwenden Sie einen Dateinamen mit der Endung .png oder .pdf.</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ReviewQueueModel</name>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="78"/>
        <source>predicted %1 outside the image&apos;s labels</source>
        <translation>%1 vorhergesagt, nicht unter den Labels des Bildes</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="79"/>
        <source>low top probability</source>
        <translation>niedrige Höchstwahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="80"/>
        <source>mappings differ by %1 on class %2</source>
        <translation>Abbildungen unterscheiden sich um %1 bei Klasse %2</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="129"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="131"/>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="133"/>
        <source>Cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="135"/>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="137"/>
        <source>Top class</source>
        <translation>Stärkste Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="139"/>
        <source>Top probability</source>
        <translation>Höchste Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="141"/>
        <source>Sigmoid vs GBR</source>
        <translation>Sigmoid vs. GBR</translation>
    </message>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="143"/>
        <source>Predicted</source>
        <translation>Vorhergesagt</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::ReviewQueuePanel</name>
    <message>
        <location filename="../ui/src/review_queue.cpp" line="164"/>
        <source>Cells to check first; double-click one to show it in the viewer</source>
        <translation>Zuerst zu prüfende Zellen; Doppelklick zeigt eine Zelle im Bildbetrachter</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::RunHistoryPanel</name>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="43"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="44"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="45"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="49"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="50"/>
        <source>Mapping fit</source>
        <translation>Mapping-Anpassung</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="51"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="52"/>
        <source>Segmentation</source>
        <translation>Segmentierung</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="70"/>
        <source>Open Folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="71"/>
        <source>Open Model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="72"/>
        <source>Resume Training…</source>
        <translation>Training fortsetzen…</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="73"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="75"/>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="75"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="75"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="75"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="75"/>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="75"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="84"/>
        <source>Select a run to see its settings and results.</source>
        <translation>Wählen Sie einen Lauf, um seine Einstellungen und Ergebnisse zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="87"/>
        <source>Show the run&apos;s folder in the file manager</source>
        <translation>Den Ordner des Laufs im Dateimanager zeigen</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="89"/>
        <source>Load the run&apos;s model into the viewer (a training run&apos;s best.pt, else model.pt)</source>
        <translation>Das Modell des Laufs in die Ansicht laden (bei einem Trainingslauf best.pt, sonst model.pt)</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="90"/>
        <source>Continue the training run from its last checkpoint</source>
        <translation>Den Trainingslauf vom letzten Checkpoint aus fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="209"/>
        <source>not finished</source>
        <translation>nicht beendet</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="209"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="210"/>
        <source>finished</source>
        <translation>beendet</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="211"/>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="212"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="227"/>
        <source>val mAP %1</source>
        <translation>Val-mAP %1</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="228"/>
        <source>AUC %1</source>
        <translation>AUC %1</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="229"/>
        <source>train loss %1</source>
        <translation>Trainingsverlust %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/run_history_panel.cpp" line="232"/>
        <source>%n epoch(s)</source>
        <translation>
            <numerusform>%n Epoche</numerusform>
            <numerusform>%n Epochen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="234"/>
        <source>%1 rows</source>
        <translation>%1 Zeilen</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="235"/>
        <location filename="../ui/src/run_history_panel.cpp" line="239"/>
        <location filename="../ui/src/run_history_panel.cpp" line="244"/>
        <source>%1 images</source>
        <translation>%1 Bilder</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="237"/>
        <source>%1 annotated cells</source>
        <translation>%1 annotierte Zellen</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="240"/>
        <location filename="../ui/src/run_history_panel.cpp" line="245"/>
        <source>%1 cells</source>
        <translation>%1 Zellen</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="246"/>
        <source>matched %1</source>
        <translation>zugeordnet %1</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="279"/>
        <source>Recorded as running before this studio started: the studio that ran it ended without finishing it, or another one is still running it.</source>
        <translation>Vor dem Start dieses Studios als laufend erfasst: Das Studio, das ihn ausführte, wurde beendet, ohne ihn abzuschließen, oder ein anderes führt ihn noch aus.</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="299"/>
        <source>Run %1: %2 (%3), %4</source>
        <translation>Lauf %1: %2 (%3), %4</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="303"/>
        <source>Folder: %1</source>
        <translation>Ordner: %1</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="304"/>
        <source>Started: %1</source>
        <translation>Gestartet: %1</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="306"/>
        <source>Ended: %1</source>
        <translation>Beendet: %1</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="308"/>
        <source>Results:</source>
        <translation>Ergebnisse:</translation>
    </message>
    <message>
        <location filename="../ui/src/run_history_panel.cpp" line="310"/>
        <source>Settings:</source>
        <translation>Einstellungen:</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::SegmentDialog</name>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="47"/>
        <source>Evaluate against the true label images (test_masks)</source>
        <translation>Mit den echten Labelbildern auswerten (test_masks)</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="52"/>
        <source>Segment</source>
        <translation>Segmentieren</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="54"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="56"/>
        <source>Segment dataset</source>
        <translation>Datensatz segmentieren</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="57"/>
        <source>dataset folder (Kaggle layout or a folder of channel images)</source>
        <translation>Datensatzordner (Kaggle-Layout oder ein Ordner mit Kanalbildern)</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="58"/>
        <source>test images</source>
        <translation>Testbilder</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="59"/>
        <source>training images</source>
        <translation>Trainingsbilder</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="60"/>
        <source>all images</source>
        <translation>alle Bilder</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="62"/>
        <source>One 16-bit label image {ID}.png per image (0 = background); existing ones are replaced.</source>
        <translation>Ein 16-Bit-Labelbild {ID}.png pro Bild (0 = Hintergrund); vorhandene werden ersetzt.</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="64"/>
        <source>optional: segmentation settings (JSON); empty = defaults</source>
        <translation>optional: Segmentierungseinstellungen (JSON); leer = Standardwerte</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="65"/>
        <source>optional: TorchScript nuclei model</source>
        <translation>optional: TorchScript-Zellkernmodell</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="66"/>
        <source>optional: TorchScript cell model</source>
        <translation>optional: TorchScript-Zellmodell</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="68"/>
        <source>Both models, or neither for the built-in segmenter (nuclei from the blue channel, cells by a watershed).</source>
        <translation>Beide Modelle oder keines für den integrierten Segmentierer (Zellkerne aus dem blauen Kanal, Zellen per Watershed-Verfahren).</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="72"/>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="74"/>
        <source>Automatic: all cores for the built-in segmenter, one with models (which use every core each).</source>
        <translation>Automatisch: alle Kerne für den integrierten Segmentierer, einer mit Modellen (die jeweils alle Kerne nutzen).</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="87"/>
        <location filename="../ui/src/segment_dialog.cpp" line="111"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="88"/>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="89"/>
        <location filename="../ui/src/segment_dialog.cpp" line="116"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="90"/>
        <location filename="../ui/src/segment_dialog.cpp" line="120"/>
        <source>Settings file</source>
        <translation>Einstellungsdatei</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="91"/>
        <location filename="../ui/src/segment_dialog.cpp" line="125"/>
        <source>Nuclei model</source>
        <translation>Zellkernmodell</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="92"/>
        <location filename="../ui/src/segment_dialog.cpp" line="130"/>
        <source>Cell model</source>
        <translation>Zellmodell</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="94"/>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="121"/>
        <source>Segmentation settings (*.json)</source>
        <translation>Segmentierungseinstellungen (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="126"/>
        <location filename="../ui/src/segment_dialog.cpp" line="131"/>
        <source>Models (*.pt)</source>
        <translation>Modelle (*.pt)</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="186"/>
        <source>default: DATA/segmentation</source>
        <translation>Standard: DATA/segmentation</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="187"/>
        <source>default: %1</source>
        <translation>Standard: %1</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="193"/>
        <source>Scores the test images&apos; cells against DATA/test_masks/{ID}.png: matched fraction at IoU ≥ 0.6 and mean IoU of the matches.</source>
        <translation>Bewertet die Zellen der Testbilder anhand von DATA/test_masks/{ID}.png: Anteil zugeordneter Zellen bei IoU ≥ 0,6 und mittlere IoU der Zuordnungen.</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="195"/>
        <source>Training images have no true label images; choose the test or all images to evaluate.</source>
        <translation>Trainingsbilder haben keine echten Labelbilder; wählen Sie zur Auswertung die Testbilder oder alle Bilder.</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="197"/>
        <source>The data folder has no test_masks folder of true label images (as written by &apos;cellcam synth&apos;).</source>
        <translation>Der Datenordner enthält keinen Ordner test_masks mit echten Labelbildern (wie ihn „cellcam synth“ schreibt).</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="204"/>
        <source>Choose the data folder to segment (a dataset in the Kaggle layout or a folder of channel images).</source>
        <translation>Wählen Sie den zu segmentierenden Datenordner (einen Datensatz im Kaggle-Layout oder einen Ordner mit Kanalbildern).</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="208"/>
        <source>The data folder %1 does not exist; choose a dataset folder (Kaggle layout or a folder of channel images).</source>
        <translation>Der Datenordner %1 existiert nicht; wählen Sie einen Datensatzordner (Kaggle-Layout oder ein Ordner mit Kanalbildern).</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="214"/>
        <source>Only the nuclei model is chosen; choose the cell model too, or clear both for the built-in segmenter.</source>
        <translation>Nur das Zellkernmodell ist gewählt; wählen Sie auch das Zellmodell, oder leeren Sie beide Felder für den integrierten Segmentierer.</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="218"/>
        <source>Only the cell model is chosen; choose the nuclei model too, or clear both for the built-in segmenter.</source>
        <translation>Nur das Zellmodell ist gewählt; wählen Sie auch das Zellkernmodell, oder leeren Sie beide Felder für den integrierten Segmentierer.</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="222"/>
        <source>The nuclei model %1 does not exist; choose a TorchScript file (.pt) or clear both models.</source>
        <translation>Das Zellkernmodell %1 existiert nicht; wählen Sie eine TorchScript-Datei (.pt), oder leeren Sie beide Modellfelder.</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="226"/>
        <source>The cell model %1 does not exist; choose a TorchScript file (.pt) or clear both models.</source>
        <translation>Das Zellmodell %1 existiert nicht; wählen Sie eine TorchScript-Datei (.pt), oder leeren Sie beide Modellfelder.</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="231"/>
        <source>The settings file %1 does not exist; choose a segmentation settings file (JSON) or clear the field.</source>
        <translation>Die Einstellungsdatei %1 existiert nicht; wählen Sie eine Segmentierungs-Einstellungsdatei (JSON), oder leeren Sie das Feld.</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="236"/>
        <source>The output folder %1 is a file; choose a folder for the label images.</source>
        <translation>Der Ausgabeordner %1 ist eine Datei; wählen Sie einen Ordner für die Labelbilder.</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="281"/>
        <source>Segment %1</source>
        <translation>%1 segmentieren</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/segment_dialog.cpp" line="297"/>
        <source>Segmented %n image(s) (%1 cells, %2) in %3 s; label images in %4.</source>
        <translation>
            <numerusform>%n Bild segmentiert (%1 Zellen, %2) in %3 s; Labelbilder in %4.</numerusform>
            <numerusform>%n Bilder segmentiert (%1 Zellen, %2) in %3 s; Labelbilder in %4.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="299"/>
        <source>TorchScript models</source>
        <translation>TorchScript-Modelle</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="299"/>
        <source>built-in segmenter</source>
        <translation>integrierter Segmentierer</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/src/segment_dialog.cpp" line="304"/>
        <source>Against test_masks (%n image(s)): %1 true and %2 predicted cells, matched fraction %3 at IoU ≥ 0.6, mean IoU of matches %4.</source>
        <translation>
            <numerusform>Verglichen mit test_masks (%n Bild): %1 echte und %2 vorhergesagte Zellen, Anteil zugeordneter Zellen %3 bei IoU ≥ 0,6, mittlere IoU der Zuordnungen %4.</numerusform>
            <numerusform>Verglichen mit test_masks (%n Bildern): %1 echte und %2 vorhergesagte Zellen, Anteil zugeordneter Zellen %3 bei IoU ≥ 0,6, mittlere IoU der Zuordnungen %4.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="329"/>
        <source>Segmentation cancelled; label images written so far stay in %1.</source>
        <translation>Segmentierung abgebrochen; die bisher geschriebenen Labelbilder bleiben in %1.</translation>
    </message>
    <message>
        <location filename="../ui/src/segment_dialog.cpp" line="336"/>
        <source>The segmentation failed; see the jobs panel for its log.</source>
        <translation>Die Segmentierung ist fehlgeschlagen; das Protokoll finden Sie im Bereich „Aufträge“.</translation>
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
        <location filename="../ui/src/training_dialog.cpp" line="280"/>
        <source>Start training</source>
        <translation>Training starten</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="281"/>
        <source>Train a CAM model</source>
        <translation>Ein CAM-Modell trainieren</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="282"/>
        <source>Seed: ResNeSt-101 (SGD, poly schedule)</source>
        <translation>Vorlage: ResNeSt-101 (SGD, Poly-Zeitplan)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="284"/>
        <source>Seed: EfficientNet-B4 (Adam, step decay)</source>
        <translation>Vorlage: EfficientNet-B4 (Adam, stufenweiser Abfall)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="286"/>
        <source>Quick CPU demo (ResNet-18, 128 px)</source>
        <translation>Schnelle CPU-Demo (ResNet-18, 128 px)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="291"/>
        <source>Resume from the run folder&apos;s checkpoint</source>
        <translation>Vom Checkpoint im Laufordner fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="293"/>
        <source>Preset</source>
        <translation>Vorgabe</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="294"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="295"/>
        <source>Run folder</source>
        <translation>Laufordner</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="299"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="300"/>
        <location filename="../ui/src/training_dialog.cpp" line="379"/>
        <source>Optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="301"/>
        <location filename="../ui/src/training_dialog.cpp" line="424"/>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="302"/>
        <source>Augmentation</source>
        <translation>Augmentierung</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="303"/>
        <source>Runtime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="305"/>
        <source>Load config…</source>
        <translation>Konfiguration laden…</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="306"/>
        <source>Save config…</source>
        <translation>Konfiguration speichern…</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="326"/>
        <source>Load training config</source>
        <translation>Trainingskonfiguration laden</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="327"/>
        <location filename="../ui/src/training_dialog.cpp" line="332"/>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="332"/>
        <source>Save training config</source>
        <translation>Trainingskonfiguration speichern</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="356"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="361"/>
        <source>optional torchvision TorchScript archive</source>
        <translation>optionales torchvision-TorchScript-Archiv</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="362"/>
        <source>Backbone</source>
        <translation>Backbone</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="363"/>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="364"/>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="365"/>
        <source>Input size</source>
        <translation>Eingabegröße</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="366"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="367"/>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="368"/>
        <source>Gradient accumulation</source>
        <translation>Gradientenakkumulation</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="369"/>
        <location filename="../ui/src/training_dialog.cpp" line="370"/>
        <source>Pretrained weights</source>
        <translation>Vortrainierte Gewichte</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="386"/>
        <source>Nesterov momentum</source>
        <translation>Nesterov-Momentum</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="391"/>
        <location filename="../ui/src/training_dialog.cpp" line="404"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="392"/>
        <source>Momentum</source>
        <translation>Momentum</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="394"/>
        <location filename="../ui/src/training_dialog.cpp" line="405"/>
        <source>Weight decay</source>
        <translation>Gewichtsabnahme</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="395"/>
        <source>Poly schedule power</source>
        <translation>Exponent des Poly-Zeitplans</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="396"/>
        <source>Head learning rate scale</source>
        <translation>Lernratenfaktor für den Kopf</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="397"/>
        <source>Bias learning rate scale</source>
        <translation>Lernratenfaktor für Bias</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="406"/>
        <source>Step decay per epoch</source>
        <translation>Stufenweiser Abfall pro Epoche</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="425"/>
        <source>Focal gamma</source>
        <translation>Focal-Gamma</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="426"/>
        <source>Label smoothing</source>
        <translation>Label-Glättung</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="427"/>
        <source>Re-loss weight alpha</source>
        <translation>Gewicht Alpha des Re-Verlusts</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="428"/>
        <source>Alpha ramp (fraction of epochs)</source>
        <translation>Alpha-Rampe (Anteil der Epochen)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="429"/>
        <source>Confidence loss weight</source>
        <translation>Gewicht des Konfidenzverlusts</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="430"/>
        <source>Tiles per side</source>
        <translation>Kacheln pro Seite</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="437"/>
        <source>Random flips</source>
        <translation>Zufällige Spiegelungen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="438"/>
        <source>Random 90° rotations</source>
        <translation>Zufällige 90°-Drehungen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="444"/>
        <source>Brightness jitter</source>
        <translation>Helligkeitsschwankung</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="445"/>
        <source>Contrast jitter</source>
        <translation>Kontrastschwankung</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="446"/>
        <source>Resized crop minimum area (1 = off)</source>
        <translation>Mindestfläche des skalierten Ausschnitts (1 = aus)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="455"/>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="458"/>
        <source>no cache</source>
        <translation>kein Cache</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="465"/>
        <source>epoch ends only</source>
        <translation>nur am Epochenende</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="466"/>
        <source>Validation fraction</source>
        <translation>Validierungsanteil</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="467"/>
        <source>Data loading threads</source>
        <translation>Threads zum Laden der Daten</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="468"/>
        <source>Batches decoded ahead</source>
        <translation>Im Voraus dekodierte Batches</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="469"/>
        <location filename="../ui/src/training_dialog.cpp" line="470"/>
        <source>Image cache folder</source>
        <translation>Ordner für den Bildcache</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="471"/>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="472"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="473"/>
        <source>Random seed</source>
        <translation>Zufallsstartwert</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="474"/>
        <source>Checkpoint every N steps</source>
        <translation>Checkpoint alle N Schritte</translation>
    </message>
    <message>
        <location filename="../ui/src/training_dialog.cpp" line="607"/>
        <source>The run started but could not be recorded: %1</source>
        <translation>Der Lauf wurde gestartet, konnte aber nicht protokolliert werden: %1</translation>
    </message>
</context>
<context>
    <name>cellcam::ui::TrainingMonitor</name>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="133"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="134"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="138"/>
        <source>total</source>
        <translation>gesamt</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="139"/>
        <source>class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="140"/>
        <source>p-class</source>
        <translation>p-Klasse</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="141"/>
        <source>re</source>
        <translation>re</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="147"/>
        <source>optimizer step</source>
        <translation>Optimiererschritt</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="148"/>
        <source>loss (epoch running mean)</source>
        <translation>Verlust (laufender Mittelwert der Epoche)</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="153"/>
        <source>validation macro AUC</source>
        <translation>Validierungs-Makro-AUC</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="157"/>
        <source>validation mAP</source>
        <translation>Validierungs-mAP</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="160"/>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="173"/>
        <location filename="../ui/src/training_monitor.cpp" line="398"/>
        <source>CAM snapshots appear after each epoch.</source>
        <translation>CAM-Schnappschüsse erscheinen nach jeder Epoche.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="334"/>
        <source>%1 names no image of %2; train again on this data folder to get CAM snapshots.</source>
        <translation>%1 nennt kein Bild aus %2; trainieren Sie erneut mit diesem Datenordner, um CAM-Schnappschüsse zu erhalten.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="338"/>
        <source>%1 holds no labelled training image for a CAM snapshot.</source>
        <translation>%1 enthält kein beschriftetes Trainingsbild für einen CAM-Schnappschuss.</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="354"/>
        <source>CAM snapshot of epoch %1 failed: %2</source>
        <translation>CAM-Schnappschuss von Epoche %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="376"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="391"/>
        <source>%1
predicted: %2
true labels: %3</source>
        <translation>%1
vorhergesagt: %2
wahre Labels: %3</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="395"/>
        <source>CAMs of the top predicted class after epoch %1 (hover for details).</source>
        <translation>CAMs der am stärksten vorhergesagten Klasse nach Epoche %1 (Details beim Überfahren).</translation>
    </message>
    <message>
        <location filename="../ui/src/training_monitor.cpp" line="406"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
</TS>
