package io.resnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.resnet4j.tensor.Npy;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.vision.ImageDecoder;
import io.resnet4j.vision.ImageNetTransform;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code classify} and {@code preprocess} as a user runs them: output, stderr lines, exit codes, files left behind.
 * A small crop keeps the model cheap; the images' classes are meaningless without weights, which is not tested here
 * (resnet-vision's parity tests hold the numbers to torchvision's).
 */
class ClassifyCommandTest {
    private static final Path DEMO = Path.of(System.getProperty("resnet4j.repo.root", ".."), "examples/images/chelsea.png");
    private static final String[] SMALL = {"--arch", "resnet18", "--resize", "72", "--crop", "64"};

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static String[] small(String... more) {
        return Stream.concat(Stream.concat(Stream.of("classify"), Arrays.stream(SMALL)), Arrays.stream(more))
                .toArray(String[]::new);
    }

    private Path image(String name, int w, int h, int seed) throws Exception {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x * 31 + y * 17 + seed * 1000003) * 2654435761L > 0 ? 0x102030 * seed : 0xFFEEDD);
            }
        }
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        ImageIO.write(image, name.substring(name.lastIndexOf('.') + 1), f.toFile());
        return f;
    }

    @Test
    void classifiesTheDemoPhotoAndWarnsThatSeededClassesAreMeaningless() {
        Result r = run(small(DEMO.toString()));
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        assertEquals(DEMO.toString(), lines.get(0));
        assertTrue(lines.get(1).matches(" +\\d+\\.\\d{3}% +\\d+  \\S.*"), lines.get(1));
        assertEquals(1, r.errLines().stream().filter(l -> l.contains("classes are meaningless")).count(), r.err());
    }

    @Test
    void aFolderWithBrokenFilesReportsEachInOneLineAndExitsOne() throws Exception {
        Path a = image("b/second.png", 50, 40, 1);
        Path b = image("a.png", 40, 50, 2);
        byte[] png = Files.readAllBytes(a);
        Path truncated = Files.write(dir.resolve("b/truncated.png"), Arrays.copyOf(png, png.length / 2));
        Path fake = Files.writeString(dir.resolve("fake.jpg"), "not a jpeg\n");
        Files.writeString(dir.resolve("notes.txt"), "ignored: not an image name\n");
        Result r = run(small("--format", "csv", "--top", "2", dir.toString()));
        assertEquals(1, r.code(), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals("file,rank,index,label,probability", out.getFirst());
        assertEquals(5, out.size(), r.out());
        // Sorted path order, stable from run to run.
        assertTrue(out.get(1).startsWith(b + ",1,") && out.get(3).startsWith(a + ",1,"), r.out());
        assertEquals(1, r.errLines().stream().filter(l -> l.equals("resnet4j: " + truncated
                + ": cannot decode PNG: image file is truncated: Error reading PNG image data (Unexpected end of ZLIB input stream)"))
                .count(), r.err());
        assertEquals(1, r.errLines().stream().filter(l -> l.startsWith("resnet4j: " + fake + ": not an image")).count(), r.err());
        assertFalse(r.err().contains("notes.txt"), r.err());
        assertTrue(r.errLines().getLast().contains("classified 2 images") && r.errLines().getLast().endsWith("2 could not be read"),
                r.err());
    }

    @Test
    void jsonIsOneArrayOfImages() throws Exception {
        Path a = image("x.png", 30, 30, 3);
        Result r = run(small("--format", "json", "--top", "3", a.toString(), a.toString()));
        assertEquals(0, r.code(), r.err());
        String json = r.out().strip();
        assertTrue(json.startsWith("[") && json.endsWith("]"), json);
        assertEquals(2, json.split("\"file\": ").length - 1, json);
        assertEquals(6, json.split("\"probability\": ").length - 1, json);
    }

    @Test
    void aFolderWithoutImagesIsOneLineAndExitOne() throws Exception {
        Files.writeString(dir.resolve("readme.txt"), "no images here");
        Result r = run(small(dir.toString()));
        assertEquals(1, r.code(), r.err());
        assertEquals(List.of("resnet4j: " + dir + ": no image files under it (looked for .bmp, .gif, .jfif, .jpe, .jpeg,"
                + " .jpg, .png, .tif, .tiff)"), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void labelsThatDoNotFitTheModelAreRefused() throws Exception {
        Path labels = Files.writeString(dir.resolve("labels.txt"), "cat\ndog\n");
        Result r = run(small("--labels", labels.toString(), DEMO.toString()));
        assertEquals(1, r.code(), r.err());
        assertEquals("resnet4j: the labels name 2 classes but resnet18 has 1000", r.errLines().getLast());
    }

    @Test
    void badTransformOptionsAreUsageErrors() {
        assertEquals(2, run(small("--mean", "0.5,0.5", DEMO.toString())).code());
        assertEquals(2, run(small("--std", "1,0,1", DEMO.toString())).code());
        assertEquals(2, run(small("--format", "xml", DEMO.toString())).code());
    }

    @Test
    void preprocessWritesTheTransformsTensorAndPredictTakesItBack() throws Exception {
        Path x = dir.resolve("x.npy");
        Result r = run("preprocess", DEMO.toString(), "--output", x.toString());
        assertEquals(0, r.code(), r.err());
        Tensor written = Npy.read(x);
        Tensor expected = ImageNetTransform.IMAGENET.apply(new ImageDecoder(false).read(DEMO));
        assertEquals(0.0, written.maxAbsDiff(expected));
        assertEquals(List.of(1, 3, 224, 224), Arrays.stream(written.shape().toArray()).boxed().toList());
        Result p = run("predict", "--arch", "resnet18", "--input", x.toString(), "--output", dir.resolve("y.npy").toString());
        assertEquals(0, p.code(), p.err());
        assertEquals(1000, Npy.read(dir.resolve("y.npy")).dim(1));
    }

    @Test
    void preprocessRefusesBadImagesInOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("out.npy");
        byte[] png = Files.readAllBytes(image("ok.png", 40, 30, 4));
        Path truncated = Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
        Path text = Files.writeString(dir.resolve("text.jpg"), "hello");
        Path bomb = Files.write(dir.resolve("bomb.png"), pngHeader(20000, 20000));
        for (Path bad : List.of(dir.resolve("missing.png"), truncated, text, bomb)) {
            Result r = run("preprocess", bad.toString(), "--output", out.toString());
            assertEquals(1, r.code(), bad + ": " + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.errLines().getFirst().startsWith("resnet4j: " + bad + ": "), r.err());
            assertFalse(Files.exists(out), "nothing written for " + bad);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void aOnePixelImageIsUpscaledAsTorchvisionDoes() throws Exception {
        Path one = image("one.png", 1, 1, 5);
        Path out = dir.resolve("one.npy");
        Result r = run("preprocess", one.toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        float[] v = Npy.read(out).data();
        assertEquals(v[0], v[224 * 224 - 1]); // one colour everywhere
    }

    @Test
    void preprocessRefusesAnOutputItCannotWrite() throws Exception {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        Result underFile = run("preprocess", DEMO.toString(), "--output", file.resolve("x.npy").toString());
        assertEquals(2, underFile.code(), underFile.err());
        assertEquals(1, underFile.errLines().size(), underFile.err());
        Result isDir = run("preprocess", DEMO.toString(), "--output", dir.toString());
        assertEquals(2, isDir.code(), isDir.err());
    }

    @Test
    void preprocessRefusesAReadOnlyFolder() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        assumeFalse(Files.isWritable(readOnly), "running as root: permissions do not stop writes");
        Result r = run("preprocess", DEMO.toString(), "--output", readOnly.resolve("x.npy").toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        try (Stream<Path> left = Files.list(readOnly)) {
            assertEquals(0, left.count());
        }
    }

    private static byte[] pngHeader(int width, int height) {
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
