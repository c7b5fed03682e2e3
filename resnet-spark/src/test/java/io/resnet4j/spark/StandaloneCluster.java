package io.resnet4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and workers, each a JVM of its own started from the Spark
 * jars on this JVM's class path ({@code org.apache.spark.deploy.master.Master}, {@code ...worker.Worker}). The
 * workers start their executors as further JVMs, with this class path too ({@link #executorClassPath}). Closing
 * stops every process it started, their children (the executors) included.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final int masterPort;
    private final int masterUiPort;

    StandaloneCluster(Path dir, int workerCount, int coresPerWorker, String workerMemory) throws IOException {
        // A worker builds each executor's command from SPARK_HOME: an empty jars folder satisfies it, and the
        // executors get their classes from spark.executor.extraClassPath instead.
        home = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars"));
        masterPort = freePort();
        masterUiPort = freePort();
        start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort));
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(dir.resolve("worker" + i));
            workers.add(start("worker" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", String.valueOf(coresPerWorker), "--memory", workerMemory, "--work-dir", work.toString(),
                    "--webui-port", String.valueOf(freePort()), masterUrl()));
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** What executors need on their class path: this JVM's (Spark, resnet4j, the tests). */
    static String executorClassPath() {
        return System.getProperty("java.class.path");
    }

    /** Waits until the master lists {@code n} alive workers. */
    void awaitWorkers(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        HttpClient http = HttpClient.newHttpClient();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = alive.matcher(json);
                if (m.find()) {
                    last = m.group(1) + " alive workers";
                    if (Integer.parseInt(m.group(1)) >= n) {
                        return;
                    }
                }
            } catch (IOException e) {
                last = e.toString();
            }
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process exited early (" + p.exitValue() + "); see its log under " + home.getParent());
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the master did not list " + n + " workers in " + timeout + ": " + last);
    }

    /** Kills worker {@code i} and the executors it started, at once (SIGKILL): a machine that dies. */
    void killWorker(int i) {
        Process worker = workers.get(i);
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
    }

    private Process start(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(List.of(System.getProperty("spark.jvm.opens", "").split("\\s+")));
        command.removeIf(String::isBlank);
        command.addAll(List.of("-cp", executorClassPath(), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.getParent().resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Process p : processes.reversed()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
