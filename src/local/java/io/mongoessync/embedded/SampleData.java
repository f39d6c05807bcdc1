package io.mongoessync.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.bson.BsonBinary;
import org.bson.BsonDecimal128;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** The walkthrough's data: {@code mydb.hotmovies} (movies with TMDB's fields) and a small {@code mydb.col}. */
public final class SampleData {

    public static final String DATABASE = "mydb";
    public static final String MOVIES = "hotmovies";
    public static final String COL = "col";

    private static final String[] WORDS = {"night", "river", "storm", "garden", "city", "dream", "winter",
            "secret", "journey", "light", "shadow", "ocean", "fire", "star", "silent", "last", "golden", "road"};
    private static final String[] LANGUAGES = {"en", "en", "en", "fr", "ja", "zh", "es", "de", "ko", "it"};

    private SampleData() {}

    /** Movie {@code id} 1..count, the same every time (fixed seed). */
    public static List<Document> movies(int count) {
        Random random = new Random(20200701L);
        List<Document> movies = new ArrayList<>(count);
        for (int id = 1; id <= count; id++) {
            movies.add(movie(id, random));
        }
        return movies;
    }

    public static Document movie(int id, Random random) {
        String title = capitalize(word(random)) + " " + word(random) + (random.nextInt(4) == 0 ? " " + word(random) : "");
        LocalDate released = LocalDate.of(1950 + random.nextInt(75), 1 + random.nextInt(12), 1 + random.nextInt(28));
        return new Document("_id", new ObjectId())
                .append("id", id)
                .append("title", title)
                .append("overview", "A story of " + word(random) + " and " + word(random) + " in the " + word(random) + ".")
                .append("original_language", LANGUAGES[random.nextInt(LANGUAGES.length)])
                .append("release_date", released.toString())
                .append("popularity", Math.round(random.nextDouble() * 500_000) / 1000.0)
                .append("vote_count", random.nextInt(20_000))
                .append("vote_average", Math.round(random.nextDouble() * 100) / 10.0);
    }

    /** A few documents with every BSON type the converter handles, so the demo shows them. */
    public static List<Document> variety() {
        List<Document> docs = new ArrayList<>();
        docs.add(new Document("_id", new ObjectId()).append("name", "dates and numbers").append("count", 1).append("when", new Date(0)));
        docs.add(new Document("_id", new ObjectId()).append("price", new BsonDecimal128(new Decimal128(new BigDecimal("19.99"))))
                .append("ts", new BsonTimestamp(1_600_000_000, 7)).append("big", 9_007_199_254_740_993L));
        docs.add(new Document("_id", new ObjectId()).append("key", new Document("region", "eu").append("n", 2))
                .append("tags", List.of("a", "b")).append("nested", new Document("deep", new Document("x", 1.5))));
        docs.add(new Document("_id", new ObjectId()).append("uuid", new BsonBinary(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
                .append("bytes", new BsonBinary(new byte[] {1, 2, 3})).append("pattern", new BsonRegularExpression("^a.*", "i"))
                .append("low", new BsonMinKey()).append("high", new BsonMaxKey()).append("nothing", null));
        return docs;
    }

    public static void load(MongoClient client, int movieCount) {
        MongoCollection<Document> movies = client.getDatabase(DATABASE).getCollection(MOVIES);
        List<Document> all = movies(movieCount);
        for (int from = 0; from < all.size(); from += 1000) {
            movies.insertMany(all.subList(from, Math.min(all.size(), from + 1000)));
        }
        client.getDatabase(DATABASE).getCollection(COL).insertMany(variety());
    }

    /** Loads the sample data into a MongoDB: {@code SampleData <mongo-url> [movies]}; used by docker/. */
    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "mongodb://127.0.0.1:27017";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (MongoClient client = com.mongodb.client.MongoClients.create(url)) {
            if (client.getDatabase(DATABASE).getCollection(MOVIES).estimatedDocumentCount() > 0) {
                System.out.println(DATABASE + "." + MOVIES + " already has documents; not loading again.");
                return;
            }
            load(client, count);
            System.out.println("Loaded " + count + " movies into " + DATABASE + "." + MOVIES + " and a few documents into " + DATABASE + "." + COL);
        }
    }

    private static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
