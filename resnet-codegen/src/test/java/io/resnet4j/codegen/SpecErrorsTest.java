package io.resnet4j.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of ResNetSpec.problems() and the compiler-only ones, as an error on the value at fault. */
class SpecErrorsTest {
    private static final String BOTTLENECK = "block = BlockType.BOTTLENECK";
    private static final String BASIC = "block = BlockType.BASIC";
    private static final String LAYERS = "layers = {3, 4, 6, 3}";

    /**
     * Each case: the attributes of a spec, then the faulty attribute (which must be among them, written as
     * {@code name = value}) and the message. The error must sit on that attribute's line, at its value.
     */
    static Stream<Arguments> specRules() {
        return Stream.of(
                rule("name: '1st' is not a Java identifier", "name = \"1st\"", BOTTLENECK, LAYERS),
                rule("name: 'Stage' collides with a resnet4j type of the same name", "name = \"Stage\"", BOTTLENECK,
                        LAYERS),
                rule("layers: must list at least one stage, e.g. {2, 2, 2, 2}", "layers = {}", BOTTLENECK),
                rule("layers: stage 2 has 0 blocks; each stage needs at least 1", "layers = {3, 0, 6, 3}", BOTTLENECK),
                rule("layers: stage 1 has 1025 blocks; at most 1024 are supported", "layers = {1025}", BOTTLENECK),
                rule("numClasses: must be at least 1, got 0", "numClasses = 0", BOTTLENECK, LAYERS),
                rule("inChannels: must be between 1 and 65536, got 0", "inChannels = 0", BOTTLENECK, LAYERS),
                rule("baseWidth: must be at least 1, got -4", "baseWidth = -4", BOTTLENECK, LAYERS),
                rule("groups: must be at least 1, got 0", "groups = 0", BOTTLENECK, LAYERS),
                rule("widthPerGroup: must be at least 1, got 0", "widthPerGroup = 0", BOTTLENECK, LAYERS),
                rule("groups: BASIC blocks only support groups = 1 (got 32); use BOTTLENECK for ResNeXt",
                        "groups = 32", BASIC, LAYERS),
                rule("widthPerGroup: BASIC blocks only support widthPerGroup = 64 (got 128)", "widthPerGroup = 128",
                        BASIC, LAYERS),
                rule("replaceStrideWithDilation: BASIC blocks do not support dilation",
                        "replaceStrideWithDilation = {false, true, true}", BASIC, LAYERS),
                rule("replaceStrideWithDilation: needs one entry per stage after the first (3), got 2",
                        "replaceStrideWithDilation = {true, true}", BOTTLENECK, LAYERS),
                rule("layers: 12 stages starting at 64 planes reach more than 65536 channels at stage 10",
                        "layers = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}", BOTTLENECK),
                rule("widthPerGroup: stage 1 would have a 3×3 width of 0 (1 planes × 1 / 64 × 1 groups)",
                        "widthPerGroup = 1", BOTTLENECK, LAYERS, "baseWidth = 1"));
    }

    private static Arguments rule(String message, String faulty, String... others) {
        List<String> attributes = new ArrayList<>(List.of(others));
        // Put the faulty attribute in the middle so a wrong position cannot pass by accident.
        attributes.add(Math.min(1, attributes.size()), faulty);
        return Arguments.of(message, faulty, attributes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specRules")
    void specRuleIsAnErrorOnTheValueAtFault(String message, String faulty, List<String> attributes) {
        JavaFileObject source = Sources.spec("BadSpec", attributes.toArray(String[]::new));
        Compilation c = Sources.compile(source);

        assertThat(c).failed();
        assertThat(c).hadErrorCount(1);
        int line = Sources.FIRST_ATTRIBUTE_LINE + attributes.indexOf(faulty);
        int valueColumn = 5 + faulty.indexOf('=') + 2; // four spaces of indent, columns count from 1
        assertThat(c).hadErrorContaining("@ResNet " + message).inFile(source).onLine(line).atColumn(valueColumn);
    }

    @Test
    void defaultedNameIsReportedOnTheAnnotation() {
        // The name comes from the interface, not from a written value, so the annotation itself is at fault.
        JavaFileObject source = Sources.spec("Spec", BOTTLENECK, LAYERS);
        Compilation c = Sources.compile(source);
        assertThat(c).hadErrorContaining("@ResNet name: '' is not a Java identifier").inFile(source)
                .onLine(Sources.FIRST_ATTRIBUTE_LINE - 1).atColumn(1);
    }

    @Test
    void annotationOnAClassIsAnError() {
        JavaFileObject source = JavaFileObjects.forSourceLines("test.ResNet50Spec",
                "package test;",
                "import io.resnet4j.spec.*;",
                "@ResNet(block = BlockType.BOTTLENECK, layers = {3, 4, 6, 3})",
                "class ResNet50Spec {}");
        Compilation c = Sources.compile(source);
        assertThat(c).hadErrorContaining("@ResNet belongs on an interface, but ResNet50Spec is a class")
                .inFile(source).onLine(3).atColumn(1);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void annotationOnAnEnumIsAnError() {
        JavaFileObject source = JavaFileObjects.forSourceLines("test.ResNet50Spec",
                "package test;",
                "import io.resnet4j.spec.*;",
                "@ResNet(block = BlockType.BOTTLENECK, layers = {3, 4, 6, 3})",
                "enum ResNet50Spec {}");
        assertThat(Sources.compile(source)).hadErrorContaining("ResNet50Spec is an enum").inFile(source).onLine(3);
    }

    @Test
    void generatedNameThatExistsInThePackageIsAnError() {
        JavaFileObject existing = JavaFileObjects.forSourceLines("test.ResNet50", "package test;", "class ResNet50 {}");
        JavaFileObject source = Sources.spec("ResNet50Spec", BOTTLENECK, LAYERS);
        Compilation c = Sources.compile(existing, source);
        assertThat(c).hadErrorContaining("@ResNet name: 'ResNet50' collides with the existing type test.ResNet50")
                .inFile(source).onLine(Sources.FIRST_ATTRIBUTE_LINE - 1);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void explicitNameThatExistsInThePackageIsAnErrorOnTheName() {
        JavaFileObject existing = JavaFileObjects.forSourceLines("test.Taken", "package test;", "class Taken {}");
        JavaFileObject source = Sources.spec("ResNet50Spec", BOTTLENECK, "name = \"Taken\"", LAYERS);
        Compilation c = Sources.compile(existing, source);
        assertThat(c).hadErrorContaining("@ResNet name: 'Taken' collides with the existing type test.Taken")
                .inFile(source).onLine(Sources.FIRST_ATTRIBUTE_LINE + 1).atColumn(12);
    }

    @Test
    void generatedArchitectureNameThatExistsIsAnError() {
        JavaFileObject existing = JavaFileObjects.forSourceLines("test.ResNet50Architecture", "package test;",
                "class ResNet50Architecture {}");
        JavaFileObject source = Sources.spec("ResNet50Spec", BOTTLENECK, LAYERS);
        assertThat(Sources.compile(existing, source))
                .hadErrorContaining("@ResNet name: 'ResNet50Architecture' collides with the existing type "
                        + "test.ResNet50Architecture").inFile(source).onLine(Sources.FIRST_ATTRIBUTE_LINE - 1);
    }

    @Test
    void nameNamingTheSpecInterfaceItselfIsAnError() {
        JavaFileObject source = Sources.spec("ResNet50Spec", "name = \"ResNet50Spec\"", BOTTLENECK, LAYERS);
        assertThat(Sources.compile(source))
                .hadErrorContaining("@ResNet name: 'ResNet50Spec' collides with the existing type test.ResNet50Spec")
                .inFile(source).onLine(Sources.FIRST_ATTRIBUTE_LINE);
    }

    @Test
    void twoSpecsClaimingOneNameIsAnError() {
        JavaFileObject first = Sources.spec("ASpec", "name = \"Same\"", BOTTLENECK, LAYERS);
        JavaFileObject second = Sources.spec("BSpec", "name = \"Same\"", BASIC, LAYERS);
        Compilation c = Sources.compile(first, second);
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("@ResNet name: 'Same' is already generated from @ResNet on test.ASpec")
                .inFile(second).onLine(Sources.FIRST_ATTRIBUTE_LINE).atColumn(12);
    }

    @Test
    void valueJavacRejectsIsLeftToJavac() {
        // No block at all, and a layer count that is no constant: javac's own errors say it all.
        JavaFileObject source = Sources.spec("ResNet50Spec", "layers = {3, FOUR, 6, 3}");
        Compilation c = Sources.compile(source);
        assertThat(c).hadErrorContaining("block");
        assertThat(c).hadErrorContaining("FOUR");
        assertThat(c).hadErrorCount(2);
    }
}
