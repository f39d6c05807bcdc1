package io.mongoessync.source;

import com.mongodb.client.MongoClient;
import io.mongoessync.config.Namespace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The collections a set of namespaces stands for right now: {@code db.*} becomes each collection of db. */
public final class Collections {

    private Collections() {}

    public static List<Namespace> expand(MongoClient client, Collection<Namespace> namespaces) {
        Set<Namespace> concrete = new LinkedHashSet<>();
        for (Namespace namespace : namespaces) {
            if (!namespace.isWholeDatabase()) {
                concrete.add(namespace);
                continue;
            }
            List<String> names = new ArrayList<>();
            client.getDatabase(namespace.database()).listCollectionNames().into(names);
            names.stream().filter(name -> !name.startsWith("system.")).sorted()
                    .forEach(name -> concrete.add(new Namespace(namespace.database(), name)));
        }
        return new ArrayList<>(concrete);
    }
}
