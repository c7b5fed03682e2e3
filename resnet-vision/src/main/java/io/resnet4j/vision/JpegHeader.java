package io.resnet4j.vision;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a JPEG's markers before the first scan say about its colours and orientation: the number of components,
 * the Adobe APP14 transform flag (which says whether 3 or 4 components are YCbCr/YCCK or stored as is), whether a
 * JFIF APP0 is present, and the EXIF orientation in APP1. Only marker segments are read, never scan data.
 */
record JpegHeader(int components, int adobeTransform, boolean jfif, int orientation) {
    /** No APP14 segment. */
    static final int NO_ADOBE = -1;

    static JpegHeader read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != 0xD8) {
            throw new IOException("not a JPEG (no SOI marker)");
        }
        int components = 0, adobe = NO_ADOBE, orientation = 1;
        boolean jfif = false;
        while (true) {
            int marker = nextMarker(in);
            if (marker == 0xDA || marker == 0xD9) { // start of scan or end of image: no more header
                return new JpegHeader(components, adobe, jfif, orientation);
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // markers without a length
            }
            int length = in.readUnsignedShort() - 2;
            if (length < 0) {
                throw new IOException("bad JPEG marker segment length");
            }
            byte[] segment = in.readNBytes(length);
            if (segment.length < length) {
                throw new EOFException("JPEG ends inside a marker segment");
            }
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame && segment.length >= 6) {
                components = segment[5] & 0xFF;
            } else if (marker == 0xEE && startsWith(segment, "Adobe") && segment.length >= 12) {
                adobe = segment[11] & 0xFF;
            } else if (marker == 0xE0 && startsWith(segment, "JFIF\0")) {
                jfif = true;
            } else if (marker == 0xE1 && startsWith(segment, "Exif\0\0")) {
                orientation = Exif.orientation(segment, 6);
            }
        }
    }

    private static int nextMarker(DataInputStream in) throws IOException {
        int b = in.readUnsignedByte();
        while (b != 0xFF) { // skip stray bytes between segments, as libjpeg does (with a warning)
            b = in.readUnsignedByte();
        }
        while (b == 0xFF) { // fill bytes
            b = in.readUnsignedByte();
        }
        return b;
    }

    private static boolean startsWith(byte[] segment, String prefix) {
        if (segment.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (segment[i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
