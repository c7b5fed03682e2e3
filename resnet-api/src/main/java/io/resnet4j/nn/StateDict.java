package io.resnet4j.nn;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A model's named tensors, keyed and ordered exactly like torchvision's {@code state_dict()}.
 *
 * <p>Values start from an {@link Initializer} and are materialised on first use, so a model whose weights
 * come from a checkpoint never pays for random initialisation. Each entry's random stream is seeded from the
 * model seed and the entry's name, so a given seed gives the same weights whatever the declaration order.
 */
public final class StateDict {

    /** What torchvision calls a parameter (trained), a buffer (BN statistics) or the int64 BN counter. */
    public enum Kind { PARAMETER, BUFFER, COUNTER }

    /** One state_dict key with its shape. Counters are int64 scalars (shape {@code []}). */
    public record Entry(String name, Shape shape, Kind kind) {}

    /** Makes the initial values of one entry. */
    @FunctionalInterface
    public interface Initializer {
        float[] values(Shape shape, RandomGenerator random);
    }

    private static final class Slot {
        final Entry entry;
        final Initializer init;
        Tensor value;
        long counter;

        Slot(Entry entry, Initializer init) {
            this.entry = entry;
            this.init = init;
        }
    }

    private final long seed;
    private final Map<String, Slot> slots = new LinkedHashMap<>();

    public StateDict(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** Declares a float entry; names must be unique. */
    public void declare(String name, Shape shape, Kind kind, Initializer init) {
        if (kind == Kind.COUNTER) {
            throw new IllegalArgumentException("use declareCounter for " + name);
        }
        put(new Slot(new Entry(name, shape, kind), init));
    }

    /** Declares an int64 scalar such as BatchNorm's {@code num_batches_tracked}; starts at 0. */
    public void declareCounter(String name) {
        put(new Slot(new Entry(name, Shape.of(), Kind.COUNTER), null));
    }

    private void put(Slot slot) {
        if (slots.putIfAbsent(slot.entry.name(), slot) != null) {
            throw new IllegalArgumentException("duplicate state_dict key " + slot.entry.name());
        }
    }

    /** Every key in torchvision's order. */
    public List<Entry> layout() {
        List<Entry> out = new ArrayList<>(slots.size());
        for (Slot s : slots.values()) {
            out.add(s.entry);
        }
        return Collections.unmodifiableList(out);
    }

    public boolean contains(String name) {
        return slots.containsKey(name);
    }

    public Entry entry(String name) {
        return slot(name).entry;
    }

    /** The float tensor for {@code name}, initialised on first use. */
    public synchronized Tensor tensor(String name) {
        Slot s = slot(name);
        if (s.entry.kind() == Kind.COUNTER) {
            throw new ResNet4jException(name + " is an int64 counter, not a float tensor");
        }
        if (s.value == null) {
            float[] v = s.init.values(s.entry.shape(), new SplittableRandom(mix(seed, name)));
            s.value = Tensor.wrap(s.entry.shape(), v);
        }
        return s.value;
    }

    /** Replaces the value of a float entry; the shape must match the declared one. */
    public synchronized void set(String name, Tensor value) {
        Slot s = slot(name);
        if (s.entry.kind() == Kind.COUNTER) {
            throw new ResNet4jException(name + " is an int64 counter, not a float tensor");
        }
        value.requireShape(s.entry.shape(), name);
        s.value = value;
    }

    public synchronized long counter(String name) {
        return counterSlot(name).counter;
    }

    public synchronized void setCounter(String name, long value) {
        counterSlot(name).counter = value;
    }

    /** Number of trainable values (what torchvision reports as the parameter count). */
    public long parameterCount() {
        long n = 0;
        for (Slot s : slots.values()) {
            if (s.entry.kind() == Kind.PARAMETER) {
                n += s.entry.shape().size();
            }
        }
        return n;
    }

    /** Parameter count of the entries under {@code prefix} (a module's name). */
    public long parameterCount(String prefix) {
        String p = prefix.isEmpty() ? "" : prefix + ".";
        long n = 0;
        for (Slot s : slots.values()) {
            if (s.entry.kind() == Kind.PARAMETER && s.entry.name().startsWith(p)) {
                n += s.entry.shape().size();
            }
        }
        return n;
    }

    private Slot slot(String name) {
        Slot s = slots.get(name);
        if (s == null) {
            throw new ResNet4jException("no state_dict key '" + name + "'");
        }
        return s;
    }

    private Slot counterSlot(String name) {
        Slot s = slot(name);
        if (s.entry.kind() != Kind.COUNTER) {
            throw new ResNet4jException(name + " is a float tensor, not an int64 counter");
        }
        return s;
    }

    private static long mix(long seed, String name) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }
}
