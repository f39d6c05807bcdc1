package io.mongoessync.files;

import io.mongoessync.config.JobParams;
import io.mongoessync.testing.SampleFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each kind of file the job extracts gives its text and language; a file that cannot be read says why. */
class TextExtractorTest {

    static FileSettings settings(String... more) {
        JobParams params = new JobParams().put("index-files", "true").put("file-namespaces", "users.fs.files");
        for (int i = 0; i < more.length; i += 2) {
            params.put(more[i], more[i + 1]);
        }
        return FileSettings.parse(params.toConfiguration(), namespace -> true);
    }

    private static final TextExtractor EXTRACTOR = new TextExtractor(settings());

    @Test
    void everyKindGivesItsTextTypeAndLanguage() throws Exception {
        assertText(SampleFiles.pdf("The quick brown fox jumps over the lazy dog near the river bank"), "a.pdf",
                "application/pdf", "The quick brown fox jumps over the lazy dog near the river bank", "en");
        assertText(SampleFiles.docx("Der schnelle braune Fuchs springt über den faulen Hund am Flussufer"), "a.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "Der schnelle braune Fuchs springt über den faulen Hund am Flussufer", "de");
        assertText(SampleFiles.xls("Il veloce volpe marrone salta sopra il cane pigro vicino al fiume"), "a.xls",
                "application/vnd.ms-excel", "Il veloce volpe marrone salta sopra il cane pigro vicino al fiume", "it");
        assertText(SampleFiles.html("Le renard brun rapide saute par-dessus le chien paresseux"), "a.html",
                "text/html", "Le renard brun rapide saute par-dessus le chien paresseux", "fr");
        assertText(SampleFiles.text("El rápido zorro marrón salta sobre el perro perezoso junto al río"), "a.txt",
                "text/plain", "El rápido zorro marrón salta sobre el perro perezoso junto al río", "es");
        assertText(SampleFiles.rtf("The five boxing wizards jump quickly over the fence near the old barn"), "a.rtf",
                "application/rtf", "The five boxing wizards jump quickly over the fence near the old barn", "en");
    }

    private static void assertText(byte[] bytes, String name, String type, String content, String language) throws Exception {
        TextExtractor.Text text = EXTRACTOR.extract(bytes, name);
        assertThat(text.contentType).as(name).isEqualTo(type);
        assertThat(text.content).as(name).contains(content);
        assertThat(text.language).as(name).isEqualTo(language);
        assertThat(text.truncated).as(name).isFalse();
    }

    @Test
    void theTypeComesFromTheBytesNotTheName() throws Exception {
        TextExtractor.Text text = EXTRACTOR.extract(SampleFiles.pdf("named as text"), "notes.txt");
        assertThat(text.contentType).isEqualTo("application/pdf");
        assertThat(text.content).isEqualTo("named as text");
    }

    @Test
    void encryptedAndMalformedFilesSayWhy() {
        assertThatThrownBy(() -> EXTRACTOR.extract(SampleFiles.encryptedPdf(), "secret.pdf"))
                .isInstanceOf(TextExtractor.Failure.class).hasMessage("it is encrypted (application/pdf), so its text cannot be read");
        assertThatThrownBy(() -> EXTRACTOR.extract(SampleFiles.corruptPdf(), "broken.pdf"))
                .isInstanceOf(TextExtractor.Failure.class).hasMessageStartingWith("its application/pdf content is malformed: ");
    }

    @Test
    void typesNotNamedAreKeptWithoutText() throws Exception {
        TextExtractor.Text html = new TextExtractor(settings("file-content-types", "application/pdf"))
                .extract(SampleFiles.html("not wanted"), "page.html");
        assertThat(html.contentType).isEqualTo("text/html");
        assertThat(html.content).isNull();
        TextExtractor.Text office = new TextExtractor(settings("file-content-types", "application/vnd.openxmlformats-officedocument.*"))
                .extract(SampleFiles.docx("wanted"), "a.docx");
        assertThat(office.content).isEqualTo("wanted");
    }

    @Test
    void textBeyondTheLimitIsCutAndMarked() throws Exception {
        TextExtractor.Text text = new TextExtractor(settings("file-max-content-chars", "20"))
                .extract(SampleFiles.text("one two three four five six seven eight nine ten"), "long.txt");
        assertThat(text.content).hasSizeLessThanOrEqualTo(20).startsWith("one two three");
        assertThat(text.truncated).isTrue();
    }
}
