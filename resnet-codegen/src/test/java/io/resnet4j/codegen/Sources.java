package io.resnet4j.codegen;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Spec sources for the tests, laid out so each attribute sits on a known line. */
final class Sources {
    private Sources() {}

    /** Line of the first attribute written by {@link #spec}. */
    static final int FIRST_ATTRIBUTE_LINE = 5;

    /**
     * {@code test.<interfaceName>} annotated with {@code @ResNet}, one attribute per line from
     * {@link #FIRST_ATTRIBUTE_LINE} on, each indented by four spaces.
     */
    static JavaFileObject spec(String interfaceName, String... attributes) {
        List<String> lines = new ArrayList<>(List.of(
                "package test;",
                "import io.resnet4j.spec.*;",
                "",
                "@ResNet("));
        for (int i = 0; i < attributes.length; i++) {
            lines.add("    " + attributes[i] + (i + 1 < attributes.length ? "," : ""));
        }
        lines.add(")");
        lines.add("interface " + interfaceName + " {}");
        return JavaFileObjects.forSourceLines("test." + interfaceName, lines);
    }

    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new ResNetProcessor()).compile(sources);
    }
}
