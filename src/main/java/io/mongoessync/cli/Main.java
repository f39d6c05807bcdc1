package io.mongoessync.cli;

import io.mongoessync.config.ConfigException;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.rebuild.IndexRebuild;

/**
 * Entry point of the job jar: {@code flink run} starts the job with it, and {@code java -cp} runs
 * {@code verify} and {@code --help}. Runs on this machine and the demo start from the local runner
 * ({@code io.mongoessync.local.LocalMain}), which hands those two commands back here.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        Arguments arguments = refusedExits(() -> Arguments.parse(args));
        if (arguments.help || arguments.verify || arguments.rebuild) {
            exit(() -> command(arguments));
        }
        refusedExits(() -> {
            if (arguments.demo) {
                throw new ConfigException("--demo runs on this machine, from the local runner: "
                        + JobLauncher.LOCAL_RUNNER + " --demo");
            }
            // Returns normally: the flink run client keeps control of its own process.
            JobLauncher.run(SyncConfig.from(arguments.params.toConfiguration()));
            return null;
        });
    }

    /** {@code --help}, {@code verify} or {@code rebuild}; the exit code. */
    public static int command(Arguments arguments) throws InterruptedException {
        if (arguments.help) {
            Help.print(System.out);
            return 0;
        }
        SyncConfig config = SyncConfig.from(arguments.params.toConfiguration());
        Preflight.check(config);
        if (arguments.rebuild) {
            new IndexRebuild(config, System.out).run();
            return 0;
        }
        Verify verify = new Verify(config, System.out, 10);
        return (arguments.repair ? verify.repair() : verify.run()) ? 0 : 1;
    }

    /** A step of the command line that may refuse a setting or a server. */
    public interface Step<T> {
        T run() throws Exception;
    }

    /** Runs the command and exits with its code; 2 with the reason for a refused setting or server. */
    public static void exit(Step<Integer> command) throws Exception {
        System.exit(refusedExits(command));
    }

    private static <T> T refusedExits(Step<T> step) throws Exception {
        try {
            return step.run();
        } catch (ConfigException e) {
            System.err.println("mongo-es-sync: " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }
}
