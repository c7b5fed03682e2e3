package io.resnet4j.models.parity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (format versions 1 to 3) holding little-endian float32 ({@code <f4}) or float64
 * ({@code <f8}) arrays in C order: exactly what {@code numpy.save} writes for the golden data. Anything else is
 * refused with a message naming the file, rather than misread.
 */
final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {}

    static NpyArray read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    static NpyArray parse(byte[] bytes, String source) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !ByteBuffer.wrap(bytes, 0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
            throw new IOException(source + ": not a .npy file (bad magic)");
        }
        int major = bytes[6];
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(buf.getShort(8));
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLength = buf.getInt(8);
            headerStart = 12;
        } else {
            throw new IOException(source + ": unsupported .npy version " + major);
        }
        if (headerLength < 0 || headerStart + headerLength > bytes.length) {
            throw new IOException(source + ": header runs past the end of the file");
        }
        // Version 3 headers are UTF-8; versions 1 and 2 are Latin-1, a subset for the keys read here.
        String header = new String(bytes, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = field(DESCR, header, "descr", source);
        if (!"False".equals(field(FORTRAN, header, "fortran_order", source))) {
            throw new IOException(source + ": Fortran-order arrays are not supported");
        }
        int[] shape = parseShape(field(SHAPE, header, "shape", source), source);
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        int itemSize = switch (descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw new IOException(source + ": dtype '" + descr + "' is not little-endian float32/float64");
        };
        int dataStart = headerStart + headerLength;
        if (count * itemSize != bytes.length - dataStart) {
            throw new IOException(source + ": shape needs " + count * itemSize + " bytes of data, file has "
                    + (bytes.length - dataStart));
        }
        double[] values = new double[(int) count];
        buf.position(dataStart);
        for (int i = 0; i < values.length; i++) {
            values[i] = itemSize == 4 ? buf.getFloat() : buf.getDouble();
        }
        return new NpyArray(shape, values);
    }

    private static String field(Pattern pattern, String header, String key, String source) throws IOException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IOException(source + ": header has no '" + key + "': " + header.strip());
        }
        return m.group(1);
    }

    private static int[] parseShape(String tuple, String source) throws IOException {
        String body = tuple.strip();
        if (body.isEmpty()) {
            return new int[0];
        }
        String[] parts = body.split(",");
        int n = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length; // "(5,)" is one dimension
        int[] shape = new int[n];
        for (int i = 0; i < n; i++) {
            try {
                shape[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IOException(source + ": bad shape (" + tuple + ")");
            }
            if (shape[i] < 0) {
                throw new IOException(source + ": negative dimension in shape (" + tuple + ")");
            }
        }
        return shape;
    }
}
