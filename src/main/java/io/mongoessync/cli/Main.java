package io.mongoessync.cli;

import io.mongoessync.config.ConfigException;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.config.SyncOptions;
import org.apache.flink.configuration.ConfigOption;

/** Entry point of the jar, for {@code flink run} and for {@code java -cp} alike. */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        try {
            Arguments arguments = Arguments.parse(args);
            if (arguments.help) {
                printHelp();
            } else if (arguments.demo) {
                Demo.run(arguments.params);
            } else if (arguments.verify) {
                SyncConfig config = SyncConfig.from(arguments.params.toConfiguration());
                Preflight.check(config);
                System.exit(new Verify(config, System.out, 10).run() ? 0 : 1);
            } else {
                SyncConfig config = SyncConfig.from(arguments.params.toConfiguration());
                Preflight.check(config);
                JobLauncher.run(config);
            }
        } catch (ConfigException e) {
            System.err.println("mongo-es-sync: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void printHelp() {
        System.out.println("Usage: mongo-es-sync [verify] [--demo] [--params FILE] [--KEY VALUE ...]\n");
        System.out.println("  verify         compare MongoDB with Elasticsearch document by document; exit 1 on drift");
        System.out.println("  --demo         run locally against an embedded MongoDB stand-in and Elasticsearch");
        System.out.println("  --params FILE  settings file (default: ./job-params.properties if present)\n");
        System.out.println("Settings:");
        for (ConfigOption<?> option : SyncOptions.all()) {
            System.out.printf("  --%-26s %s%n", option.key(), option.description().toString().replaceAll("<[^>]+>", ""));
        }
    }
}
