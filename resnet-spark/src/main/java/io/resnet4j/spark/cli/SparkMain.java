package io.resnet4j.spark.cli;

import io.resnet4j.ResNet4jException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code resnet4j spark …}: the Spark commands, run by {@code ./resnet4j spark} (with Spark's jars on the class
 * path) or by {@code spark-submit --class io.resnet4j.spark.cli.SparkMain}.
 */
@Command(name = "resnet4j spark", mixinStandardHelpOptions = true, subcommands = SparkClassifyCommand.class,
        description = "Distributed batch inference on Apache Spark.")
public final class SparkMain implements Runnable {
    public static final int EXIT_RUNTIME = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line and returns the exit code: 0 done, 1 a runtime failure, 2 a usage error. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new SparkMain()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            boolean usage = ex instanceof IllegalArgumentException && !(ex instanceof NumberFormatException);
            String message = ex instanceof ResNet4jException || usage ? ex.getMessage() : ex.toString();
            line.getErr().println("resnet4j spark: " + message);
            if (!(ex instanceof ResNet4jException) && !usage) {
                ex.printStackTrace(line.getErr());
            }
            return usage ? EXIT_USAGE : EXIT_RUNTIME;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: classify");
    }
}
