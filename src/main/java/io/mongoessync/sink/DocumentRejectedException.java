package io.mongoessync.sink;

/** Elasticsearch refused a document for good and {@code fail-fast} is on. */
public class DocumentRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DocumentRejectedException(String message) {
        super(message);
    }
}
