package io.resnet4j.tensor;

import io.resnet4j.ResNet4jException;
import io.resnet4j.weights.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (versions 1–3), the array exchange format of the PyTorch world. Reads
 * little-endian float32 and float64 C-order arrays, as float32 tensors or widened to double; writes float32.
 * Anything else is refused with a message naming the file, rather than misread.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int MAX_HEADER = 1 << 16;

    private Npy() {}

    /** An array widened to double (exact for float32 data), e.g. to compare against float64 references. */
    public record Doubles(Shape shape, double[] values) {}

    /** Reads a float32 or float64 array as a float32 tensor (float64 values are rounded). */
    public static Tensor read(Path file) {
        return decode(file, (data, header) -> {
            float[] values = new float[(int) header.shape.size()];
            if (header.itemSize == 4) {
                data.asFloatBuffer().get(values);
            } else {
                var doubles = data.asDoubleBuffer();
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) doubles.get(i);
                }
            }
            return Tensor.wrap(header.shape, values);
        });
    }

    /** Reads a float32 or float64 array widened to double. */
    public static Doubles readDoubles(Path file) {
        return decode(file, (data, header) -> {
            double[] values = new double[(int) header.shape.size()];
            if (header.itemSize == 8) {
                data.asDoubleBuffer().get(values);
            } else {
                var floats = data.asFloatBuffer();
                for (int i = 0; i < values.length; i++) {
                    values[i] = floats.get(i);
                }
            }
            return new Doubles(header.shape, values);
        });
    }

    private record Header(Shape shape, int itemSize) {}

    private interface Decoder<T> {
        T decode(ByteBuffer data, Header header);
    }

    private static <T> T decode(Path file, Decoder<T> decoder) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            if (fileSize < pre.capacity()) {
                throw bad(file, "not a .npy file (only " + fileSize + " bytes)");
            }
            readFully(ch, pre, 0, file);
            for (int i = 0; i < MAGIC.length; i++) {
                if (pre.get(i) != MAGIC[i]) {
                    throw bad(file, "not a .npy file (bad magic)");
                }
            }
            int major = pre.get(6);
            long headerLen;
            int headerStart;
            if (major == 1) {
                headerLen = pre.getShort(8) & 0xFFFF;
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                headerLen = pre.getInt(8) & 0xFFFFFFFFL;
                headerStart = 12;
            } else {
                throw bad(file, "unsupported .npy version " + major);
            }
            if (headerLen > MAX_HEADER || headerStart + headerLen > fileSize) {
                throw bad(file, "header length " + headerLen + " is invalid for a file of " + fileSize + " bytes");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, headerStart, file);
            String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = group(DESCR, header, file, "descr");
            if (!"False".equals(group(FORTRAN, header, file, "fortran_order"))) {
                throw bad(file, "Fortran-order arrays are not supported; save with np.ascontiguousarray");
            }
            Shape shape = parseShape(group(SHAPE, header, file, "shape"), file);
            int itemSize = switch (descr) {
                case "<f4" -> 4;
                case "<f8" -> 8;
                default -> throw bad(file, "dtype '" + descr + "' is not supported; expected float32 ('<f4') or float64 ('<f8')");
            };
            long dataStart = headerStart + headerLen;
            if (shape.size() > Integer.MAX_VALUE - 8) {
                throw bad(file, "array of shape " + shape + " is too large");
            }
            long expected = shape.size() * itemSize;
            if (fileSize - dataStart != expected) {
                throw bad(file, "shape " + shape + " needs " + expected + " data bytes, file has " + (fileSize - dataStart));
            }
            ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, dataStart, expected).order(ByteOrder.LITTLE_ENDIAN);
            return decoder.decode(data, new Header(shape, itemSize));
        } catch (NoSuchFileException e) {
            throw new ResNet4jException(file + ": no such file");
        } catch (IOException e) {
            throw new ResNet4jException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Writes {@code tensor} as float32; the file appears whole or not at all. */
    public static void write(Path file, Tensor tensor) {
        StringBuilder shape = new StringBuilder();
        for (int d : tensor.shape().toArray()) {
            shape.append(d).append(", ");
        }
        if (tensor.rank() > 1) {
            shape.setLength(shape.length() - 1);
            shape.setLength(shape.length() - 1);
        }
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }");
        // Pad so that the data starts on a 64-byte boundary, ending the header with a newline.
        int total = 10 + header.length() + 1;
        header.append(" ".repeat((64 - total % 64) % 64)).append('\n');
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 4 * tensor.data().length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        buf.asFloatBuffer().put(tensor.data());
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ResNet4jException(file + ": cannot write: directory " + dir + " does not exist");
        }
        Path tmp = null;
        try {
            tmp = AtomicFiles.createSibling(file);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(buf.array());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ResNet4jException(file + ": cannot write: " + e, e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the temporary name starts with a dot and ends in .tmp
            }
        }
    }

    private static Shape parseShape(String text, Path file) {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                try {
                    dims.add(Integer.parseInt(part.trim().replace("L", "")));
                } catch (NumberFormatException e) {
                    throw bad(file, "bad shape (" + text + ")");
                }
            }
        }
        int[] d = dims.stream().mapToInt(Integer::intValue).toArray();
        for (int x : d) {
            if (x < 0) {
                throw bad(file, "bad shape (" + text + ")");
            }
        }
        return Shape.of(d);
    }

    private static String group(Pattern p, String header, Path file, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw bad(file, "header has no valid '" + key + "'");
        }
        return m.group(1);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw bad(file, "truncated .npy file");
            }
        }
    }

    private static ResNet4jException bad(Path file, String what) {
        return new ResNet4jException(file + ": " + what);
    }
}
