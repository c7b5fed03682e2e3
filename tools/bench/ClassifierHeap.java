import io.resnet4j.nn.Architectures;
import io.resnet4j.vision.Classifier;
import io.resnet4j.vision.ImageNetTransform;
import java.nio.file.Path;

/**
 * Heap used by one Classifier over many calls (after GC), to show it does not grow. Run after the CLI is built
 * (./resnet4j builds it):
 *
 *   java --add-modules jdk.incubator.vector -cp "examples/target/classes:examples/target/lib/*" \
 *        tools/bench/ClassifierHeap.java examples/images/chelsea.png [calls]
 */
public class ClassifierHeap {
    public static void main(String[] args) throws Exception {
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        // A small crop keeps each call cheap; what is measured is what stays behind between calls.
        ImageNetTransform small = new ImageNetTransform(72, 64,
                ImageNetTransform.IMAGENET.mean(), ImageNetTransform.IMAGENET.std());
        Runtime rt = Runtime.getRuntime();
        try (Classifier classifier = Classifier.builder().architecture(Architectures.find("resnet18"))
                .backend("java").transform(small).build()) {
            Path image = Path.of(args[0]);
            for (int i = 1; i <= calls; i++) {
                classifier.classify(image);
                if (i == 10 || i % 100 == 0) {
                    for (int g = 0; g < 3; g++) {
                        System.gc();
                        Thread.sleep(50);
                    }
                    System.out.printf("after %d calls: %.1f MiB used%n", i, (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
                }
            }
        }
    }
}
