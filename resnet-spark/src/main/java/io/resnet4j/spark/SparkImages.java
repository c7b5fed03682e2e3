package io.resnet4j.spark;

import io.resnet4j.ResNet4jException;
import io.resnet4j.vision.RgbImage;
import org.apache.spark.sql.Row;

/** Spark's image struct ({@code format("image")}: OpenCV's layout, BGR or BGRA or grey bytes) as an RGB image. */
final class SparkImages {
    private SparkImages() {}

    /**
     * The RGB image of an image row; a row Spark could not decode (its size is -1) or an inconsistent one is a
     * {@link ResNet4jException} naming {@code name}. Grey is replicated to R, G and B; alpha is dropped, as Pillow's
     * {@code convert("RGB")} does.
     */
    static RgbImage toRgb(Row image, String name) {
        int height = image.getInt(image.fieldIndex("height"));
        int width = image.getInt(image.fieldIndex("width"));
        int channels = image.getInt(image.fieldIndex("nChannels"));
        int dataField = image.fieldIndex("data");
        byte[] data = image.isNullAt(dataField) ? new byte[0] : (byte[]) image.get(dataField);
        if (height <= 0 || width <= 0 || data.length == 0) {
            throw new ResNet4jException(name + ": Spark's image source could not decode it (" + width + "×" + height + ")");
        }
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new ResNet4jException(name + ": " + channels + " channels; 1 (grey), 3 (BGR) or 4 (BGRA) expected");
        }
        long pixels = (long) width * height;
        if (data.length != pixels * channels) {
            throw new ResNet4jException(name + ": " + width + "×" + height + "×" + channels + " needs " + pixels * channels
                    + " bytes, the row holds " + data.length);
        }
        byte[] rgb = new byte[Math.toIntExact(3 * pixels)];
        for (int p = 0, s = 0, d = 0; p < pixels; p++, s += channels, d += 3) {
            if (channels == 1) {
                rgb[d] = rgb[d + 1] = rgb[d + 2] = data[s];
            } else { // OpenCV order: blue, green, red (, alpha)
                rgb[d] = data[s + 2];
                rgb[d + 1] = data[s + 1];
                rgb[d + 2] = data[s];
            }
        }
        return new RgbImage(width, height, rgb);
    }
}
