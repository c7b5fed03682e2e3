import io.resnet4j.vision.ImageDecoder;
import io.resnet4j.vision.ImageNetTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Decode + torchvision's eval transform alone, one thread, images/s over every image in DIR (best of 3 passes, the
 * first warms the JIT). Peer: tools/bench/preprocess_peer.py. Run after the CLI is built (./resnet4j builds it):
 *
 *   java -cp "examples/target/classes:examples/target/lib/*" tools/bench/PreprocessThroughput.java DIR
 */
public class PreprocessThroughput {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of(args[0]))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ImageDecoder decoder = new ImageDecoder(false);
        double best = 0;
        for (int pass = 0; pass < 3; pass++) {
            long start = System.nanoTime();
            for (Path f : files) {
                ImageNetTransform.IMAGENET.apply(decoder.read(f));
            }
            best = Math.max(best, files.size() / ((System.nanoTime() - start) / 1e9));
        }
        System.out.printf("resnet4j: decode + transform of %d images: %.1f images/s (one thread, best of 3)%n", files.size(), best);
    }
}
