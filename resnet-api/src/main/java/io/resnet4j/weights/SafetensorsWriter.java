package io.resnet4j.weights;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes safetensors: header in insertion order (tensors, then counters as I64 scalars), data in the same
 * order, header padded to 8 bytes as the reference writer does. The file appears atomically: it is written to
 * a temporary sibling, forced to disk and renamed over the target, so readers never see half a file.
 */
final class SafetensorsWriter {
    private static final int BUFFER = 1 << 20;

    private SafetensorsWriter() {}

    static void write(Path out, Map<String, Tensor> tensors, Map<String, Long> counters, DType dtype) throws IOException {
        if (dtype == null) {
            throw new ResNet4jException("safetensors dtype must be F32, F16 or BF16, got null");
        }
        byte[] header = header(tensors, counters, dtype);
        Path target = out.toAbsolutePath();
        Path temp = AtomicFiles.createSibling(target);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(header.length);
                flush(channel, buffer);
                writeFully(channel, ByteBuffer.wrap(header));
                for (Tensor t : tensors.values()) {
                    for (float v : t.data()) {
                        if (buffer.remaining() < 4) {
                            flush(channel, buffer);
                        }
                        switch (dtype) {
                            case F32 -> buffer.putFloat(v);
                            case F16 -> buffer.putShort(Float.floatToFloat16(v));
                            case BF16 -> buffer.putShort(toBFloat16(v));
                        }
                    }
                }
                for (long c : counters.values()) {
                    if (buffer.remaining() < 8) {
                        flush(channel, buffer);
                    }
                    buffer.putLong(c);
                }
                flush(channel, buffer);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** float32 → bfloat16 rounding to nearest even, as PyTorch does; NaN stays a (quiet) NaN. */
    static short toBFloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private static byte[] header(Map<String, Tensor> tensors, Map<String, Long> counters, DType dtype) {
        StringBuilder json = new StringBuilder("{\"" + SafetensorsReader.METADATA + "\":{\"format\":\"pt\"}");
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            long bytes = e.getValue().size() * dtype.bytes();
            entry(json, checkName(e.getKey(), names), dtype.name(), e.getValue().shape().toArray(), offset, bytes);
            offset += bytes;
        }
        for (String name : counters.keySet()) {
            entry(json, checkName(name, names), "I64", new int[0], offset, 8);
            offset += 8;
        }
        json.append('}');
        byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) & ~7;
        byte[] header = new byte[padded];
        System.arraycopy(text, 0, header, 0, text.length);
        java.util.Arrays.fill(header, text.length, padded, (byte) ' ');
        return header;
    }

    private static String checkName(String name, Set<String> seen) {
        if (name == null || name.isEmpty() || name.equals(SafetensorsReader.METADATA)) {
            throw new ResNet4jException("cannot write a tensor named '" + name + "' to safetensors");
        }
        if (!seen.add(name)) {
            throw new ResNet4jException("'" + name + "' is both a tensor and a counter");
        }
        return name;
    }

    private static void entry(StringBuilder json, String name, String dtype, int[] shape, long begin, long length) {
        json.append(',');
        quote(json, name);
        json.append(":{\"dtype\":\"").append(dtype).append("\",\"shape\":[");
        for (int i = 0; i < shape.length; i++) {
            json.append(i == 0 ? "" : ",").append(shape[i]);
        }
        json.append("],\"data_offsets\":[").append(begin).append(',').append(begin + length).append("]}");
    }

    private static void quote(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }

    private static void flush(FileChannel channel, ByteBuffer buffer) throws IOException {
        buffer.flip();
        writeFully(channel, buffer);
        buffer.clear();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
