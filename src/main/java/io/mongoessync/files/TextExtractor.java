package io.mongoessync.files;

import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

import java.io.IOException;

/**
 * A file's text, by Apache Tika: the type is detected from the bytes (the name only breaks ties),
 * and only the types {@code file-content-types} names are parsed. Thread-safe: Tika's parsers keep
 * no state between calls.
 */
public final class TextExtractor {

    /** What a file yielded: its detected type, and its text and language when the type is extracted. */
    public static final class Text {
        public final String contentType;
        /** Null when the type is not extracted. */
        public final String content;
        /** ISO 639-1 code, or null when the text says too little to tell. */
        public final String language;
        public final boolean truncated;

        Text(String contentType, String content, String language, boolean truncated) {
            this.contentType = contentType;
            this.content = content;
            this.language = language;
            this.truncated = truncated;
        }
    }

    /** Why a file's text could not be extracted, in words for the dead-letter index. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        public Failure(String message) {
            super(message);
        }
    }

    private final AutoDetectParser parser = new AutoDetectParser();
    private final FileSettings settings;

    public TextExtractor(FileSettings settings) {
        this.settings = settings;
    }

    public Text extract(byte[] bytes, String filename) throws Failure {
        Metadata metadata = new Metadata();
        if (filename != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
        }
        String type;
        try (TikaInputStream stream = TikaInputStream.get(bytes)) {
            type = parser.getDetector().detect(stream, metadata).getBaseType().toString();
        } catch (IOException e) {
            throw new Failure("its type could not be detected: " + e.getMessage());
        }
        if (!settings.extracts(type)) {
            return new Text(type, null, null, false);
        }
        BodyContentHandler handler = new BodyContentHandler(settings.maxChars());
        boolean truncated = false;
        try (TikaInputStream stream = TikaInputStream.get(bytes)) {
            metadata.set(Metadata.CONTENT_TYPE, type);
            parser.parse(stream, handler, metadata, new ParseContext());
        } catch (EncryptedDocumentException e) {
            throw new Failure("it is encrypted (" + type + "), so its text cannot be read");
        } catch (SAXException e) {
            if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                throw new Failure("its " + type + " content is malformed: " + rootMessage(e));
            }
            truncated = true;
        } catch (TikaException | IOException | RuntimeException e) {
            throw new Failure("its " + type + " content is malformed: " + rootMessage(e));
        }
        String content = handler.toString().strip();
        return new Text(type, content, Languages.detect(content), truncated);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
