package io.resnet4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.resnet4j.ResNet4jException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Decoding bytes held in memory gives exactly what decoding the file gives, for every kind of test image. */
class ImageDecoderBytesTest {
    @Test
    void bytesDecodeAsTheFileDoes() throws Exception {
        for (TorchvisionReference.Row row : TorchvisionReference.rows()) {
            ImageDecoder decoder = new ImageDecoder(row.exifRotate());
            RgbImage fromFile = decoder.read(row.image());
            RgbImage fromBytes = decoder.read(Files.readAllBytes(row.image()), row.name());
            assertEquals(fromFile.width(), fromBytes.width(), row.name());
            assertEquals(fromFile.height(), fromBytes.height(), row.name());
            assertArrayEquals(fromFile.pixels(), fromBytes.pixels(), row.name());
        }
    }

    @Test
    void bytesThatAreNoImageAreRefusedByName() {
        ResNet4jException e = assertThrows(ResNet4jException.class,
                () -> new ImageDecoder(false).read("hello".getBytes(StandardCharsets.UTF_8), "row 17"));
        assertEquals("row 17: not an image in a format resnet4j reads (PNG, JPEG, GIF, BMP, TIFF)", e.getMessage());
    }
}
