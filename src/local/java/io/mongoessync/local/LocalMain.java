package io.mongoessync.local;

import io.mongoessync.cli.Arguments;
import io.mongoessync.cli.Main;
import io.mongoessync.config.SyncConfig;

/**
 * Entry point of the local runner ({@code java -jar target/mongo-es-sync-local.jar}): the job in a
 * MiniCluster on this machine with the web UI, progress and a summary, or {@code --demo} on the
 * embedded servers. The same command line as the job jar's, whose {@code verify}, {@code rebuild}
 * and {@code --help} it runs as they are.
 */
public final class LocalMain {

    private LocalMain() {}

    public static void main(String[] args) throws Exception {
        Main.exit(() -> {
            Arguments arguments = Arguments.parse(args);
            if (arguments.help || arguments.verify || arguments.rebuild) {
                return Main.command(arguments);
            }
            if (arguments.demo) {
                return Demo.run(arguments.params);
            }
            return new LocalRun(SyncConfig.from(arguments.params.toConfiguration())).run();
        });
    }
}
