package io.resnet4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not images, or not whole ones, are refused with one line naming the file. */
class ImageDecoderBadInputTest {
    @TempDir
    Path dir;

    private final ImageDecoder decoder = new ImageDecoder(false);

    private String refusal(Path file) {
        ResNet4jException e = assertThrows(ResNet4jException.class, () -> decoder.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void missingFile() {
        assertTrue(refusal(dir.resolve("nope.png")).endsWith("no such file"));
    }

    @Test
    void directory() {
        assertTrue(refusal(dir).contains("is a directory"));
    }

    @Test
    void textFileNamedJpg() throws Exception {
        Path f = Files.writeString(dir.resolve("notes.jpg"), "these are not pixels\n");
        assertTrue(refusal(f).contains("not an image"));
    }

    @Test
    void truncatedPng() throws Exception {
        byte[] png = png(new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB), "png");
        Path f = Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        assertTrue(refusal(f).contains("cannot decode PNG: image file is truncated"));
        Path header = Files.write(dir.resolve("header.png"), Arrays.copyOf(png, 40)); // ends inside the chunks before the pixels
        assertTrue(refusal(header).contains("image file is truncated"), refusal(header));
    }

    @Test
    void truncatedJpeg() throws Exception {
        BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                image.setRGB(x, y, x * 7919 ^ y * 104729);
            }
        }
        byte[] jpg = png(image, "jpg");
        Path f = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpg, jpg.length / 2));
        assertTrue(refusal(f).contains("truncated"));
    }

    /** A 20000×20000 PNG header with no pixel data: refused from the header, without allocating 1.2 GB. */
    @Test
    void hugePngHeaderIsRefusedBeforeDecoding() throws Exception {
        Path f = Files.write(dir.resolve("bomb.png"), pngHeaderOnly(20000, 20000));
        String message = refusal(f);
        assertTrue(message.contains("400,000,000 pixels, more than the limit of 178,956,970"), message);
    }

    @Test
    void onePixelImageIsAnImage() throws Exception {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xC81E5A);
        Path f = Files.write(dir.resolve("one.png"), png(image, "png"));
        RgbImage rgb = decoder.read(f);
        assertEquals(200, rgb.get(0, 0, 0));
        assertEquals(30, rgb.get(0, 0, 1));
        assertEquals(90, rgb.get(0, 0, 2));
    }

    private static byte[] png(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out));
        return out.toByteArray();
    }

    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes()).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        chunk(b, ihdr.array());
        chunk(b, "IEND".getBytes());
        return b.array();
    }

    private static void chunk(ByteBuffer b, byte[] typeAndData) {
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        b.putInt(typeAndData.length - 4).put(typeAndData).putInt((int) crc.getValue());
    }
}
