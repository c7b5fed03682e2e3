package io.resnet4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void readsPythonWrittenFileExactly() throws Exception {
        Map<String, Map<String, Object>> expected = Fixtures.expected();
        expected.keySet().removeIf(k -> k.startsWith("extra.shared"));
        try (Checkpoint cp = Checkpoints.read(Fixtures.path("tiny.safetensors"))) {
            List<String> floatKeys = new ArrayList<>();
            expected.forEach((k, v) -> {
                if (!v.containsKey("int")) {
                    floatKeys.add(k);
                }
            });
            assertEquals(floatKeys, new ArrayList<>(cp.tensors().keySet()));
            floatKeys.forEach(k -> Fixtures.assertMatches(k, expected.get(k), cp.tensors().get(k)));
            assertEquals(Map.of("bn.num_batches_tracked", 42L), cp.counters());
        }
    }

    @Test
    void roundTripsF32ExactlyAndKeepsOrder() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("z.last_name_first", Tensor.wrap(new float[] {1.5f, -2.25f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, -0f}, 2, 3));
        tensors.put("a.\"quoted\"\\name", Tensor.wrap(new float[] {3f}));
        tensors.put("empty", Tensor.wrap(new float[0], 0, 4));
        Path file = dir.resolve("out.safetensors");
        Safetensors.write(file, tensors, Map.of("bn.num_batches_tracked", 1L << 40), DType.F32);
        try (Checkpoint cp = Safetensors.read(file)) {
            assertEquals(new ArrayList<>(tensors.keySet()), new ArrayList<>(cp.tensors().keySet()));
            for (String k : tensors.keySet()) {
                assertArrayEquals(tensors.get(k).shape().toArray(), cp.tensors().get(k).shape().toArray());
                assertArrayEquals(tensors.get(k).data(), cp.tensors().get(k).data(), 0f);
            }
            assertEquals(Map.of("bn.num_batches_tracked", 1L << 40), cp.counters());
        }
    }

    @Test
    void halfAndBFloat16RoundToNearestEven() throws Exception {
        // Ties go to the even neighbour: for bfloat16 (7 fraction bits) 1 + 2^-8 lies between 1 and 1 + 2^-7
        // → 1, and 1 + 3·2^-8 between 1 + 2^-7 and 1 + 2^-6 → 1 + 2^-6; likewise for float16 (10 bits) at 2^-11.
        float[] values = {1f + 0x1p-8f, 1f + 3 * 0x1p-8f, 65504f, -3.140625f, 1f + 0x1p-11f, 1f + 3 * 0x1p-11f};
        float[] bf16 = {1f, 1f + 0x1p-6f, 65536f, -3.140625f, 1f, 1f};
        float[] f16 = {1f + 0x1p-8f, 1f + 3 * 0x1p-8f, 65504f, -3.140625f, 1f, 1f + 0x1p-9f};
        Map<String, Tensor> tensors = Map.of("t", Tensor.wrap(values, 2, 3));
        Path half = dir.resolve("half.safetensors");
        Path brain = dir.resolve("bf16.safetensors");
        Safetensors.write(half, tensors, Map.of(), DType.F16);
        Safetensors.write(brain, tensors, Map.of(), DType.BF16);
        try (Checkpoint h = Safetensors.read(half); Checkpoint b = Safetensors.read(brain)) {
            assertArrayEquals(f16, h.tensors().get("t").data(), 0f);
            assertArrayEquals(bf16, b.tensors().get("t").data(), 0f);
            assertArrayEquals(new int[] {2, 3}, b.tensors().get("t").shape().toArray());
        }
        assertEquals(8 + headerLength(half) + 2 * values.length, Files.size(half));
        assertEquals(0, headerLength(half) % 8, "header padded to 8 bytes");
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("w", Tensor.wrap(new float[] {7f}, 1)), Map.of(), DType.F32);
        byte[] before = Files.readAllBytes(file);
        Map<String, Tensor> exploding = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Tensor>> entrySet() {
                return Set.of(Map.entry("w", Tensor.wrap(new float[] {1f}, 1)));
            }

            @Override
            public java.util.Collection<Tensor> values() {
                return new java.util.AbstractCollection<>() {
                    @Override
                    public Iterator<Tensor> iterator() {
                        throw new IllegalStateException("disk on fire");
                    }

                    @Override
                    public int size() {
                        return 1;
                    }
                };
            }
        };
        assertThrows(IllegalStateException.class, () -> Safetensors.write(file, exploding, Map.of(), DType.F32));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    void rejectsInvalidHeadersNamingTheFault() throws Exception {
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                12, "tensors 'a' and 'b' overlap");
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "tensor 'a' of shape [3] and dtype F32 does not match its 8 data bytes");
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "outside the 4 data bytes");
        assertFault("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2, "tensor 'a' has unsupported dtype U8");
        assertFault("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8, "only integer scalars");
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]}}",
                8, "duplicate key \"a\"");
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "shape must hold non-negative integers");
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}", 4, "does not fit in int64");
        assertFault("[".repeat(100_000), 0, "nested deeper than 64");
    }

    @Test
    void rejectsImpossibleHeaderLength() throws Exception {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).putLong(0).array();
        Path file = Files.write(dir.resolve("bad.safetensors"), bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": safetensors header length 18446744073709551611 is impossible"), e.getMessage());
    }

    private void assertFault(String header, int dataBytes, String expectedFault) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        Path file = Files.write(dir.resolve("h.safetensors"), b.array());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(expectedFault), e.getMessage());
    }

    private static long headerLength(Path file) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
