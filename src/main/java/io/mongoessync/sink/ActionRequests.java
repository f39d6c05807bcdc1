package io.mongoessync.sink;

import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.delete.DeleteRequest;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.action.update.UpdateRequest;

/**
 * Bulk items that carry the action they were made from. The listener needs it for a rejected
 * item's dead letter (its namespace, and the version an update does not carry); a field on the
 * request costs nothing, where a shared identity map of every request took 6% of the routing
 * thread in a copy (bench/, JFR).
 */
final class ActionRequests {

    private ActionRequests() {}

    /** The action a bulk item was made from, or null for one this job did not emit. */
    static IndexAction originOf(DocWriteRequest<?> request) {
        return request instanceof FromAction ? ((FromAction) request).origin() : null;
    }

    interface FromAction {
        IndexAction origin();
    }

    static final class Index extends IndexRequest implements FromAction {
        private final transient IndexAction origin;

        Index(IndexAction origin) {
            super(origin.index);
            this.origin = origin;
        }

        @Override
        public IndexAction origin() {
            return origin;
        }
    }

    static final class Delete extends DeleteRequest implements FromAction {
        private final transient IndexAction origin;

        Delete(IndexAction origin) {
            super(origin.index);
            this.origin = origin;
        }

        @Override
        public IndexAction origin() {
            return origin;
        }
    }

    static final class Update extends UpdateRequest implements FromAction {
        private final transient IndexAction origin;

        Update(IndexAction origin) {
            super(origin.index, origin.id);
            this.origin = origin;
        }

        @Override
        public IndexAction origin() {
            return origin;
        }
    }
}
