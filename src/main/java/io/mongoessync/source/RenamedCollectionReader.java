package io.mongoessync.source;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoessync.config.Namespace;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * A collection renamed into a followed namespace brings documents no change event will mention:
 * they are read once, with the driver, and handed on as replaces at the rename's cluster time.
 * Every later change has a later cluster time, so it wins over this copy in Elasticsearch.
 */
public class RenamedCollectionReader extends ProcessFunction<DdlEvent, ChangeEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RenamedCollectionReader.class);
    private static final JsonWriterSettings EXTENDED = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private final String mongoUrl;
    private final Set<Namespace> followed;
    private transient MongoClient client;

    public RenamedCollectionReader(String mongoUrl, Set<Namespace> followed) {
        this.mongoUrl = mongoUrl;
        this.followed = followed;
    }

    @Override
    public void open(Configuration parameters) {
        client = MongoClients.create(mongoUrl);
    }

    @Override
    public void processElement(DdlEvent event, Context context, Collector<ChangeEvent> out) {
        if (event.operation != DdlEvent.Operation.RENAME || followed.stream().noneMatch(ns -> ns.matches(event.to))) {
            return;
        }
        Namespace target = Namespace.parse("rename", event.to);
        long count = 0;
        for (BsonDocument document : client.getDatabase(target.database())
                .getCollection(target.collection(), BsonDocument.class).find()) {
            ChangeEvent read = ChangeEvent.of(event.to, ChangeEvent.Operation.REPLACE, document.get("_id"),
                    document.toJson(EXTENDED), event.clusterTime, false);
            read.readAfterRename = true;
            out.collect(read);
            count++;
        }
        LOG.info("Read {} documents of {}, renamed from {}", count, event.to, event.namespace);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
