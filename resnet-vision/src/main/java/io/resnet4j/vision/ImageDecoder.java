package io.resnet4j.vision;

import io.resnet4j.ResNet4jException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads an image file as {@code PIL.Image.open(f).convert("RGB")} sees it: PNG (any bit depth, palette,
 * transparency), JPEG (baseline, progressive, grayscale, CMYK/YCCK), GIF (first frame), BMP, and whatever else Java's
 * ImageIO reads. EXIF orientation is ignored unless {@code exifRotate}, as torchvision ignores it.
 *
 * <p>Size is checked from the header before any pixel memory is allocated: more than {@link #MAX_PIXELS} pixels is
 * refused, the limit at which Pillow raises {@code DecompressionBombError}. Thread-safe.
 */
public final class ImageDecoder {
    /** Pillow's decompression-bomb limit, {@code 2 * Image.MAX_IMAGE_PIXELS}: 178,956,970 pixels (about 13378²). */
    public static final long MAX_PIXELS = 2L * (1024 * 1024 * 1024 / 4 / 3);

    private final boolean exifRotate;

    public ImageDecoder(boolean exifRotate) {
        this.exifRotate = exifRotate;
    }

    /** Decodes {@code file}; any failure is a {@link ResNet4jException} whose message starts with the file name. */
    public RgbImage read(Path file) {
        if (Files.isDirectory(file)) {
            throw new ResNet4jException(file + ": is a directory, not an image");
        }
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            return decode(file.toString(), in, () -> Files.newInputStream(file));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new ResNet4jException(file + ": " + (Files.exists(file) ? "cannot open: " + e.getMessage() : "no such file"), e);
        } catch (IOException e) {
            throw new ResNet4jException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes an encoded image held in memory (e.g. a file's bytes from a data set); {@code name} names it in error
     * messages.
     */
    public RgbImage read(byte[] encoded, String name) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            return decode(name, in, () -> new ByteArrayInputStream(encoded));
        } catch (IOException e) {
            throw new ResNet4jException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Opens the encoded bytes again from the start, for the header parsers. */
    private interface Reopen {
        InputStream open() throws IOException;
    }

    private RgbImage decode(String name, ImageInputStream in, Reopen bytes) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ResNet4jException(name + ": not an image in a format resnet4j reads (PNG, JPEG, GIF, BMP, TIFF)");
        }
        ImageReader reader = readers.next();
        try {
            return decode(name, in, bytes, reader);
        } finally {
            reader.dispose();
        }
    }

    private RgbImage decode(String name, ImageInputStream in, Reopen bytes, ImageReader reader) {
        String format = reader.getOriginatingProvider() == null ? "image"
                : reader.getOriginatingProvider().getFormatNames()[0].toUpperCase(Locale.ROOT);
        try {
            boolean gif = format.equals("GIF");
            reader.setInput(in, true, !gif); // GIF: the metadata says where the first frame sits on the screen
            requireSize(name, reader.getWidth(0), reader.getHeight(0));
            reader.addIIOReadWarningListener(TRUNCATION_IS_AN_ERROR);
            int orientation = 1;
            RgbImage rgb;
            if (format.equals("JPEG")) {
                JpegHeader header;
                try (InputStream head = bytes.open()) {
                    header = JpegHeader.read(head);
                }
                // readRaster: the samples as libjpeg decodes them, before Java applies any embedded ICC profile.
                Raster raster = reader.readRaster(0, null);
                rgb = PilColors.fromJpegRaster(raster, header);
                orientation = header.orientation();
            } else {
                BufferedImage image = reader.read(0);
                if (format.equals("PNG")) {
                    PngHeader png;
                    try (InputStream head = bytes.open()) {
                        png = PngHeader.read(head);
                    }
                    rgb = PilColors.fromBufferedImage(image, png.colorType() == PngHeader.GRAY);
                    orientation = png.orientation();
                } else {
                    rgb = gif ? GifScreen.firstFrame(name, reader, image) : PilColors.fromBufferedImage(image);
                }
            }
            return exifRotate ? Exif.transpose(rgb, orientation) : rgb;
        } catch (ResNet4jException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Java's decoders report damage in many ways (IIOException, EOFException, array index errors on
            // malformed headers); all mean the same to the user.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Throwable cause = e.getCause();
            if (cause != null && cause.getMessage() != null && !why.contains(cause.getMessage())) {
                why += " (" + cause.getMessage() + ")";
            }
            if (endsEarly(e)) {
                why = "image file is truncated: " + why;
            }
            throw new ResNet4jException(name + ": cannot decode " + format + ": " + why, e);
        }
    }

    /**
     * An in-memory image as Pillow would hold it after {@code convert("RGB")}: raw samples, alpha dropped, no colour
     * management. Images in an unusual colour space fall back to Java2D's conversion to sRGB.
     */
    public static RgbImage toRgb(BufferedImage image) {
        requireSize("image", image.getWidth(), image.getHeight());
        return PilColors.fromBufferedImage(image);
    }

    /** Whether the decoder ran out of bytes, whatever words it used for it. */
    private static boolean endsEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof java.io.EOFException || m.contains("unexpected end")) {
                return true;
            }
        }
        return false;
    }

    /** Refuses empty and too-large images before allocating their pixels. */
    static void requireSize(String file, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new ResNet4jException(file + ": image has no pixels (" + width + "×" + height + ")");
        }
        long pixels = (long) width * height;
        if (pixels > MAX_PIXELS) {
            throw new ResNet4jException(String.format(Locale.ROOT,
                    "%s: %d×%d is %,d pixels, more than the limit of %,d (Pillow's decompression-bomb limit); not decoded",
                    file, width, height, pixels, MAX_PIXELS));
        }
    }

    /**
     * Java's JPEG reader fills a truncated file with grey and only warns; Pillow refuses it ("image file is
     * truncated"), and so do we.
     */
    private static final IIOReadWarningListener TRUNCATION_IS_AN_ERROR = (source, warning) -> {
        if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
            throw new TruncatedImageException(warning);
        }
    };

    private static final class TruncatedImageException extends RuntimeException {
        TruncatedImageException(String message) {
            super("image file is truncated (" + message + ")");
        }
    }
}
