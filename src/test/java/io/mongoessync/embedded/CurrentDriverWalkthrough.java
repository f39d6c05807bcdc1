package io.mongoessync.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.util.List;
import java.util.function.Function;

/**
 * The walkthrough's commands as a user's program sends them. {@link StandInMongoTest} loads this
 * class beside the current official driver (5.x) in a class loader of its own, apart from the 4.9
 * driver that Flink CDC brings; it uses only the API both share, and crosses loaders only as a
 * {@link Function} of the connection string to the driver that ran it.
 */
public final class CurrentDriverWalkthrough implements Function<String, String> {

    @Override
    public String apply(String connectionString) {
        try (MongoClient client = MongoClients.create(connectionString)) {
            MongoCollection<Document> movies = client.getDatabase("mydb").getCollection("hotmovies");
            movies.insertMany(List.of(
                    new Document("id", 11003).append("title", "乘风破浪的程序媛").append("popularity", 9.9),
                    new Document("id", 11004).append("title", "英姿飒爽的程序猿").append("popularity", 9.8)));
            movies.updateOne(Filters.eq("title", "乘风破浪的程序媛"), Updates.set("title", "美女小姐姐"));
            movies.findOneAndUpdate(Filters.eq("id", 11004), Updates.inc("popularity", 0.1));
            movies.findOneAndReplace(Filters.eq("id", 11004), new Document("id", 11004).append("title", "程序猿"));
            movies.deleteOne(Filters.eq("id", 11003));
            movies.findOneAndDelete(Filters.eq("id", 11004));
            return MongoClients.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        }
    }
}
