package io.resnet4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's code is code that compiles and runs: its "Use it in your project" pom and Java files are the
 * consumer project CI builds (.ci/consumer), and its "Real weights" snippet is RealWeights' main, compiled here.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize(); // surefire runs in examples/

    private static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }

    @Test
    void theConsumerProjectIsQuotedWhole() throws IOException {
        String readme = read("README.md");
        for (String file : new String[] {"examples/consumer/pom.xml", "examples/consumer/src/main/java/com/example/TinyNetSpec.java",
                "examples/consumer/src/main/java/com/example/App.java"}) {
            assertTrue(readme.contains("\n" + read(file) + "```\n"), file + " is not quoted whole in README.md");
        }
        assertTrue(readme.contains("echo \"" + read("examples/consumer/.mvn/jvm.config").strip() + "\" > .mvn/jvm.config"),
                "the README's .mvn/jvm.config differs from the consumer's");
    }

    @Test
    void theRealWeightsSnippetIsTheMainOfRealWeights() throws IOException {
        String readme = read("README.md");
        String source = read("examples/src/main/java/io/resnet4j/examples/RealWeights.java");
        String main = source.substring(source.indexOf("    public static void main"), source.lastIndexOf("    }") + 6);
        String unindented = main.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l).reduce("", (a, l) -> a + l + "\n");
        assertTrue(readme.contains("```java\n" + unindented + "```\n"), "README's Real weights snippet differs from:\n" + unindented);
    }
}
