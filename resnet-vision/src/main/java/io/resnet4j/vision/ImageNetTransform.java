package io.resnet4j.vision;

import io.resnet4j.tensor.Tensor;
import java.util.Arrays;

/**
 * torchvision's evaluation transform, {@code Compose([Resize(resize), CenterCrop(crop), ToTensor(),
 * Normalize(mean, std)])} on a PIL image, reproduced exactly: the same output sizes, Pillow's bilinear resize, the
 * same crop offsets and float32 arithmetic. {@link #IMAGENET} is the transform torchvision's ImageNet checkpoints
 * were evaluated with.
 *
 * @param resize the short side after resizing ({@code Resize(int)}); the long side keeps the aspect ratio
 * @param crop   the side of the square centre crop; smaller images are zero-padded first, as torchvision does
 * @param mean   per-channel mean subtracted after scaling to [0, 1]
 * @param std    per-channel standard deviation divided by
 */
public record ImageNetTransform(int resize, int crop, float[] mean, float[] std) {
    public static final ImageNetTransform IMAGENET = new ImageNetTransform(256, 224,
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    public ImageNetTransform {
        require(resize > 0, "resize must be positive, got " + resize);
        require(crop > 0, "crop must be positive, got " + crop);
        require(mean != null && mean.length == 3, "mean needs 3 values (R, G, B)");
        require(std != null && std.length == 3, "std needs 3 values (R, G, B)");
        for (float s : std) {
            require(s > 0 && Float.isFinite(s), "std values must be positive, got " + Arrays.toString(std));
        }
        for (float m : mean) {
            require(Float.isFinite(m), "mean values must be finite, got " + Arrays.toString(mean));
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** The tensor the model sees: 1×3×crop×crop. */
    public Tensor apply(RgbImage image) {
        float[] data = new float[3 * crop * crop];
        apply(image, data, 0);
        return Tensor.wrap(data, 1, 3, crop, crop);
    }

    /** Writes the 3×crop×crop tensor for {@code image} into {@code dst} from {@code offset} (for batches). */
    public void apply(RgbImage image, float[] dst, int offset) {
        toTensor(resizeAndCrop(image), dst, offset);
    }

    /** {@code CenterCrop(crop)(Resize(resize)(image))}: a crop×crop 8-bit image. */
    public RgbImage resizeAndCrop(RgbImage image) {
        int[] size = resizedSize(image.width(), image.height());
        int width = size[0], height = size[1];
        int left = cropOffset(width), top = cropOffset(height);
        // The part of the crop that overlaps the resized image; the rest is torchvision's zero padding.
        int x0 = Math.max(left, 0), y0 = Math.max(top, 0);
        int w = Math.min(left + crop, width) - x0, h = Math.min(top + crop, height) - y0;
        RgbImage inside = PillowBilinear.resize(image, width, height, x0, y0, w, h);
        if (w == crop && h == crop) {
            return inside;
        }
        byte[] out = new byte[3 * crop * crop];
        for (int y = 0; y < h; y++) {
            System.arraycopy(inside.pixels(), y * w * 3, out, ((y + y0 - top) * crop + (x0 - left)) * 3, w * 3);
        }
        return new RgbImage(crop, crop, out);
    }

    /**
     * torchvision's {@code _compute_resized_output_size} for {@code Resize(int)}: the short side becomes
     * {@code resize}, the long side {@code int(resize * long / short)} (a double division, truncated).
     */
    int[] resizedSize(int width, int height) {
        boolean portrait = width <= height;
        int shortSide = portrait ? width : height, longSide = portrait ? height : width;
        int newLong = (int) ((double) ((long) resize * longSide) / shortSide);
        return portrait ? new int[] {resize, newLong} : new int[] {newLong, resize};
    }

    /**
     * Where the crop starts along an axis of {@code size} pixels, in the resized image's coordinates. Larger:
     * {@code int(round((size - crop) / 2.0))}, Python rounding half to even. Smaller: minus torchvision's left/top
     * padding, {@code (crop - size) // 2}.
     */
    int cropOffset(int size) {
        if (size < crop) {
            return -((crop - size) / 2);
        }
        int excess = size - crop;
        int half = excess / 2;
        return excess % 2 == 0 || half % 2 == 0 ? half : half + 1;
    }

    /** {@code ToTensor()} then {@code Normalize(mean, std)}, in float32 like torch: {@code (v / 255 - mean) / std}. */
    private void toTensor(RgbImage image, float[] dst, int offset) {
        byte[] px = image.pixels();
        int plane = image.width() * image.height();
        for (int c = 0; c < 3; c++) {
            float m = mean[c], s = std[c];
            int base = offset + c * plane;
            for (int i = 0; i < plane; i++) {
                float v = (px[i * 3 + c] & 0xFF) / 255f;
                dst[base + i] = (v - m) / s;
            }
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageNetTransform t && resize == t.resize && crop == t.crop
                && Arrays.equals(mean, t.mean) && Arrays.equals(std, t.std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * resize + crop) + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Resize(" + resize + ") CenterCrop(" + crop + ") Normalize(mean=" + Arrays.toString(mean)
                + ", std=" + Arrays.toString(std) + ")";
    }
}
