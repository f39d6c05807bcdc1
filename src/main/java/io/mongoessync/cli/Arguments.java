package io.mongoessync.cli;

import io.mongoessync.config.ConfigException;
import io.mongoessync.config.JobParams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The command line: {@code [verify [--repair] | rebuild] [--demo] [--params FILE] [--KEY VALUE | --KEY=VALUE ...]}.
 * Settings come from the parameters file ({@code job-params.properties} in the working directory
 * when present), then from the command line, which wins.
 */
public final class Arguments {

    static final String DEFAULT_PARAMS = "job-params.properties";

    public final boolean demo;
    public final boolean verify;
    public final boolean repair;
    public final boolean rebuild;
    public final boolean help;
    public final JobParams params;

    private Arguments(boolean demo, boolean verify, boolean repair, boolean rebuild, boolean help, JobParams params) {
        this.demo = demo;
        this.verify = verify;
        this.repair = repair;
        this.rebuild = rebuild;
        this.help = help;
        this.params = params;
    }

    public static Arguments parse(String[] args) {
        boolean demo = false;
        boolean verify = false;
        boolean repair = false;
        boolean rebuild = false;
        boolean help = false;
        Path paramsFile = null;
        JobParams overrides = new JobParams();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--demo")) {
                demo = true;
            } else if (arg.equals("verify") && i == 0) {
                verify = true;
            } else if (arg.equals("rebuild") && i == 0) {
                rebuild = true;
            } else if (arg.equals("--repair")) {
                repair = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--params")) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("--params needs a file name, e.g. --params job-params.properties");
                }
                paramsFile = Paths.get(args[++i]);
                if (!Files.isRegularFile(paramsFile)) {
                    throw new ConfigException("Parameters file not found: " + paramsFile.toAbsolutePath() + " (--params)");
                }
            } else if (arg.startsWith("--") && arg.contains("=")) {
                int eq = arg.indexOf('=');
                overrides.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (arg.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("Setting '" + arg.substring(2) + "' on the command line has no value; "
                            + "write --" + arg.substring(2) + " VALUE or --" + arg.substring(2) + "=VALUE");
                }
                overrides.put(arg.substring(2), args[++i]);
            } else {
                throw new ConfigException("Unexpected argument '" + arg + "'; settings are written --KEY VALUE. Try --help.");
            }
        }
        if (paramsFile == null && Files.isRegularFile(Paths.get(DEFAULT_PARAMS))) {
            paramsFile = Paths.get(DEFAULT_PARAMS);
        }
        JobParams params = new JobParams();
        if (paramsFile != null) {
            params.addFile(paramsFile);
        }
        params.putAll(overrides);
        if (repair && !verify) {
            throw new ConfigException("--repair goes with verify: write 'verify --repair [settings]' to mend the drift verify finds");
        }
        return new Arguments(demo, verify, repair, rebuild, help, params);
    }
}
