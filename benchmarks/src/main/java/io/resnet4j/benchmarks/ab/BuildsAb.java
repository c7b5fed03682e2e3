package io.resnet4j.benchmarks.ab;

import io.resnet4j.bench.Timings;
import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Two builds of backend-java in one JVM, forward after forward in turn: the A/B test for a change to the backend on
 * a noisy machine. Two JVMs one after the other measured the machine's minute as much as the change (medians of the
 * same build moved ±10% between runs here); within one JVM, alternating, both builds see the same moments. Each
 * build gets its own class loader over its classes directory and everything else on this class path but
 * backend-java, so the two differ in the backend alone.
 *
 * <p>Prints each build's median, p90 and min over the runs and the median of the per-pair ratios new/old; with
 * {@code --steps}, each step's median per build and their sums per stage (from profiled forwards). The same build
 * given twice shows the method's own bias: in one JVM it was within 1% on the total and up to 12% on a stage.
 *
 * <pre>
 * git worktree add /tmp/old HEAD~1 &amp;&amp; (cd /tmp/old &amp;&amp; ./mvnw -q -o compile -pl backend-java -am)
 * java --add-modules jdk.incubator.vector -cp "benchmarks/target/classes:examples/target/classes:examples/target/lib/*" \
 *     io.resnet4j.benchmarks.ab.BuildsAb --old /tmp/old/backend-java/target/classes \
 *     --new backend-java/target/classes --arch resnet50 --batch 1 --runs 60 --steps
 * </pre>
 */
public final class BuildsAb {
    private BuildsAb() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path oldClasses = directory(options, "--old");
        Path newClasses = directory(options, "--new");
        String arch = options.getOrDefault("--arch", "resnet50");
        int batch = Integer.parseInt(options.getOrDefault("--batch", "1"));
        int[] chw = Arrays.stream(options.getOrDefault("--input", "3x224x224").split("x")).mapToInt(Integer::parseInt)
                .toArray();
        int runs = Integer.parseInt(options.getOrDefault("--runs", "40"));
        boolean steps = options.containsKey("--steps");
        int[] shape = {batch, chw[0], chw[1], chw[2]};
        Object[] builds = {load(oldClasses, arch, shape), load(newClasses, arch, shape)};
        String[] names = {"old", "new"};
        System.out.printf(Locale.ROOT, "%s, %s, %d runs per build, alternating; old = %s, new = %s%n", arch,
                Arrays.toString(shape), runs, oldClasses, newClasses);
        for (int i = 0; i < 5; i++) {
            ((Runnable) builds[0]).run();
            ((Runnable) builds[1]).run();
        }
        double[][] ms = new double[2][runs];
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < 2; k++) {
                int b = (i + k) % 2; // who goes first alternates too
                long start = System.nanoTime();
                ((Runnable) builds[b]).run();
                ms[b][i] = (System.nanoTime() - start) / 1e6;
            }
        }
        double[] ratios = new double[runs];
        for (int i = 0; i < runs; i++) {
            ratios[i] = ms[1][i] / ms[0][i];
        }
        for (int b = 0; b < 2; b++) {
            Timings t = Timings.of(ms[b]);
            System.out.printf(Locale.ROOT, "  %s  median %8.2f ms  p90 %8.2f  min %8.2f%n", names[b], t.median(), t.p90(),
                    t.min());
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "  new/old, per pair of runs: median %.3f (quartiles %.3f, %.3f)%n",
                Timings.of(ratios).median(), ratios[runs / 4], ratios[runs * 3 / 4]);
        if (steps) {
            printSteps(builds, runs);
        }
        for (Object build : builds) {
            ((AutoCloseable) build).close();
        }
    }

    /**
     * Per step, the median of {@code runs} profiled forwards per build, then their sums per stage. Steps are matched
     * by name; where the builds plan differently (one fuses what the other runs apart), the steps of only one build
     * are listed on their own and still count in its stage's sum, so that stages compare whatever the plans.
     */
    @SuppressWarnings("unchecked")
    private static void printSteps(Object[] builds, int runs) throws Exception {
        String[][] names = new String[2][];
        for (int b = 0; b < 2; b++) {
            names[b] = (String[]) builds[b].getClass().getMethod("steps").invoke(builds[b]);
        }
        long[][][] nanos = new long[2][runs][];
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < 2; k++) {
                int b = (i + k) % 2;
                nanos[b][i] = ((Supplier<long[]>) builds[b]).get();
            }
        }
        List<Map<String, Double>> medians = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (int s = 0; s < names[b].length; s++) {
                double[] v = new double[runs];
                for (int i = 0; i < runs; i++) {
                    v[i] = nanos[b][i][s] / 1e6;
                }
                m.put(names[b][s], Timings.of(v).median());
            }
            medians.add(m);
        }
        Map<String, double[]> stages = new LinkedHashMap<>();
        System.out.println("  step medians, ms:                    old       new   new/old");
        java.util.Set<String> all = new java.util.LinkedHashSet<>(medians.get(0).keySet());
        all.addAll(medians.get(1).keySet());
        for (String name : all) {
            Double old = medians.get(0).get(name);
            Double now = medians.get(1).get(name);
            if (old != null && now != null) {
                System.out.printf(Locale.ROOT, "  %-34s %8.3f  %8.3f  %.3f%n", name, old, now, now / old);
            } else {
                System.out.printf(Locale.ROOT, "  %-34s %8s  %8s  (%s only)%n", name,
                        old == null ? "" : String.format(Locale.ROOT, "%.3f", old),
                        now == null ? "" : String.format(Locale.ROOT, "%.3f", now), old == null ? "new" : "old");
            }
            String stage = name.startsWith("layer") ? name.substring(0, name.indexOf('.')) : "stem, pools, fc";
            double[] sum = stages.computeIfAbsent(stage, k -> new double[2]);
            sum[0] += old == null ? 0 : old;
            sum[1] += now == null ? 0 : now;
        }
        stages.put("total", new double[] {stages.values().stream().mapToDouble(v -> v[0]).sum(),
                stages.values().stream().mapToDouble(v -> v[1]).sum()});
        System.out.println("  sums of step medians, ms:");
        for (Map.Entry<String, double[]> e : stages.entrySet()) {
            System.out.printf(Locale.ROOT, "  %-34s %8.2f  %8.2f  %.3f%n", e.getKey(), e.getValue()[0], e.getValue()[1],
                    e.getValue()[1] / e.getValue()[0]);
        }
    }

    /** The model on the build in {@code classes}: a {@link ForwardOnBuild} from that build's own class loader. */
    static Object load(Path classes, String arch, int[] shape) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(classes.toUri().toURL());
        urls.addAll(classPathWithoutBackendJava());
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader); // backends and architectures are found with ServiceLoader through it
        try {
            return loader.loadClass(ForwardOnBuild.class.getName()).getConstructor(String.class, int[].class)
                    .newInstance(arch, shape);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** This JVM's class path minus backend-java (its classes directory or its jar): the part both builds share. */
    static List<URL> classPathWithoutBackendJava() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty() || entry.contains("backend-java")) {
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--steps")) {
                options.put("--steps", "");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; usage: --old DIR --new DIR "
                        + "[--arch resnet50] [--batch 1] [--input 3x224x224] [--runs 40] [--steps]");
            }
        }
        return options;
    }

    private static Path directory(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " DIR is required: a backend-java build's classes directory");
        }
        Path dir = Path.of(value);
        if (!Files.isDirectory(dir.resolve("io/resnet4j/backend/java"))) {
            throw new IllegalArgumentException(name + " " + value + ": no backend-java classes there "
                    + "(io/resnet4j/backend/java); build it first, e.g. ./mvnw -q -o compile -pl backend-java");
        }
        return dir;
    }
}
