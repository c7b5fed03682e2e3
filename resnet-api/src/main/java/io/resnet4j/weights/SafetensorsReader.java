package io.resnet4j.weights;

import io.resnet4j.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a safetensors file: 8-byte little-endian header length, JSON header, then the raw tensor bytes. */
final class SafetensorsReader {
    /** The reference implementation refuses headers above 100 MB; so do we. */
    static final long MAX_HEADER = 100_000_000;
    static final String METADATA = "__metadata__";
    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final Map<String, ElementType> DTYPES = Map.of(
            "F32", ElementType.F32, "F16", ElementType.F16, "BF16", ElementType.BF16,
            "F64", ElementType.F64, "I64", ElementType.I64);

    private record Stored(String name, ElementType type, long[] shape, long begin, long end) {}

    private SafetensorsReader() {}

    static boolean looksLikeSafetensors(MemorySegment file) {
        if (file.byteSize() < 9) {
            return false;
        }
        long headerLength = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        return headerLength > 0 && headerLength <= file.byteSize() - 8 && file.get(ValueLayout.JAVA_BYTE, 8) == '{';
    }

    static Checkpoint read(Path source, MemorySegment file) {
        if (file.byteSize() < 8) {
            throw new MalformedException("too short for a safetensors file (" + file.byteSize() + " bytes)");
        }
        long headerLength = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > file.byteSize() - 8) {
            throw new MalformedException("safetensors header length " + Long.toUnsignedString(headerLength)
                    + " is impossible for a file of " + file.byteSize() + " bytes");
        }
        Object header = Json.parse(utf8(file.asSlice(8, headerLength)));
        if (!(header instanceof Map<?, ?> entries)) {
            throw new MalformedException("safetensors header is not a JSON object");
        }
        MemorySegment data = file.asSlice(8 + headerLength);
        List<Stored> stored = new ArrayList<>();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) {
                requireStringMap(e.getValue());
            } else {
                stored.add(describe(name, e.getValue(), data.byteSize()));
            }
        }
        // File order is data order; a stable sort keeps header order for empty tensors at the same offset.
        stored.sort(Comparator.comparingLong(Stored::begin));
        Stored furthest = null;
        for (Stored s : stored) {
            if (furthest != null && s.begin() < furthest.end()) {
                throw new MalformedException("tensors '" + furthest.name() + "' and '" + s.name() + "' overlap");
            }
            if (furthest == null || s.end() > furthest.end()) {
                furthest = s;
            }
        }
        return decode(source, data, stored);
    }

    private static Checkpoint decode(Path source, MemorySegment data, List<Stored> stored) {
        TensorDecoder decoder = new TensorDecoder(ByteOrder.LITTLE_ENDIAN);
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        LinkedHashMap<String, Long> counters = new LinkedHashMap<>();
        Map<ElementType, Integer> converted = new EnumMap<>(ElementType.class);
        for (Stored s : stored) {
            MemorySegment bytes = data.asSlice(s.begin(), s.end() - s.begin());
            StridedView view = StridedView.contiguous(s.shape(), (s.end() - s.begin()) / s.type().bytes, "tensor '" + s.name() + "'");
            if (s.type().isFloat) {
                tensors.put(s.name(), Tensor.wrap(decoder.floats(bytes, s.type(), view), view.shape()));
                if (s.type() != ElementType.F32) {
                    converted.merge(s.type(), 1, Integer::sum);
                }
            } else {
                counters.put(s.name(), decoder.integerScalar(bytes, s.type(), view));
            }
        }
        List<String> notes = new ArrayList<>();
        converted.forEach((type, n) -> notes.add("converted " + n + " " + type.torchName() + " tensor" + (n == 1 ? "" : "s") + " to float32"));
        return ModulePrefix.normalise(source, tensors, counters, notes);
    }

    private static Stored describe(String name, Object value, long dataLength) {
        if (!(value instanceof Map<?, ?> fields) || !fields.keySet().equals(FIELDS)) {
            throw new MalformedException("tensor '" + name + "' must be an object with exactly dtype, shape and data_offsets");
        }
        if (!(fields.get("dtype") instanceof String dtype) || !DTYPES.containsKey(dtype)) {
            throw new MalformedException("tensor '" + name + "' has unsupported dtype " + fields.get("dtype")
                    + " (supported: F32, F16, BF16, F64, and I64 scalars)");
        }
        ElementType type = DTYPES.get(dtype);
        long[] shape = longs(fields.get("shape"), name, "shape", StridedView.MAX_RANK);
        long[] offsets = longs(fields.get("data_offsets"), name, "data_offsets", 2);
        if (offsets.length != 2 || offsets[0] > offsets[1] || offsets[1] > dataLength) {
            throw new MalformedException("tensor '" + name + "' has data_offsets " + java.util.Arrays.toString(offsets)
                    + " outside the " + dataLength + " data bytes");
        }
        long numel = 1;
        for (long d : shape) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new MalformedException("tensor '" + name + "' has invalid shape " + java.util.Arrays.toString(shape));
            }
            numel = d == 0 || numel <= StridedView.MAX_ELEMENTS / d ? numel * d : StridedView.MAX_ELEMENTS + 1;
        }
        if (numel > StridedView.MAX_ELEMENTS || numel * type.bytes != offsets[1] - offsets[0]) {
            throw new MalformedException("tensor '" + name + "' of shape " + java.util.Arrays.toString(shape) + " and dtype " + dtype
                    + " does not match its " + (offsets[1] - offsets[0]) + " data bytes");
        }
        if (!type.isFloat && shape.length != 0) {
            throw new MalformedException("tensor '" + name + "' is an " + dtype + " tensor of shape " + java.util.Arrays.toString(shape)
                    + "; only integer scalars (such as num_batches_tracked) are supported");
        }
        return new Stored(name, type, shape, offsets[0], offsets[1]);
    }

    private static long[] longs(Object value, String name, String field, int maxLength) {
        if (!(value instanceof List<?> list) || list.size() > maxLength) {
            throw new MalformedException("tensor '" + name + "': " + field + " must be a list of at most " + maxLength + " integers");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw new MalformedException("tensor '" + name + "': " + field + " must hold non-negative integers");
            }
            out[i] = v;
        }
        return out;
    }

    private static void requireStringMap(Object value) {
        if (!(value instanceof Map<?, ?> map) || !map.values().stream().allMatch(String.class::isInstance)) {
            throw new MalformedException(METADATA + " must map strings to strings");
        }
    }

    private static String utf8(MemorySegment bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toArray(ValueLayout.JAVA_BYTE)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException("safetensors header is not valid UTF-8");
        }
    }
}
