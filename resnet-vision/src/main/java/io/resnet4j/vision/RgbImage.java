package io.resnet4j.vision;

import java.util.Objects;

/**
 * An 8-bit RGB image, pixels interleaved row by row ({@code R G B R G B …}): what Pillow holds after
 * {@code convert("RGB")}, and what every later step of the transform works on.
 */
public record RgbImage(int width, int height, byte[] pixels) {
    public RgbImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "×" + height);
        }
        if (pixels.length != 3L * width * height) {
            throw new IllegalArgumentException("a " + width + "×" + height + " RGB image needs " + 3L * width * height
                    + " bytes, got " + pixels.length);
        }
    }

    /** The channel value (0–255) at column {@code x}, row {@code y}; {@code c}: 0 red, 1 green, 2 blue. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }
}
