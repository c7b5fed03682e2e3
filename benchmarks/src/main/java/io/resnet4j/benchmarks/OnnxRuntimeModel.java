package io.resnet4j.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.StepTiming;
import io.resnet4j.bench.PeerModel;
import io.resnet4j.bench.PeerUnavailableException;
import io.resnet4j.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One ONNX Runtime session as fast as ONNX Runtime makes it on a CPU: every graph optimisation, sequential
 * execution (a ResNet is a chain, so parallel execution of independent nodes buys nothing), and as many
 * intra-op threads as resnet4j's java backend has. Its threads spin between tasks within a run, ONNX Runtime's
 * default, and stop when the run ends ({@code session.force_spinning_stop}, so that they leave the cores to the
 * runtime measured next). On a machine whose cores are shared spinning can halve its speed, so {@value #SPINNING_PROPERTY}{@code =false} turns
 * the spinning off (the settings line says which was used).
 */
final class OnnxRuntimeModel implements PeerModel {
    static final String SPINNING_PROPERTY = "resnet4j.onnxruntime.spinning";

    private final OrtEnvironment env;
    private final SessionOptions options;
    private final OrtSession session;
    private final String inputName;
    private final int threads;
    private final boolean spinning;
    private final List<OnnxTensor> bound = new ArrayList<>();

    private final Path onnx;

    private OnnxRuntimeModel(OrtEnvironment env, SessionOptions options, OrtSession session, int threads,
            boolean spinning, Path onnx) {
        this.onnx = onnx;
        this.env = env;
        this.options = options;
        this.session = session;
        this.inputName = session.getInputNames().iterator().next();
        this.threads = threads;
        this.spinning = spinning;
    }

    static OnnxRuntimeModel open(OrtEnvironment env, Path onnx, int threads) throws PeerUnavailableException {
        SessionOptions options = new SessionOptions();
        try {
            configure(options, threads);
            return new OnnxRuntimeModel(env, options, env.createSession(onnx.toString(), options), threads,
                    spinning(), onnx);
        } catch (OrtException e) {
            options.close();
            throw new PeerUnavailableException("onnxruntime could not load " + onnx + ": " + e.getMessage(), e);
        }
    }

    /** The settings every session of the bench runs with, the profiling one included. */
    static void configure(SessionOptions options, int threads) throws OrtException {
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
        options.addConfigEntry("session.intra_op.allow_spinning", spinning() ? "1" : "0");
        // Spin within a run, not after it: by default ONNX Runtime's workers go on spinning once Run returns,
        // and in an alternating bench they would take the cores from the runtime measured next (measured:
        // resnet4j's batch-1 median 84 ms beside spinning ONNX Runtime, 52 ms beside non-spinning), while
        // ONNX Runtime's own time was the same either way. resnet4j's workers spin 0.2 ms after a job.
        options.addConfigEntry("session.force_spinning_stop", "1");
    }

    private static boolean spinning() {
        return !"false".equalsIgnoreCase(System.getProperty(SPINNING_PROPERTY, "true").trim());
    }

    @Override
    public String settings() {
        return threads + " intra-op thread" + (threads == 1 ? "" : "s") + ", all graph optimisations (ALL_OPT),"
                + " sequential execution, " + (spinning ? "spinning threads within a run (default; -D"
                + SPINNING_PROPERTY + "=false turns it off)" : "no spinning (-D" + SPINNING_PROPERTY + "=false)");
    }

    @Override
    public Forward bind(Tensor input) {
        int[] dims = input.shape().toArray();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        try {
            OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()), shape);
            bound.add(tensor);
            return () -> run(tensor);
        } catch (OrtException e) {
            throw new ResNet4jException("onnxruntime: could not make an input tensor of shape " + input.shape()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<List<StepTiming>> profile(Tensor input, int runs) {
        return Optional.of(OnnxRuntimeProfile.of(env, onnx, threads, input, runs));
    }

    private Tensor run(OnnxTensor input) {
        try (OrtSession.Result result = session.run(Map.of(inputName, input))) {
            OnnxTensor logits = (OnnxTensor) result.get(0);
            long[] shape = logits.getInfo().getShape();
            int[] dims = new int[shape.length];
            for (int i = 0; i < shape.length; i++) {
                dims[i] = Math.toIntExact(shape[i]);
            }
            FloatBuffer buffer = logits.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return Tensor.wrap(values, dims);
        } catch (OrtException e) {
            throw new ResNet4jException("onnxruntime: the forward pass failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        bound.forEach(OnnxTensor::close);
        bound.clear();
        try {
            session.close();
        } catch (OrtException e) {
            throw new ResNet4jException("onnxruntime: could not close the session: " + e.getMessage(), e);
        } finally {
            options.close();
        }
    }
}
