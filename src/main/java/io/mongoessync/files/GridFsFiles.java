package io.mongoessync.files;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.model.Filters;
import io.mongoessync.config.Namespace;
import io.mongoessync.convert.DocumentIds;

import java.io.ByteArrayOutputStream;

/**
 * A GridFS file's bytes, read with the official driver's {@link GridFSBucket}. The driver writes a
 * file's chunks before its files document, so a file the job has seen has all its chunks.
 */
final class GridFsFiles {

    /** A file as read: its name and bytes. */
    static final class Stored {
        final String filename;
        final byte[] bytes;

        Stored(String filename, byte[] bytes) {
            this.filename = filename;
            this.bytes = bytes;
        }
    }

    private final MongoClient client;
    private final long maxBytes;

    GridFsFiles(MongoClient client, long maxBytes) {
        this.client = client;
        this.maxBytes = maxBytes;
    }

    /**
     * @param documentId the Elasticsearch {@code _id} the job gave the files document
     * @return the file, or null when it is gone (its delete follows)
     */
    Stored read(Namespace files, String documentId) throws TextExtractor.Failure {
        GridFSBucket bucket = GridFSBuckets.create(client.getDatabase(files.database()), FileSettings.bucket(files));
        GridFSFile file = null;
        // The id's text names it; the candidates are the ids of every type that print as that text.
        for (GridFSFile candidate : bucket.find(Filters.in("_id", DocumentIds.candidates(documentId)))) {
            if (DocumentIds.text(candidate.getId()).equals(documentId)) {
                file = candidate;
                break;
            }
        }
        if (file == null) {
            return null;
        }
        if (file.getLength() > maxBytes) {
            throw new TextExtractor.Failure("it is " + file.getLength() + " bytes, over max-file-size (" + maxBytes + " bytes)");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) file.getLength());
        try {
            bucket.downloadToStream(file.getId(), bytes);
        } catch (MongoGridFSException e) {
            if (bucket.find(Filters.eq("_id", file.getId())).first() == null) {
                return null;
            }
            throw new TextExtractor.Failure("its chunks could not be read: " + e.getMessage());
        }
        return new Stored(file.getFilename(), bytes.toByteArray());
    }
}
