package io.attendspark.jobs.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line shared by the jobs: {@code --config FILE}, any number of {@code --set key=value},
 * and flags. Unknown arguments are errors.
 *
 * @param config    the YAML file, or null
 * @param overrides the {@code --set} values in order
 * @param flags     the bare {@code --flag} arguments that were given, without dashes
 */
public record JobArgs(Path config, List<String> overrides, List<String> flags) {

    /** Parses {@code args}; {@code allowedFlags} are the bare flags this job accepts. */
    public static JobArgs parse(String[] args, String usage, String... allowedFlags) {
        Path config = null;
        List<String> overrides = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config" -> config = Path.of(value(args, ++i, arg, usage));
                case "--set" -> overrides.add(value(args, ++i, arg, usage));
                case "--help", "-h" -> throw new IllegalArgumentException(usage);
                default -> {
                    String flag = arg.startsWith("--") ? arg.substring(2) : null;
                    if (flag == null || !List.of(allowedFlags).contains(flag)) {
                        throw new IllegalArgumentException("Unknown argument '" + arg + "'.\n" + usage);
                    }
                    flags.add(flag);
                }
            }
        }
        return new JobArgs(config, List.copyOf(overrides), List.copyOf(flags));
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    private static String value(String[] args, int i, String option, String usage) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value.\n" + usage);
        }
        return args[i];
    }
}
