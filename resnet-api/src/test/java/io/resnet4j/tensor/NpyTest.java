package io.resnet4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    /** A file laid out by hand as numpy 1.24 writes np.arange(6, dtype='<f8').reshape(2, 3). */
    private static byte[] numpyFloat64() {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        header = header + " ".repeat(128 - 10 - header.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(128 + 48).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 6; i++) {
            b.putDouble(i);
        }
        return b.array();
    }

    @Test
    void readsFloat64AsFloat32() throws IOException {
        Path f = dir.resolve("a.npy");
        Files.write(f, numpyFloat64());
        Tensor t = Npy.read(f);
        assertEquals(Shape.of(2, 3), t.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, t.data());
    }

    @Test
    void readsFloat64AsDoublesExactly() throws IOException {
        Path f = dir.resolve("a.npy");
        Files.write(f, numpyFloat64());
        Npy.Doubles d = Npy.readDoubles(f);
        assertEquals(Shape.of(2, 3), d.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, d.values());
    }

    @Test
    void version2HeaderAndOneDimensionalShape() throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }\n";
        ByteBuffer b = ByteBuffer.allocate(12 + header.length() + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).putFloat(0.1f).putFloat(-2.5f).putFloat(1e-30f);
        Path f = dir.resolve("v2.npy");
        Files.write(f, b.array());
        assertArrayEquals(new float[] {0.1f, -2.5f, 1e-30f}, Npy.read(f).data());
        assertArrayEquals(new double[] {0.1f, -2.5f, 1e-30f}, Npy.readDoubles(f).values());
    }

    @Test
    void bigEndianAndTinyFilesAreRefused() throws IOException {
        Path f = dir.resolve("e.npy");
        Files.write(f, new String(numpyFloat64(), StandardCharsets.ISO_8859_1).replace("<f8", ">f8").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(ResNet4jException.class, () -> Npy.read(f)).getMessage().startsWith(f + ": dtype '>f8'"));
        Files.write(f, new byte[] {1, 2, 3});
        assertTrue(assertThrows(ResNet4jException.class, () -> Npy.read(f)).getMessage().contains("not a .npy file"));
    }

    @Test
    void writeThenReadRoundTripsAndAlignsData() throws IOException {
        Tensor t = Tensor.wrap(new float[] {1.5f, -2f, Float.MIN_VALUE, 3e38f}, 2, 2, 1);
        Path f = dir.resolve("b.npy");
        Npy.write(f, t);
        assertEquals(0, (Files.size(f) - 16) % 64, "header padded to 64 bytes");
        assertArrayEquals(t.data(), Npy.read(f).data());
        assertEquals(t.shape(), Npy.read(f).shape());
    }

    @Test
    void truncatedDataIsRefusedWithSizes() throws IOException {
        byte[] full = numpyFloat64();
        Path f = dir.resolve("c.npy");
        Files.write(f, java.util.Arrays.copyOf(full, full.length - 8));
        ResNet4jException e = assertThrows(ResNet4jException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("needs 48 data bytes, file has 40"), e.getMessage());
    }

    @Test
    void unsupportedDtypeAndFortranOrderAreRefused() throws IOException {
        Path f = dir.resolve("d.npy");
        Files.write(f, new String(numpyFloat64(), StandardCharsets.ISO_8859_1).replace("<f8", "<i8").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(ResNet4jException.class, () -> Npy.read(f)).getMessage().contains("'<i8' is not supported"));
        Files.write(f, new String(numpyFloat64(), StandardCharsets.ISO_8859_1).replace("False", "True ").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(ResNet4jException.class, () -> Npy.read(f)).getMessage().contains("Fortran"));
    }
}
