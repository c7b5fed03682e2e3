package io.resnet4j.codegen;

import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNet;
import io.resnet4j.spec.ResNetSpec;
import io.resnet4j.spec.StridePlacement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Turns a {@code @ResNet} annotation into a {@link ResNetSpec} through the compiler's mirrors. Mirrors rather than
 * the annotation proxy, because they tell where each value was written and they never throw for enum constants.
 */
final class SpecReader {
    static final String ANNOTATION = ResNet.class.getCanonicalName();
    private static final String SPEC_SUFFIX = "Spec";

    private final Elements elements;

    SpecReader(Elements elements) {
        this.elements = elements;
    }

    /** The {@code @ResNet} mirror on {@code element}; present for every element the round hands us. */
    static Optional<AnnotationMirror> mirrorOn(javax.lang.model.element.Element element) {
        return element.getAnnotationMirrors().stream()
                .filter(m -> ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(ANNOTATION))
                .map(m -> (AnnotationMirror) m)
                .findFirst();
    }

    /**
     * Reads the spec, or empty when a value is not a constant of the expected type: javac has already reported
     * that value as an error, so a second message would only be noise.
     */
    Optional<AnnotatedSpec> read(TypeElement element, AnnotationMirror mirror) {
        Map<String, AnnotationValue> explicit = new HashMap<>();
        mirror.getElementValues().forEach((k, v) -> explicit.put(k.getSimpleName().toString(), v));
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            values.put(e.getKey().getSimpleName().toString(), e.getValue().getValue());
        }
        try {
            String name = (String) values.get("name");
            if (name.isEmpty()) {
                name = defaultName(element.getSimpleName().toString());
            }
            ResNetSpec spec = ResNetSpec.builder(name, BlockType.valueOf(enumConstant(values.get("block"))),
                            ints(values.get("layers")))
                    .numClasses((Integer) values.get("numClasses"))
                    .groups((Integer) values.get("groups"))
                    .widthPerGroup((Integer) values.get("widthPerGroup"))
                    .stride(StridePlacement.valueOf(enumConstant(values.get("stride"))))
                    .zeroInitResidual((Boolean) values.get("zeroInitResidual"))
                    .replaceStrideWithDilation(booleans(values.get("replaceStrideWithDilation")))
                    .inChannels((Integer) values.get("inChannels"))
                    .baseWidth((Integer) values.get("baseWidth"))
                    .build();
            String pkg = elements.getPackageOf(element).getQualifiedName().toString();
            return Optional.of(new AnnotatedSpec(element, mirror, pkg, spec, Map.copyOf(explicit)));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /** {@code ResNet50Spec} → {@code ResNet50}; names without the suffix are kept as they are. */
    static String defaultName(String interfaceName) {
        return interfaceName.endsWith(SPEC_SUFFIX)
                ? interfaceName.substring(0, interfaceName.length() - SPEC_SUFFIX.length())
                : interfaceName;
    }

    private static String enumConstant(Object value) {
        return ((VariableElement) value).getSimpleName().toString();
    }

    private static int[] ints(Object value) {
        List<?> list = (List<?>) value;
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Integer) ((AnnotationValue) list.get(i)).getValue();
        }
        return out;
    }

    private static boolean[] booleans(Object value) {
        List<?> list = (List<?>) value;
        boolean[] out = new boolean[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Boolean) ((AnnotationValue) list.get(i)).getValue();
        }
        return out;
    }
}
