package io.resnet4j.weights;

import io.resnet4j.tensor.Tensor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of one checkpoint file, as float32, in file order, with keys already normalised (see
 * {@link #notes()}).
 *
 * <p>Readers copy every value onto the heap and unmap the file before {@code read} returns, so a forgotten
 * {@link #close()} never pins a mapping; {@code close()} drops this object's references so that a large
 * checkpoint can be collected while the model that received its tensors lives on.
 */
public final class Checkpoint implements AutoCloseable {
    private final Path source;
    private Map<String, Tensor> tensors;
    private Map<String, Long> counters;
    private final List<String> notes;

    Checkpoint(Path source, LinkedHashMap<String, Tensor> tensors, LinkedHashMap<String, Long> counters, List<String> notes) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.counters = Collections.unmodifiableMap(counters);
        this.notes = List.copyOf(notes);
    }

    /** Float tensors (float16, bfloat16 and float64 converted to float32), in file order. */
    public synchronized Map<String, Tensor> tensors() {
        requireOpen();
        return tensors;
    }

    /** int64 scalars such as BatchNorm's {@code num_batches_tracked}, in file order. */
    public synchronized Map<String, Long> counters() {
        requireOpen();
        return counters;
    }

    /** What was normalised while reading, e.g. {@code "stripped 'module.' from 161 keys"}. */
    public List<String> notes() {
        return notes;
    }

    public Path source() {
        return source;
    }

    @Override
    public synchronized void close() {
        tensors = null;
        counters = null;
    }

    private void requireOpen() {
        if (tensors == null) {
            throw new IllegalStateException("checkpoint " + source + " is closed");
        }
    }

    @Override
    public String toString() {
        return "Checkpoint[" + source + (tensors == null ? ", closed]" : ", " + tensors.size() + " tensors, " + counters.size() + " counters]");
    }
}
