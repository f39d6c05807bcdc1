package io.mongoessync.source.copy;

import io.mongoessync.source.ChangeEvent;
import org.bson.BsonValue;

/** A document as the fetcher read it: the event to emit, and its {@code _id} for the split's position. */
final class CopiedDocument {

    final BsonValue id;
    final ChangeEvent event;

    CopiedDocument(BsonValue id, ChangeEvent event) {
        this.id = id;
        this.event = event;
    }
}
