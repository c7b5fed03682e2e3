package io.resnet4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.tensor.Npy;
import io.resnet4j.tensor.Tensor;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Stream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * resnet4j's decode + transform against {@code Image.open(f).convert("RGB")} and torchvision's
 * {@code Compose([Resize, CenterCrop, ToTensor, Normalize])}: for every lossless format the tensors must be equal
 * (|difference| ≤ 1e-6); for JPEG, where Java's decoder (IJG libjpeg 6b) and Pillow's (libjpeg-turbo) may differ,
 * the decoded pixels must stay within {@link #JPEG_GREY_LEVELS}, and the difference is printed.
 */
class TorchvisionParityTest {
    static final double EXACT = 1e-6;
    /** Largest accepted per-channel difference of a decoded JPEG pixel, in grey levels (0–255). */
    static final double JPEG_GREY_LEVELS = 2;

    private static double worstLossless;
    private static int lossless;

    @AfterAll
    static void report() {
        System.out.printf(Locale.ROOT, "lossless images: %d, max |difference| from torchvision's tensor %.3g%n",
                lossless, worstLossless);
    }

    @TestFactory
    Stream<DynamicTest> everyImageMatchesTorchvision() throws IOException {
        return TorchvisionReference.rows().stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
            RgbImage rgb = new ImageDecoder(row.exifRotate()).read(row.image());
            Tensor ours = row.transform().apply(rgb);
            Tensor theirs = Npy.read(row.tensor());
            assertArrayEquals(theirs.shape().toArray(), ours.shape().toArray(), row.name() + ": shape");
            double diff = ours.maxAbsDiff(theirs);
            if (!row.jpeg()) {
                assertTrue(diff <= EXACT, row.name() + ": max |difference| " + diff + " > " + EXACT);
                synchronized (TorchvisionParityTest.class) {
                    worstLossless = Math.max(worstLossless, diff);
                    lossless++;
                }
                return;
            }
            Tensor pil = Npy.read(row.decodedRgb());
            assertArrayEquals(new int[] {rgb.height(), rgb.width(), 3}, pil.shape().toArray(), row.name() + ": size");
            double grey = 0;
            float[] p = pil.data();
            byte[] q = rgb.pixels();
            for (int i = 0; i < q.length; i++) {
                grey = Math.max(grey, Math.abs((q[i] & 0xFF) - p[i]));
            }
            System.out.printf(Locale.ROOT, "JPEG %s: decoded max |difference| %.0f grey levels; tensor max |difference| %.3g%n",
                    row.name(), grey, diff);
            assertTrue(grey <= JPEG_GREY_LEVELS, row.name() + ": decoded pixels differ by " + grey + " grey levels");
        }));
    }

    /**
     * Negative control: the reference tells a merely plausible resize from Pillow's. Java2D's bilinear (no
     * antialiasing when shrinking) followed by the same crop and normalisation is far from torchvision's tensor.
     */
    @Test
    void javaTwoDimensionalBilinearIsNotTorchvisionsResize() throws IOException {
        TorchvisionReference.Row row = TorchvisionReference.rows().stream()
                .filter(r -> r.name().equals("photo.png")).findFirst().orElseThrow();
        RgbImage rgb = new ImageDecoder(false).read(row.image());
        int[] size = row.transform().resizedSize(rgb.width(), rgb.height());
        BufferedImage source = new BufferedImage(rgb.width(), rgb.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rgb.height(); y++) {
            for (int x = 0; x < rgb.width(); x++) {
                source.setRGB(x, y, rgb.get(x, y, 0) << 16 | rgb.get(x, y, 1) << 8 | rgb.get(x, y, 2));
            }
        }
        BufferedImage resized = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, size[0], size[1], null);
        g.dispose();
        // Resize(256) of an image already 256 on its short side is the identity, so only the crop remains.
        Tensor plausible = row.transform().apply(ImageDecoder.toRgb(resized));
        double diff = plausible.maxAbsDiff(Npy.read(row.tensor()));
        System.out.printf(Locale.ROOT, "negative control: Java2D bilinear differs from torchvision by %.3g%n", diff);
        assertTrue(diff > 0.05, "Java2D's bilinear should not pass for Pillow's: max |difference| " + diff);
    }
}
