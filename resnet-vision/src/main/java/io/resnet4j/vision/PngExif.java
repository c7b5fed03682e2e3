package io.resnet4j.vision;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The EXIF orientation stored in a PNG's {@code eXIf} chunk (PNG 1.5), which Pillow's {@code getexif()} reads too. */
final class PngExif {
    private PngExif() {}

    /** 1 when there is no {@code eXIf} chunk before the image data. */
    static int orientation(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        in.skipNBytes(8); // signature, checked by the PNG reader
        while (true) {
            int length = in.readInt();
            int type = in.readInt();
            if (type == 0x65584966) { // "eXIf"
                byte[] data = in.readNBytes(length);
                return Exif.orientation(data, 0);
            }
            if (type == 0x49444154 || type == 0x49454E44 || length < 0) { // IDAT or IEND: no eXIf before the pixels
                return 1;
            }
            in.skipNBytes(length + 4L); // data and CRC
        }
    }
}
