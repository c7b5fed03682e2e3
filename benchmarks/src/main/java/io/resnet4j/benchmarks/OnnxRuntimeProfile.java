package io.resnet4j.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.StepTiming;
import io.resnet4j.tensor.Tensor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ONNX Runtime's own per-node profile of a forward pass: a session of its own with profiling on (the timed one
 * stays unprofiled), {@code runs} forwards, then each node's median kernel time from the trace ONNX Runtime writes
 * ({@code SessionOptions.enableProfiling}: one JSON event per node and run). Node names are ONNX Runtime's after its
 * graph optimisations, e.g. {@code /layer1/layer1.0/relu/Relu_output_0_nchwc} for a conv fused with its ReLU.
 */
final class OnnxRuntimeProfile {
    /** A node's kernel event: its duration in µs and its name, in either order within the event. */
    private static final Pattern KERNEL_EVENT = Pattern.compile(
            "\"dur\"\\s*:\\s*(\\d+)[^{}]*?\"name\"\\s*:\\s*\"([^\"]+)_kernel_time\""
                    + "|\"name\"\\s*:\\s*\"([^\"]+)_kernel_time\"[^{}]*?\"dur\"\\s*:\\s*(\\d+)");

    private OnnxRuntimeProfile() {}

    static List<StepTiming> of(OrtEnvironment env, Path onnx, int threads, Tensor input, int runs) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("resnet4j-onnxruntime-profile");
            String trace;
            try (SessionOptions options = new SessionOptions()) {
                OnnxRuntimeModel.configure(options, threads);
                options.enableProfiling(dir.resolve("onnxruntime").toString());
                try (OrtSession session = env.createSession(onnx.toString(), options);
                        OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()), dims(input))) {
                    String name = session.getInputNames().iterator().next();
                    for (int i = 0; i < runs; i++) {
                        session.run(Map.of(name, x)).close();
                    }
                    trace = Files.readString(Path.of(session.endProfiling()));
                }
            }
            return medians(trace);
        } catch (OrtException | IOException e) {
            throw new ResNet4jException("onnxruntime: could not profile " + onnx + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Each node's median duration, nodes in the order of their first event. */
    static List<StepTiming> medians(String trace) {
        Map<String, List<Long>> durations = new LinkedHashMap<>();
        Matcher m = KERNEL_EVENT.matcher(trace);
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2) : m.group(3);
            long micros = Long.parseLong(m.group(1) != null ? m.group(1) : m.group(4));
            durations.computeIfAbsent(name, k -> new ArrayList<>()).add(micros);
        }
        if (durations.isEmpty()) {
            throw new ResNet4jException("onnxruntime: its profile trace holds no node kernel times");
        }
        List<StepTiming> nodes = new ArrayList<>();
        durations.forEach((name, micros) -> {
            long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
            nodes.add(new StepTiming(name, 0, sorted[sorted.length / 2] * 1000));
        });
        return nodes;
    }

    private static long[] dims(Tensor t) {
        return Arrays.stream(t.shape().toArray()).asLongStream().toArray();
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A trace left in the temp directory is harmless.
        }
    }
}
