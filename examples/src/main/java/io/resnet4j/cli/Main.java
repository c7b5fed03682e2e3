package io.resnet4j.cli;

import io.resnet4j.DidYouMean;
import io.resnet4j.ResNet4jException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code resnet4j} command. Exit codes: 0 success, 1 runtime failure (bad file, failed run), 2 usage
 * error. Failures print one line on stderr naming the fault; {@code --verbose} adds the stack trace.
 */
@Command(
        name = "resnet4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Build, inspect and run torchvision-compatible ResNets on the JVM.",
        subcommands = {
            SummaryCommand.class,
            ArchsCommand.class,
            BackendsCommand.class,
            PredictCommand.class,
            ConvertCommand.class,
            ConformanceCommand.class,
            BenchCommand.class,
            ClassifyCommand.class,
            PreprocessCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    public static final int EXIT_RUNTIME = 1;
    public static final int EXIT_USAGE = 2;

    @Option(names = "--verbose", description = "Print stack traces on errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Option(names = "--classpath", paramLabel = "PATH", scope = CommandLine.ScopeType.INHERIT,
            description = "Where to find your own @ResNet specs (directories, jars, dir/*), e.g. your project's"
                    + " target/classes; default: $" + UserClasspath.ENV + ".")
    String classpath;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        LauncherStderr.restore();
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code (used by tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, System.getenv(UserClasspath.ENV));
    }

    /** As above, with {@code $RESNET4J_CLASSPATH} given rather than read from the environment. */
    static int execute(String[] args, PrintWriter out, PrintWriter err, String classpathEnv) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("resnet4j: " + ex.getMessage() + suggestion(ex));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
            err.println("resnet4j: " + describe(ex));
            if (main.verbose) {
                ex.printStackTrace(err);
            }
            return ex instanceof UsageException ? EXIT_USAGE : EXIT_RUNTIME;
        });
        cli.setExecutionStrategy(parsed -> main.withUserClasspath(classpathEnv, () -> new CommandLine.RunLast().execute(parsed)));
        return cli.execute(args);
    }

    /** Runs {@code command} with the user's class path (--classpath, else the environment) as context loader. */
    private int withUserClasspath(String classpathEnv, IntSupplier command) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader loader;
        try {
            loader = UserClasspath.loader(classpath, classpathEnv, previous);
        } catch (UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        thread.setContextClassLoader(loader);
        try {
            return command.getAsInt();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The nearest command or option to a mistyped one ("summry" → "summary"), by the rule the API uses for names. */
    private static String suggestion(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            CommandLine.Model.CommandSpec command = u.getCommandLine().getCommandSpec();
            List<String> known = new ArrayList<>(command.subcommands().keySet());
            command.options().forEach(o -> known.addAll(List.of(o.names())));
            return DidYouMean.hint(u.getUnmatched().getFirst(), known);
        }
        return "";
    }

    private static String describe(Throwable ex) {
        if (ex instanceof ResNet4jException || ex instanceof UsageException) {
            return ex.getMessage();
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory; raise the heap with JAVA_OPTS=-Xmx8g";
        }
        String msg = ex.getMessage();
        return msg == null ? ex.getClass().getSimpleName() : msg;
    }

    /** A usage error found after parsing (e.g. an unknown architecture name): exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"resnet4j " + (v == null ? "0.1.0-SNAPSHOT" : v)
                    + " on Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
