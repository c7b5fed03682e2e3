package io.resnet4j.vision;

/**
 * The EXIF orientation tag (0x0112 in IFD0) and the transposition that undoes it, as Pillow's
 * {@code ImageOps.exif_transpose} applies it.
 */
final class Exif {
    private static final int ORIENTATION_TAG = 0x0112;

    private Exif() {}

    /** The orientation (1–8) in the TIFF structure starting at {@code start}; 1 (as stored) when absent or unreadable. */
    static int orientation(byte[] tiff, int start) {
        if (tiff.length - start < 8) {
            return 1;
        }
        boolean little = tiff[start] == 'I' && tiff[start + 1] == 'I';
        boolean big = tiff[start] == 'M' && tiff[start + 1] == 'M';
        if (!little && !big) {
            return 1;
        }
        long ifd = u32(tiff, start + 4, little);
        if (ifd < 8 || start + ifd + 2 > tiff.length) {
            return 1;
        }
        int p = start + (int) ifd;
        int entries = u16(tiff, p, little);
        for (int i = 0; i < entries; i++) {
            int e = p + 2 + 12 * i;
            if (e + 12 > tiff.length) {
                return 1;
            }
            if (u16(tiff, e, little) == ORIENTATION_TAG) {
                int value = u16(tiff, e + 8, little); // a SHORT, left-justified in the value field
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    /** {@code image} turned upright for an EXIF orientation (2–8); 1 or anything else returns it unchanged. */
    static RgbImage transpose(RgbImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.width(), h = image.height();
        boolean swaps = orientation >= 5;
        int outW = swaps ? h : w, outH = swaps ? w : h;
        byte[] src = image.pixels(), out = new byte[src.length];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                // Source column and row for this output pixel; names after Pillow's Transpose methods.
                int sx, sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }         // FLIP_LEFT_RIGHT
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; } // ROTATE_180
                    case 4 -> { sx = x; sy = h - 1 - y; }         // FLIP_TOP_BOTTOM
                    case 5 -> { sx = y; sy = x; }                 // TRANSPOSE
                    case 6 -> { sx = y; sy = h - 1 - x; }         // ROTATE_270 (clockwise)
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; } // TRANSVERSE
                    default -> { sx = w - 1 - y; sy = x; }        // 8: ROTATE_90 (counter-clockwise)
                }
                System.arraycopy(src, (sy * w + sx) * 3, out, (y * outW + x) * 3, 3);
            }
        }
        return new RgbImage(outW, outH, out);
    }

    private static int u16(byte[] b, int p, boolean little) {
        return little ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 : (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    private static long u32(byte[] b, int p, boolean little) {
        return little
                ? (u16(b, p, true) & 0xFFFFL) | (long) u16(b, p + 2, true) << 16
                : (long) u16(b, p, false) << 16 | (u16(b, p + 2, false) & 0xFFFFL);
    }
}
