package io.mongoessync.cli;

import io.mongoessync.config.ConfigException;
import io.mongoessync.config.SyncConfig;

/** Entry point of the jar, for {@code flink run} and for {@code java -cp} alike. */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        try {
            Arguments arguments = Arguments.parse(args);
            if (arguments.help) {
                Help.print(System.out);
            } else if (arguments.demo) {
                System.exit(Demo.run(arguments.params));
            } else if (arguments.verify) {
                SyncConfig config = SyncConfig.from(arguments.params.toConfiguration());
                Preflight.check(config);
                System.exit(new Verify(config, System.out, 10).run() ? 0 : 1);
            } else {
                JobLauncher.run(SyncConfig.from(arguments.params.toConfiguration()));
            }
        } catch (ConfigException e) {
            System.err.println("mongo-es-sync: " + e.getMessage());
            System.exit(2);
        }
    }
}
