package io.resnet4j.vision;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Decoded pixels turned into 8-bit RGB the way Pillow's {@code convert("RGB")} turns them, reading raw samples and
 * never Java2D's colour management (which would apply ICC profiles and gamma that Pillow ignores):
 * <ul>
 *   <li>grayscale is copied to all three channels; alpha, of any kind, is dropped (not composited);</li>
 *   <li>palette images take the palette's colour, ignoring its transparency;</li>
 *   <li>16-bit samples keep their high byte, except 16-bit grayscale without alpha, which Pillow opens as 32-bit
 *       integers ("I") and clips to 255;</li>
 *   <li>other depths scale as Pillow unpacks them: {@code v * 255 / (2^bits - 1)}, rounded down;</li>
 *   <li>CMYK uses Pillow's {@code cmyk2rgb}: {@code 255 - k - c(255 - k)/255} per channel, rounded as Pillow does.</li>
 * </ul>
 */
final class PilColors {
    private PilColors() {}

    /** The RGB image Pillow would give for pixels decoded into {@code image}. */
    static RgbImage fromBufferedImage(BufferedImage image) {
        return fromBufferedImage(image, !image.getColorModel().hasAlpha());
    }

    /**
     * @param storedAsGray whether the file holds plain greyscale (no alpha channel), which Pillow opens at 16 bits as
     *                     32-bit integers and clips; Java may have added alpha for a {@code tRNS} chunk
     */
    static RgbImage fromBufferedImage(BufferedImage image, boolean storedAsGray) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel palette) {
            return fromPalette(raster, palette);
        }
        int type = cm.getColorSpace().getType();
        return switch (type) {
            case ColorSpace.TYPE_GRAY -> fromGray(raster, storedAsGray);
            case ColorSpace.TYPE_RGB -> fromBands(raster, 0, 1, 2);
            case ColorSpace.TYPE_CMYK -> fromCmyk(raster, false);
            default -> fromJava2d(image); // e.g. a caller's custom colour space: Java2D's sRGB conversion is all we have
        };
    }

    /** Raw JPEG samples (as libjpeg decodes them, before any colour conversion) in Pillow's RGB. */
    static RgbImage fromJpegRaster(Raster raster, JpegHeader header) {
        int bands = raster.getNumBands();
        return switch (bands) {
            case 1 -> fromGray(raster, false);
            case 3 -> header.adobeTransform() == 0 && !header.jfif() ? fromBands(raster, 0, 1, 2) : fromYCbCr(raster);
            case 4 -> fromCmyk(header.adobeTransform() == 2 ? ycckToCmyk(raster) : raster, true);
            default -> throw new IllegalArgumentException("a JPEG with " + bands + " components");
        };
    }

    private static RgbImage fromPalette(Raster raster, IndexColorModel palette) {
        int w = raster.getWidth(), h = raster.getHeight();
        int n = palette.getMapSize();
        byte[] r = new byte[n], g = new byte[n], b = new byte[n];
        palette.getReds(r);
        palette.getGreens(g);
        palette.getBlues(b);
        byte[] out = new byte[3 * w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
                int i = Math.min(row[x], n - 1);
                out[o] = r[i];
                out[o + 1] = g[i];
                out[o + 2] = b[i];
            }
        }
        return new RgbImage(w, h, out);
    }

    /** @param clipSixteen whether 16-bit values clip to 255 (Pillow's "I" mode) rather than keep their high byte */
    private static RgbImage fromGray(Raster raster, boolean clipSixteen) {
        int w = raster.getWidth(), h = raster.getHeight();
        int bits = raster.getSampleModel().getSampleSize(0);
        byte[] out = new byte[3 * w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
                int v = row[x];
                byte g = (byte) (bits == 16 && clipSixteen ? Math.min(v, 255) : to8(v, bits));
                out[o] = g;
                out[o + 1] = g;
                out[o + 2] = g;
            }
        }
        return new RgbImage(w, h, out);
    }

    private static RgbImage fromBands(Raster raster, int red, int green, int blue) {
        int w = raster.getWidth(), h = raster.getHeight();
        if (raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && raster.getDataBuffer() instanceof DataBufferByte buffer
                && buffer.getNumBanks() == 1 && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0) {
            return fromInterleavedBytes(buffer.getData(), sm, w, h, red, green, blue);
        }
        int[] bits = raster.getSampleModel().getSampleSize();
        byte[] out = new byte[3 * w * h];
        int[] row = new int[w];
        int[] bands = {red, green, blue};
        for (int y = 0; y < h; y++) {
            for (int c = 0; c < 3; c++) {
                raster.getSamples(0, y, w, 1, bands[c], row);
                int b = bits[bands[c]];
                for (int x = 0, o = 3 * y * w + c; x < w; x++, o += 3) {
                    out[o] = (byte) to8(row[x], b);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** The common case (JPEG, 8-bit PNG): bytes already interleaved; copy them out without per-sample calls. */
    private static RgbImage fromInterleavedBytes(byte[] data, PixelInterleavedSampleModel sm, int w, int h,
                                                 int red, int green, int blue) {
        int[] offsets = sm.getBandOffsets();
        int ro = offsets[red], go = offsets[green], bo = offsets[blue];
        int step = sm.getPixelStride(), stride = sm.getScanlineStride();
        byte[] out = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0, p = y * stride, o = 3 * y * w; x < w; x++, p += step, o += 3) {
                out[o] = data[p + ro];
                out[o + 1] = data[p + go];
                out[o + 2] = data[p + bo];
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * libjpeg's YCbCr→RGB (jdcolor.c): 16-bit fixed point, {@code R = Y + 1.402 Cr'}, {@code G = Y - 0.34414 Cb'
     * - 0.71414 Cr'}, {@code B = Y + 1.772 Cb'} with {@code Cb' = Cb - 128}, each term rounded as libjpeg's tables
     * round it, then clamped.
     */
    private static RgbImage fromYCbCr(Raster raster) {
        int w = raster.getWidth(), h = raster.getHeight();
        byte[] out = new byte[3 * w * h];
        int[] yy = new int[w], cb = new int[w], cr = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, yy);
            raster.getSamples(0, y, w, 1, 1, cb);
            raster.getSamples(0, y, w, 1, 2, cr);
            for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
                ycc(yy[x], cb[x], cr[x], out, o);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);

    private static int fix(double x) {
        return (int) (x * (1 << SCALE_BITS) + 0.5);
    }

    private static final int CR_R = fix(1.40200), CB_B = fix(1.77200), CR_G = fix(0.71414), CB_G = fix(0.34414);

    private static void ycc(int y, int cb, int cr, byte[] out, int o) {
        int cbc = cb - 128, crc = cr - 128;
        out[o] = clamp(y + ((CR_R * crc + ONE_HALF) >> SCALE_BITS));
        out[o + 1] = clamp(y + ((-CB_G * cbc - CR_G * crc + ONE_HALF) >> SCALE_BITS));
        out[o + 2] = clamp(y + ((CB_B * cbc + ONE_HALF) >> SCALE_BITS));
    }

    /** libjpeg's YCCK→CMYK: the YCbCr part to RGB, then {@code C = 255 - R} …; K passes through. */
    private static Raster ycckToCmyk(Raster raster) {
        int w = raster.getWidth(), h = raster.getHeight();
        java.awt.image.WritableRaster cmyk = Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
        int[] px = new int[4];
        byte[] rgb = new byte[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x, y, px);
                ycc(px[0], px[1], px[2], rgb, 0);
                px[0] = 255 - (rgb[0] & 0xFF);
                px[1] = 255 - (rgb[1] & 0xFF);
                px[2] = 255 - (rgb[2] & 0xFF);
                cmyk.setPixel(x, y, px);
            }
        }
        return cmyk;
    }

    /**
     * Pillow's {@code cmyk2rgb}. @param inverted whether samples are Adobe-style inverted (Pillow reads every CMYK
     * JPEG with raw mode "CMYK;I", assuming Photoshop's convention)
     */
    private static RgbImage fromCmyk(Raster raster, boolean inverted) {
        int w = raster.getWidth(), h = raster.getHeight();
        byte[] out = new byte[3 * w * h];
        int[] px = new int[4 * w];
        int flip = inverted ? 255 : 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, px);
            for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
                int k = px[4 * x + 3] ^ flip;
                int notK = 255 - k;
                for (int c = 0; c < 3; c++) {
                    out[o + c] = clamp(notK - mulDiv255(px[4 * x + c] ^ flip, notK));
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** {@code a * b / 255} rounded, with Pillow's shift trick (MULDIV255). */
    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    private static RgbImage fromJava2d(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        byte[] out = new byte[3 * w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, o = 3 * y * w; x < w; x++, o += 3) {
                out[o] = (byte) (row[x] >> 16);
                out[o + 1] = (byte) (row[x] >> 8);
                out[o + 2] = (byte) row[x];
            }
        }
        return new RgbImage(w, h, out);
    }

    /** A {@code bits}-bit sample as 8 bits: 16-bit keeps the high byte, smaller depths scale up as Pillow unpacks. */
    private static int to8(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        if (bits == 16) {
            return v >> 8;
        }
        int max = (1 << bits) - 1;
        return bits < 8 ? v * 255 / max : (int) ((long) v * 255 / max);
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
