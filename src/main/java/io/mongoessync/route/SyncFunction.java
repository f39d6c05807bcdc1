package io.mongoessync.route;

import io.mongoessync.config.NamespaceRules;
import io.mongoessync.config.RouteSettings;
import io.mongoessync.sink.DeadLetters;
import io.mongoessync.sink.IndexAction;
import io.mongoessync.source.ChangeEvent;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import io.mongoessync.source.DdlEvent;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Decides, per document, what Elasticsearch should do with each change: which index, which
 * version, index or delete. Keyed by namespace and {@code _id}, so all changes of one document are
 * handled in order by one subtask, and its per-document state lives in RocksDB.
 */
public class SyncFunction extends KeyedBroadcastProcessFunction<String, ChangeEvent, DdlEvent, IndexAction>
        implements CheckpointedFunction {

    /** Namespace (or database) to the cluster time it was dropped at; older changes of it are void. */
    public static final MapStateDescriptor<String, Long> DROPPED =
            new MapStateDescriptor<>("dropped-namespaces", Types.STRING, Types.LONG);

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SyncFunction.class);

    private final RouteSettings settings;
    /** Only for the copy's progress metric; the documents themselves come from the source. */
    private final String mongoUrl;
    private final long streamStart;

    private transient NamespaceFilter filter;
    private transient SoftDeletes softDeletes;
    private transient DocumentShaper shaper;
    private transient Merges merges;
    /**
     * Per document: the last version given, where it was last written (present exactly while the
     * document is in Elasticsearch, so a delete or a move finds the old copy and a drop finds every
     * document), and the {@code _id} family holding its Elasticsearch document: an id of another
     * family with the same text (the string "1" beside the int 1) is dead-lettered instead of
     * overwriting it, and its delete deletes nothing.
     */
    private transient DocumentStates states;
    private transient LegacyStates legacy;
    /**
     * The last source written, kept in soft-delete mode to keep the document on delete, and in
     * index-as-update mode to know which fields a later write no longer has.
     */
    private transient ValueState<String> lastSource;
    private transient SyncMetrics metrics;
    private transient IdHolders holders;
    private transient PendingDeletes pendingDeletes;
    private transient StreamStart started;

    /** What the job keys this operator's input by, for these settings. */
    DocumentKeys keys() {
        return new DocumentKeys(settings);
    }

    public SyncFunction(RouteSettings settings, String mongoUrl) {
        this(settings, mongoUrl, 0);
    }

    /** @param streamStart the cluster time the stream starts at after a copy (see {@link StreamStart}), or 0 */
    public SyncFunction(RouteSettings settings, String mongoUrl, long streamStart) {
        this.settings = settings;
        this.mongoUrl = mongoUrl;
        this.streamStart = streamStart;
    }

    @Override
    public void open(Configuration parameters) {
        filter = new NamespaceFilter(settings);
        softDeletes = new SoftDeletes(settings);
        shaper = new DocumentShaper(settings);
        merges = new Merges(settings);
        holders = new IdHolders(settings);
        states = new DocumentStates(legacy);
        states.open(getRuntimeContext());
        lastSource = getRuntimeContext().getState(new ValueStateDescriptor<>("last-source", Types.STRING));
        metrics = new SyncMetrics(getRuntimeContext().getMetricGroup());
        if (getRuntimeContext().getIndexOfThisSubtask() == 0 && mongoUrl != null) {
            // One subtask reports the estimates, so that summing the metric over subtasks stays right.
            metrics.estimates(settings.directReadNamespaces(), mongoUrl);
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        pendingDeletes = new PendingDeletes();
        pendingDeletes.initialize(context.getOperatorStateStore());
        started = new StreamStart();
        started.initialize(context, streamStart);
        legacy = new LegacyStates();
        legacy.initialize(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        pendingDeletes.snapshot();
        started.snapshot();
        legacy.snapshot();
    }

    @Override
    public void processElement(ChangeEvent event, ReadOnlyContext context, Collector<IndexAction> out) throws Exception {
        pendingDeletes.sendFirst(event.key(), out);
        pendingDeletes.sendSome(out, PendingDeletes.PER_CHANGE);
        if (!filter.accepts(event.namespace, event.snapshot) || !event.snapshot && started.before(event.clusterTime)) {
            metrics.filtered(event);
            return;
        }
        long droppedAt = droppedAt(event, context);
        if (droppedAt >= 0) {
            voidDropped(event, droppedAt, out);
            return;
        }
        if (event.idProblem != null) {
            reject(event, event.clusterTime, event.idProblem, out);
            return;
        }
        // Before the version checks below: the version of another document's holder must not make
        // this document's write look stale, which would drop it without a word.
        DocumentState document = states.load();
        String family = holders.of(event);
        String holder = document.holder;
        if (holder != null && family != null && !holder.equals(family)) {
            clash(event, holder, out);
            return;
        }
        long stored = document.version;
        if (event.rawCopy() && DocumentVersions.version(stored) >= event.clusterTime) {
            // A change at or after the copy's read time already reached Elasticsearch, and the copy
            // holds nothing newer than it: writing the copy, even at a bumped version, would undo it.
            metrics.filtered(event);
            return;
        }
        if (!event.snapshot && DocumentVersions.heldByCopy(stored, event.clusterTime)) {
            // The copy was read after this change and already holds it (the stream lagged behind the
            // copy): applying it again would write an older document, or a second dead letter.
            metrics.filtered(event);
            return;
        }
        if (event.readAfterRename && writtenAfter(document, event.clusterTime)) {
            // Read once the rename was done, so it may be older than the change already written.
            metrics.filtered(event);
            return;
        }
        // Every accepted change takes its version, even one that writes nothing: a replay after a
        // failure must hand out the same versions as the first run, although an update's looked-up
        // document may have vanished in between. Otherwise a replayed delete could get a version the
        // first run gave an earlier write, and Elasticsearch would refuse it as a conflict.
        long next = takeVersion(document, event.clusterTime, event.rawCopy());
        write(event, document, family, next, out);
        states.save(document);
    }

    /** Writes an accepted change, which took version {@code next}, into the document's state and Elasticsearch. */
    private void write(ChangeEvent event, DocumentState document, String family, long next, Collector<IndexAction> out)
            throws Exception {
        if (event.operation == ChangeEvent.Operation.DELETE) {
            delete(event, document, next, out, true);
            return;
        }
        if (!event.hasDocument()) {
            // The update's document was deleted before the change stream looked it up; its delete follows.
            recordHistory(event, next, null, out);
            return;
        }
        NamespaceRules rules = settings.rulesFor(event.namespace);
        DocumentShaper.Shaped shaped;
        try {
            String operation = event.operation.name().toLowerCase(Locale.ROOT);
            shaped = event.bson != null
                    ? shaper.shape(event.namespace, new org.bson.RawBsonDocument(event.bson), operation)
                    : shaper.shape(event.namespace, event.document, operation);
        } catch (DocumentShaper.Rejected e) {
            reject(event, next, e.getMessage(), out);
            return;
        }
        if (shaped.kind == DocumentShaper.Shaped.Kind.DROP) {
            metrics.filtered(event);
            return;
        }
        if (shaped.kind == DocumentShaper.Shaped.Kind.DELETE) {
            delete(event, document, next, out, true);
            return;
        }
        Place before = remembered(document);
        if (before != null && !before.sameDocumentAs(shaped.place)) {
            // The document moved (another index or routing): the old copy goes.
            out.collect(IndexAction.delete(before.index, event.documentId, next).at(before.routing, null)
                    .from(event.namespace).fromCopy(event.cdcCopy));
        }
        document.place = shaped.place.encode(event.changeTime());
        if (document.holder == null && family != null) {
            document.holder = family;
        }
        metrics.applied(event);
        IndexAction action = IndexAction.index(shaped.place.index, event.documentId, next, shaped.source)
                .at(shaped.place.routing, shaped.place.pipeline).from(event.namespace).fromCopy(event.cdcCopy);
        if (settings.indexAsUpdate()) {
            Merges.Merge merge = merges.merge(event, rules, lastSource.value(), shaped.source);
            action.asUpdate(merge.partial);
            lastSource.update(merge.written);
        } else if (settings.softDelete()) {
            lastSource.update(shaped.source);
        }
        out.collect(action);
        recordHistory(event, next, shaped.source, out);
    }


    private void recordHistory(ChangeEvent event, long next, String source, Collector<IndexAction> out) {
        if (settings.history().records(event.namespace, event.snapshot)) {
            out.collect(HistoryRecords.record(settings.history(), event, next, source));
        }
    }

    /** @param forget false for a drop's deletes, which keep the place (see {@link #processBroadcastElement}) */
    private void delete(ChangeEvent event, DocumentState document, long next, Collector<IndexAction> out, boolean forget)
            throws Exception {
        NamespaceRules rules = settings.rulesFor(event.namespace);
        Place where = remembered(document);
        if (where == null) {
            if (rules.placeDependsOnDocument()) {
                reject(event, next, "deleted, but this job never wrote it, and its index depends on its content ("
                        + rules.index() + "); delete it by hand if it is there", out);
                return;
            }
            where = new Place(settings.indexFor(event.namespace), null, null);
        }
        if (forget) {
            document.place = null;
            forgetDocument(document);
        }
        metrics.applied(event);
        IndexAction action = settings.softDelete()
                ? IndexAction.index(where.index, event.documentId, next, softDeletes.markDeleted(lastSource.value(), event))
                : IndexAction.delete(where.index, event.documentId, next);
        if (settings.indexAsUpdate()) {
            action.asUpdate(null);
        }
        out.collect(action.at(where.routing, rules.pipeline()).from(event.namespace).fromCopy(event.cdcCopy));
        if (forget) {
            recordHistory(event, next, null, out);
        }
    }

    /**
     * The document's next version, remembered as its last.
     *
     * @param byCopy whether a raw copy takes the version, which the state then marks
     */
    private static long takeVersion(DocumentState document, long clusterTime, boolean byCopy) {
        long next = DocumentVersions.next(clusterTime, DocumentVersions.version(document.version));
        document.version = DocumentVersions.stored(next, byCopy);
        return next;
    }

    private String documentForDeadLetter(ChangeEvent event) {
        String text = event.documentText();
        return text != null && text.length() <= settings.documentMaxBytes() ? text : null;
    }

    /** Whether a change after this cluster time already wrote the document. */
    private static boolean writtenAfter(DocumentState document, long clusterTime) {
        return document.place != null && Place.writtenAt(document.place) > clusterTime;
    }

    private static Place remembered(DocumentState document) {
        return document.place == null ? null : Place.decode(document.place);
    }

    /** A change from before its collection (or database) was dropped: the drop already removed it. */
    /** The cluster time of the drop that removed this change's document, or -1 when none did. */
    private long droppedAt(ChangeEvent event, ReadOnlyContext context) throws Exception {
        var dropped = context.getBroadcastState(DROPPED);
        Long collection = dropped.get(event.namespace);
        Long database = dropped.get(event.namespace.substring(0, event.namespace.indexOf('.')));
        long time = event.changeTime();
        long at = -1;
        if (collection != null && time <= collection) {
            at = collection;
        }
        if (database != null && time <= database) {
            at = Math.max(at, database);
        }
        return at;
    }

    /**
     * A change from before a drop is void, but what it wrote may be in Elasticsearch: a run that
     * failed after writing it and before its checkpoint left it there, and the restored state, from
     * before the write, gives the drop no place to delete. So it is deleted at the drop's time;
     * anything written after the drop has a higher version and stays.
     */
    private void voidDropped(ChangeEvent event, long droppedAt, Collector<IndexAction> out) throws Exception {
        metrics.filtered(event);
        DocumentState document = states.load();
        if (document.place == null && settings.rulesFor(event.namespace).placeDependsOnDocument()) {
            return; // no place to delete from, and nothing this job knows it wrote
        }
        ChangeEvent delete = new ChangeEvent(event.namespace, ChangeEvent.Operation.DELETE, event.documentId, null, droppedAt, false);
        delete(delete, document, takeVersion(document, droppedAt, false), out, false);
        forgetDocument(document);
        states.save(document);
    }

    /**
     * A drop, rename or dropped database: every document of it this subtask placed is deleted at
     * the drop's cluster time, in order with the other writes of the document. Deleting the index
     * instead would race with writes still on their way to it.
     */
    @Override
    public void processBroadcastElement(DdlEvent event, Context context, Collector<IndexAction> out) throws Exception {
        states.migrate(context);
        if (event.operation == DdlEvent.Operation.TICK) {
            pendingDeletes.sendSome(out, PendingDeletes.PER_TICK);
            return;
        }
        boolean database = event.operation == DdlEvent.Operation.DROP_DATABASE;
        if (database ? !settings.droppedDatabases() : !settings.droppedCollections()) {
            return;
        }
        voidUpTo(context, event.namespace, event.clusterTime);
        if (event.operation == DdlEvent.Operation.RENAME) {
            voidUpTo(context, event.to, event.removedUpTo(event.to));
        }
        long[] removed = {0};
        context.applyToKeyedState(DocumentStates.DOCUMENT, (key, state) -> {
            DocumentState document = state.value();
            String namespace = namespaceOf(key, document);
            if (namespace == null) {
                return; // a shared index's document that no namespace holds now
            }
            if (renamedInPlace(event, namespace)) {
                // The renamed collection is read into the same documents: deleting them first could
                // make the read lose to the delete's version and leave nothing.
                return;
            }
            // Written by a change after the drop (a collection filled again at once), though that
            // change reached this operator first: the drop did not remove it.
            if (document.place != null && Place.writtenAt(document.place) <= event.removedUpTo(namespace)) {
                ChangeEvent delete = new ChangeEvent(namespace, ChangeEvent.Operation.DELETE,
                        key.substring(key.indexOf('\u0000') + 1), null, event.clusterTime, false);
                // The place stays, so the state is updated, never removed, under its own iteration;
                // a remembered place of a deleted document only costs a redundant delete later.
                delete(delete, document, takeVersion(document, event.clusterTime, false), pendingDeletes.queue(), false);
                forgetDocument(document);
                state.update(document);
                removed[0]++;
            }
        });
        if (removed[0] > 0) {
            LOG.info("{}: deleting {} documents of {} from Elasticsearch, {} at a time", event, removed[0], event.namespace,
                    PendingDeletes.PER_TICK);
        }
        pendingDeletes.sendSome(out, PendingDeletes.PER_TICK);
    }

    /** A rename within the sync whose two names index alike: the read of the new name rewrites each document in place. */
    private boolean renamedInPlace(DdlEvent event, String namespace) {
        if (event.operation != DdlEvent.Operation.RENAME || !namespace.equals(event.namespace) || !filter.accepts(event.to, false)) {
            return false;
        }
        NamespaceRules from = settings.rulesFor(event.namespace);
        NamespaceRules to = settings.rulesFor(event.to);
        return !from.placeDependsOnDocument() && !to.placeDependsOnDocument()
                && settings.indexFor(event.namespace).equals(settings.indexFor(event.to));
    }

    /** Changes of the namespace up to this cluster time are void; a later drop only moves that on. */
    private static void voidUpTo(Context context, String namespace, long clusterTime) throws Exception {
        var dropped = context.getBroadcastState(DROPPED);
        Long before = dropped.get(namespace);
        if (before == null || before < clusterTime) {
            dropped.put(namespace, clusterTime);
        }
    }

    /** A soft-deleted document stays in Elasticsearch: its id stays taken and its source kept. */
    private void forgetDocument(DocumentState document) throws Exception {
        if (!settings.softDelete()) {
            document.holder = null;
            lastSource.clear();
        }
    }

    /** The namespace of the current key's document: in the key, or for a shared index, in its holder. */
    private static String namespaceOf(String key, DocumentState document) {
        return DocumentKeys.shared(key) ? IdHolders.namespace(document.holder) : key.substring(0, key.indexOf('\u0000'));
    }

    /** Another MongoDB document already holds the Elasticsearch document: never overwrite it. */
    private void clash(ChangeEvent event, String holder, Collector<IndexAction> out) {
        if (event.operation == ChangeEvent.Operation.DELETE) {
            // Its insert was dead-lettered, so there is nothing of it in Elasticsearch to delete.
            metrics.filtered(event);
            LOG.info("Skipped the delete of {} in {} (_id a {}): the Elasticsearch document is held by {}",
                    event.documentId, event.namespace, event.idFamily, holder);
            return;
        }
        reject(event, event.clusterTime, holders.refusal(event, holder), out);
    }

    private void reject(ChangeEvent event, long next, String error, Collector<IndexAction> out) {
        String message = event.operation + " of document " + event.documentId + " in " + event.namespace + ": " + error;
        if (settings.failFast()) {
            throw new SuppressRestartsException(new IllegalArgumentException(message + ". fail-fast is on, so the job stops."));
        }
        metrics.deadLettered(event);
        LOG.error("Dead-lettered {}", message);
        String index = settings.indexFor(event.namespace);
        out.collect(DeadLetters.record(settings.deadLetterIndex(), event.namespace, event.documentId, index,
                event.operation.name().toLowerCase(Locale.ROOT), next, error, 0,
                documentForDeadLetter(event))
                .from(event.namespace).fromCopy(event.cdcCopy));
    }
}
