package io.resnet4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Mutation fuzzing: damaged checkpoints may be refused, but only with a {@link CheckpointException}, never an
 * OOM, stack overflow, NPE or index exception. Each property runs {@value #CI_TRIES} tries in the normal build;
 * for a long run:
 *
 * <pre>./mvnw -o -pl resnet-api verify -Dtest=CheckpointFuzzTest -Dresnet4j.fuzz.tries=200000</pre> (1,000,000
 * cases: 5 kinds × 200,000)
 *
 * which adds {@link #longRun()}: every generator below, sampled that many times each.
 */
class CheckpointFuzzTest {
    static final int CI_TRIES = 300;
    private static final byte[] PTH = Fixtures.bytes("tiny.pth");
    private static final byte[] SAFETENSORS = Fixtures.bytes("tiny.safetensors");
    private static final Path SCRATCH = scratchFile();

    // ---- properties (CI budget) ----

    @Property(tries = CI_TRIES)
    void mutatedPthFile(@ForAll("pthFiles") byte[] file) {
        readRefusingOnlyWithCheckpointException(file, Checkpoints::read);
    }

    @Property(tries = CI_TRIES)
    void mutatedPickleInValidZip(@ForAll("pthPickles") byte[] file) {
        readRefusingOnlyWithCheckpointException(file, Checkpoints::read);
    }

    @Property(tries = CI_TRIES)
    void mutatedSafetensorsFile(@ForAll("safetensorsFiles") byte[] file) {
        readRefusingOnlyWithCheckpointException(file, Safetensors::read);
    }

    @Property(tries = CI_TRIES)
    void mutatedSafetensorsHeader(@ForAll("safetensorsHeaders") byte[] file) {
        readRefusingOnlyWithCheckpointException(file, Safetensors::read);
    }

    /** Arbitrary (often absurd) offset/size/stride: refused cleanly, or read with exactly the right elements. */
    @Property(tries = CI_TRIES)
    void arbitraryTensorGeometry(@ForAll("geometries") long[][] g) throws Exception {
        long offset = g[0][0];
        long[] size = g[1];
        long[] stride = g[2];
        int numel = 24;
        ByteBuffer storage = ByteBuffer.allocate(numel * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < numel; i++) {
            storage.putFloat(i);
        }
        byte[] pickle = PickleBytes.proto2().op('}').str("w").tensor("FloatStorage", "0", numel, offset, size, stride).op('s').stop();
        Files.write(SCRATCH, TorchZip.withPickle(pickle, Map.of("0", storage.array())));
        Tensor t;
        try (Checkpoint cp = Checkpoints.read(SCRATCH)) {
            t = cp.tensors().get("w");
        } catch (CheckpointException e) {
            return;
        }
        assertArrayEquals(expectedGather(offset, size, stride), t.data(), 0f);
    }

    // ---- the long run ----

    @Test
    @EnabledIfSystemProperty(named = "resnet4j.fuzz.tries", matches = "\\d+")
    void longRun() throws Exception {
        int tries = Integer.getInteger("resnet4j.fuzz.tries");
        long start = System.nanoTime();
        pthFiles().sampleStream().limit(tries).forEach(f -> readRefusingOnlyWithCheckpointException(f, Checkpoints::read));
        pthPickles().sampleStream().limit(tries).forEach(f -> readRefusingOnlyWithCheckpointException(f, Checkpoints::read));
        safetensorsFiles().sampleStream().limit(tries).forEach(f -> readRefusingOnlyWithCheckpointException(f, Safetensors::read));
        safetensorsHeaders().sampleStream().limit(tries).forEach(f -> readRefusingOnlyWithCheckpointException(f, Safetensors::read));
        for (long[][] g : (Iterable<long[][]>) geometries().sampleStream().limit(tries)::iterator) {
            arbitraryTensorGeometry(g);
        }
        System.out.printf("checkpoint fuzz long run: %,d cases (5 mutation kinds × %,d), only typed errors, %.0f s%n",
                5L * tries, tries, (System.nanoTime() - start) / 1e9);
    }

    // ---- generators ----

    @Provide
    Arbitrary<byte[]> pthFiles() {
        return mutationsOf(PTH);
    }

    /** Mutates data.pkl and the storages but keeps the zip valid, so the damage reaches the unpickler. */
    @Provide
    Arbitrary<byte[]> pthPickles() {
        Map<String, byte[]> entries = entries(PTH);
        List<String> names = List.copyOf(entries.keySet());
        Arbitrary<String> target = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just("tiny/data.pkl")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(names)));
        return target.flatMap(name -> mutationsOf(entries.get(name)).map(mutated -> {
            Map<String, byte[]> copy = new LinkedHashMap<>(entries);
            copy.put(name, mutated);
            return TorchZip.build(copy, false);
        }));
    }

    @Provide
    Arbitrary<byte[]> safetensorsFiles() {
        return mutationsOf(SAFETENSORS);
    }

    /** Rewrites numbers and characters of the JSON header, with a consistent length prefix. */
    @Provide
    Arbitrary<byte[]> safetensorsHeaders() {
        long headerLength = ByteBuffer.wrap(SAFETENSORS).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(SAFETENSORS, 8, (int) headerLength, StandardCharsets.UTF_8);
        byte[] data = java.util.Arrays.copyOfRange(SAFETENSORS, 8 + (int) headerLength, SAFETENSORS.length);
        Arbitrary<String> numberSwap = Combinators.combine(
                Arbitraries.integers().between(0, header.length() - 1),
                Arbitraries.longs().map(String::valueOf).injectDuplicates(0.1))
                .as((at, number) -> replaceNumberAt(header, at, number));
        Arbitrary<String> charSwap = Combinators.combine(
                Arbitraries.integers().between(0, header.length() - 1),
                Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '\\', '0', '-', 'e', ' ', '\u0000', 'é'))
                .as((at, c) -> header.substring(0, at) + c + header.substring(at + 1));
        Arbitrary<String> duplicate = Arbitraries.integers().between(1, 40).map(n -> header.replaceFirst("\\{", "{" + "\"__metadata__\":{},".repeat(n)));
        Arbitrary<String> deep = Arbitraries.integers().between(1, 200_000).map(n -> "[".repeat(n) + header);
        return Arbitraries.oneOf(numberSwap, charSwap, duplicate, deep).map(h -> {
            byte[] json = h.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(json.length).put(json).put(data).array();
        });
    }

    @Provide
    Arbitrary<long[][]> geometries() {
        Arbitrary<Long> small = Arbitraries.longs().between(-2, 30);
        Arbitrary<Long> any = Arbitraries.longs();
        Arbitrary<Long> value = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, small), net.jqwik.api.Tuple.of(1, any));
        return Arbitraries.integers().between(0, 4).flatMap(rank -> Combinators.combine(
                value, value.array(long[].class).ofSize(rank), value.array(long[].class).ofSize(rank))
                .as((offset, size, stride) -> new long[][] {{offset}, size, stride}));
    }

    /** Bit flips, truncation, and little-endian overwrites with edge-case integers (0, -1, 2^31, 2^63…). */
    static Arbitrary<byte[]> mutationsOf(byte[] base) {
        Arbitrary<byte[]> flips = Arbitraries.integers().between(0, base.length * 8 - 1).list().ofMinSize(1).ofMaxSize(8).map(bits -> {
            byte[] b = base.clone();
            bits.forEach(bit -> b[bit / 8] ^= (byte) (1 << (bit % 8)));
            return b;
        });
        Arbitrary<byte[]> truncations = Arbitraries.integers().between(0, base.length - 1).map(n -> java.util.Arrays.copyOf(base, n));
        Arbitrary<byte[]> overwrites = Combinators.combine(
                Arbitraries.integers().between(0, base.length - 1), Arbitraries.longs(), Arbitraries.of(1, 2, 4, 8))
                .as((at, value, width) -> {
                    byte[] b = base.clone();
                    for (int i = 0; i < width && at + i < b.length; i++) {
                        b[at + i] = (byte) (value >>> (8 * i));
                    }
                    return b;
                });
        return Arbitraries.oneOf(flips, truncations, overwrites);
    }

    // ---- helpers ----

    interface Reader {
        Checkpoint read(Path file) throws CheckpointException;
    }

    static void readRefusingOnlyWithCheckpointException(byte[] content, Reader reader) {
        try {
            Files.write(SCRATCH, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Checkpoint cp = reader.read(SCRATCH)) {
            cp.tensors().values().forEach(touch());
        } catch (CheckpointException e) {
            assertTrue(e.getMessage().startsWith(SCRATCH + ": "), e.getMessage());
        }
    }

    private static Consumer<Tensor> touch() {
        return t -> assertTrue(t.size() == t.shape().size());
    }

    /** The reference gather: element (i0, i1, …) is storage[offset + Σ i_k·stride_k], with storage[i] = i. */
    private static float[] expectedGather(long offset, long[] size, long[] stride) {
        long numel = 1;
        for (long s : size) {
            numel *= s;
        }
        float[] out = new float[(int) numel];
        long[] index = new long[size.length];
        for (int n = 0; n < out.length; n++) {
            long at = offset;
            for (int k = 0; k < size.length; k++) {
                at += index[k] * stride[k];
            }
            out[n] = at;
            for (int k = size.length - 1; k >= 0; k--) {
                if (++index[k] < size[k]) {
                    break;
                }
                index[k] = 0;
            }
        }
        return out;
    }

    private static String replaceNumberAt(String header, int at, String number) {
        int start = at;
        while (start < header.length() && !Character.isDigit(header.charAt(start))) {
            start++;
        }
        if (start == header.length()) {
            return header;
        }
        int end = start;
        while (end < header.length() && Character.isDigit(header.charAt(end))) {
            end++;
        }
        return header.substring(0, start) + number + header.substring(end);
    }

    private static Map<String, byte[]> entries(byte[] zip) {
        try {
            Path tmp = Files.createTempFile("resnet4j-fuzz", ".pth");
            Files.write(tmp, zip);
            Map<String, byte[]> entries = TorchZip.entries(tmp);
            Files.delete(tmp);
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path scratchFile() {
        try {
            return Files.createTempFile("resnet4j-fuzz", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void deleteScratch() throws IOException {
        Files.deleteIfExists(SCRATCH);
    }
}
