package io.resnet4j.models.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The test-only .npy reader, on files laid out by hand from NumPy's format description. */
class NpyReaderTest {

    /** A .npy file: magic, version, header length (2 bytes for v1, 4 for v2), header, then {@code data}. */
    private static byte[] npy(int version, String header, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer len = ByteBuffer.allocate(version == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (version == 1) {
            len.putShort((short) h.length);
        } else {
            len.putInt(h.length);
        }
        out.writeBytes(len.array());
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    @Test
    void readsFloat32InCOrder() throws IOException {
        NpyArray a = NpyReader.parse(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                floats(1, 2, 3, 4, 5, -0.1f)), "t");
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, -0.1f}, a.values());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, -0.1f}, a.toTensor().data());
    }

    @Test
    void readsFloat64WithVersion2HeaderAndOneDimensionalShape() throws IOException {
        NpyArray a = NpyReader.parse(npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
                doubles(0.1, -2.5, 1e-300)), "t");
        assertArrayEquals(new int[] {3}, a.shape());
        assertArrayEquals(new double[] {0.1, -2.5, 1e-300}, a.values());
    }

    @Test
    void refusesWhatItWouldMisread() {
        String[] bad = {
            "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",   // big-endian
            "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }",   // not a float
            "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }",    // column-major
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",   // data too short
        };
        for (String header : bad) {
            IOException e = assertThrows(IOException.class, () -> NpyReader.parse(npy(1, header, floats(1, 2)), "x.npy"));
            assertTrue(e.getMessage().startsWith("x.npy: "), e.getMessage());
        }
        assertThrows(IOException.class, () -> NpyReader.parse("not numpy at all".getBytes(StandardCharsets.US_ASCII), "x"));
    }
}
