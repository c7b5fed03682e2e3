package io.resnet4j.vision;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What Pillow reads from a PNG's chunks before the pixels and Java's reader does not pass on: the colour type as
 * stored (Java turns greyscale with a {@code tRNS} chunk into grey + alpha; Pillow keeps it greyscale, which matters
 * at 16 bits) and the EXIF orientation in an {@code eXIf} chunk (PNG 1.5, read by Pillow's {@code getexif()}).
 */
record PngHeader(int colorType, int orientation) {
    static final int GRAY = 0;

    static PngHeader read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        in.skipNBytes(8); // signature, checked by the PNG reader
        int colorType = -1;
        while (true) {
            int length = in.readInt();
            int type = in.readInt();
            if (length < 0 || type == 0x49444154 || type == 0x49454E44) { // IDAT or IEND: no more header chunks
                return new PngHeader(colorType, 1);
            }
            if (type == 0x49484452 && length >= 13) { // IHDR: width, height, bit depth, colour type, …
                byte[] ihdr = in.readNBytes(length);
                colorType = ihdr[9] & 0xFF;
                in.skipNBytes(4);
            } else if (type == 0x65584966) { // eXIf
                return new PngHeader(colorType, Exif.orientation(in.readNBytes(length), 0));
            } else {
                in.skipNBytes(length + 4L); // data and CRC
            }
        }
    }
}
