package io.mongoessync.source;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import io.mongoessync.config.Namespace;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A collection renamed into a followed namespace brings documents no change event will mention:
 * they are read once, with the driver, and handed on as replaces at the rename's cluster time,
 * each yielding to a change of it already written. Keyed by the new name.
 *
 * <p>The read goes a batch per timer, so that checkpoint barriers pass between batches: read whole
 * inside one call, a large collection held them up until the checkpoint expired. The pending read
 * is keyed state; a restore starts it again from the beginning, which writes the same replaces.
 */
public class RenamedCollectionReader extends KeyedProcessFunction<String, DdlEvent, ChangeEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RenamedCollectionReader.class);
    private static final JsonWriterSettings EXTENDED = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    static final int BATCH = 1_000;

    private final String mongoUrl;
    private final Set<Namespace> followed;
    private transient MongoClient client;
    /** The cluster time of the rename whose read is not done yet. */
    private transient ValueState<Long> pending;
    /** Open reads by new name; lost on a restore, which reads again. */
    private transient Map<String, MongoCursor<BsonDocument>> reads;

    public RenamedCollectionReader(String mongoUrl, Set<Namespace> followed) {
        this.mongoUrl = mongoUrl;
        this.followed = followed;
    }

    @Override
    public void open(Configuration parameters) {
        client = MongoClients.create(mongoUrl);
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-rename-read", Types.LONG));
        reads = new HashMap<>();
    }

    @Override
    public void processElement(DdlEvent event, Context context, Collector<ChangeEvent> out) throws Exception {
        if (event.operation != DdlEvent.Operation.RENAME || followed.stream().noneMatch(ns -> ns.matches(event.to))) {
            return;
        }
        close(reads.remove(event.to));
        pending.update(event.clusterTime);
        context.timerService().registerProcessingTimeTimer(context.timerService().currentProcessingTime());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<ChangeEvent> out) throws Exception {
        String to = context.getCurrentKey();
        Long clusterTime = pending.value();
        if (clusterTime == null) {
            return;
        }
        MongoCursor<BsonDocument> read = reads.get(to);
        if (read == null) {
            Namespace target = Namespace.parse("rename", to);
            read = client.getDatabase(target.database()).getCollection(target.collection(), BsonDocument.class)
                    .find().batchSize(BATCH).iterator();
            reads.put(to, read);
        }
        for (int count = 0; count < BATCH && read.hasNext(); count++) {
            BsonDocument document = read.next();
            ChangeEvent replace = ChangeEvent.of(to, ChangeEvent.Operation.REPLACE, document.get("_id"),
                    document.toJson(EXTENDED), clusterTime, false);
            replace.readAfterRename = true;
            out.collect(replace);
        }
        if (read.hasNext()) {
            // A later timer, not this one's time: each batch is then its own step of the task's mailbox.
            context.timerService().registerProcessingTimeTimer(context.timerService().currentProcessingTime() + 1);
        } else {
            close(reads.remove(to));
            pending.clear();
            LOG.info("Read the documents of {}, renamed into the sync", to);
        }
    }

    private static void close(MongoCursor<BsonDocument> read) {
        if (read != null) {
            read.close();
        }
    }

    @Override
    public void close() {
        if (reads != null) {
            reads.values().forEach(RenamedCollectionReader::close);
        }
        if (client != null) {
            client.close();
        }
    }
}
