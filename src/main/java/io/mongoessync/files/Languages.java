package io.mongoessync.files;

import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The language of extracted text, by n-gram profiles of 70 languages. Loading them takes about a
 * second, so they load once per TaskManager, on the first file; the detector is thread-safe.
 */
final class Languages {

    /** Enough text to tell a language; more only costs time. */
    private static final int SAMPLE_CHARS = 10_000;

    private Languages() {}

    private static final class Holder {
        static final LanguageDetector DETECTOR;
        static final TextObjectFactory TEXTS = CommonTextObjectFactories.forDetectingOnLargeText();

        static {
            try {
                DETECTOR = LanguageDetectorBuilder.create(NgramExtractors.standard())
                        .withProfiles(new LanguageProfileReader().readAllBuiltIn())
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("The language profiles in the job jar could not be read", e);
            }
        }
    }

    /** The ISO 639-1 code, or null when the text is too short or too mixed to tell. */
    static String detect(String text) {
        if (text.isBlank()) {
            return null;
        }
        String sample = text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text;
        return Holder.DETECTOR.detect(Holder.TEXTS.forText(sample)).transform(LdLocale::getLanguage).orNull();
    }
}
