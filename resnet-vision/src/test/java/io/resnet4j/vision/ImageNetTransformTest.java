package io.resnet4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The transform's size arithmetic, against values worked out by hand from torchvision's Python. */
class ImageNetTransformTest {
    private final ImageNetTransform t = ImageNetTransform.IMAGENET;

    @Test
    void shortSideBecomesResizeAndLongSideIsTruncated() {
        assertArrayEquals(new int[] {384, 256}, t.resizedSize(451, 300)); // int(256 * 451 / 300) = int(384.85…)
        assertArrayEquals(new int[] {256, 384}, t.resizedSize(300, 451));
        assertArrayEquals(new int[] {256, 256}, t.resizedSize(1, 1));
        assertArrayEquals(new int[] {64000, 256}, t.resizedSize(1000, 4));
    }

    @Test
    void cropOffsetRoundsHalfToEvenLikePython() {
        assertEquals(0, t.cropOffset(224));
        assertEquals(0, t.cropOffset(225)); // round(0.5) = 0
        assertEquals(1, t.cropOffset(226));
        assertEquals(2, t.cropOffset(227)); // round(1.5) = 2
        assertEquals(2, t.cropOffset(229)); // round(2.5) = 2
        assertEquals(80, t.cropOffset(385)); // round(80.5) = 80
    }

    @Test
    void smallerThanCropIsPaddedAsTorchvisionPads() {
        assertEquals(-32, t.cropOffset(160)); // left padding (224 - 160) // 2
        assertEquals(-1, t.cropOffset(221));  // (224 - 221) // 2 = 1 left, 2 right
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ImageNetTransform(0, 224, new float[3], new float[] {1, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new ImageNetTransform(256, 224, new float[3], new float[] {1, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new ImageNetTransform(256, 224, new float[2], new float[] {1, 1, 1}));
    }
}
