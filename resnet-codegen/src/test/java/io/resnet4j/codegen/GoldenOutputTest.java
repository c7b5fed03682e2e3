package io.resnet4j.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** The generated source against hand-written expectations. */
class GoldenOutputTest {
    private static final Compilation RESNET18 = Sources.compile(
            Sources.spec("ResNet18Spec", "block = BlockType.BASIC", "layers = {2, 2, 2, 2}"));

    @Test
    void modelClassMatchesGoldenFile() {
        assertThat(RESNET18).succeededWithoutWarnings();
        assertThat(RESNET18).generatedSourceFile("test.ResNet18")
                .hasSourceEquivalentTo(JavaFileObjects.forResource("golden/ResNet18.java"));
    }

    @Test
    void architectureClassMatchesGoldenFile() {
        assertThat(RESNET18).generatedSourceFile("test.ResNet18Architecture")
                .hasSourceEquivalentTo(JavaFileObjects.forResource("golden/ResNet18Architecture.java"));
    }

    @Test
    void serviceFileListsTheArchitecture() throws IOException {
        assertEquals("test.ResNet18Architecture\n", serviceFile(RESNET18));
    }

    @Test
    void serviceFileListsEveryArchitectureOfTheCompilationOnce() throws IOException {
        Compilation two = Sources.compile(
                Sources.spec("ResNet50Spec", "block = BlockType.BOTTLENECK", "layers = {3, 4, 6, 3}"),
                Sources.spec("TinySpec", "name = \"Tiny\"", "block = BlockType.BASIC", "layers = {1}"));
        assertThat(two).succeeded();
        assertEquals("test.ResNet50Architecture\ntest.TinyArchitecture\n", serviceFile(two));
    }

    @Test
    void specConstantSpellsOutOnlyNonDefaultAttributes() {
        Compilation c = Sources.compile(Sources.spec("XSpec", "block = BlockType.BOTTLENECK",
                "layers = {3, 4, 6, 3}", "groups = 32", "widthPerGroup = 4", "numClasses = 1000",
                "stride = StridePlacement.ON_1X1"));
        assertThat(c).succeeded();
        assertThat(c).generatedSourceFile("test.X").contentsAsUtf8String().contains(
                "ResNetSpec.builder(\"X\", BlockType.BOTTLENECK, 3, 4, 6, 3)\n"
                        + "            .groups(32)\n"
                        + "            .widthPerGroup(4)\n"
                        + "            .stride(StridePlacement.ON_1X1)\n"
                        + "            .build();");
    }

    @Test
    void bottleneckBlocksAreOneLineEachWithTorchvisionNumbers() {
        Compilation c = Sources.compile(Sources.spec("ResNet50Spec", "block = BlockType.BOTTLENECK",
                "layers = {3, 4, 6, 3}"));
        // torchvision's resnet50: layer2.0 projects 256 → 512 with stride 2 on the 3×3; layer2.1 keeps 512.
        assertThat(c).generatedSourceFile("test.ResNet50").contentsAsUtf8String().contains(
                "new Bottleneck(state, \"layer2.0\", 256, 128, 128, 2, 1, 1, StridePlacement.ON_3X3, true, false),\n"
                        + "                new Bottleneck(state, \"layer2.1\", 512, 128, 128, 1, 1, 1, "
                        + "StridePlacement.ON_3X3, false, false),");
    }

    static String serviceFile(Compilation c) throws IOException {
        return c.generatedFile(StandardLocation.CLASS_OUTPUT, ResNetProcessor.SERVICE_FILE).orElseThrow()
                .getCharContent(false).toString();
    }
}
