package io.resnet4j.codegen;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.tools.JavaFileObject;

/**
 * The type names this compilation generates, so two specs cannot claim one name and no spec can shadow a type
 * that already exists in its package: rules only the compiler can check.
 */
final class GeneratedNames {
    private final Elements elements;
    /** Qualified generated name → the spec interface that claimed it, across all rounds. */
    private final Map<String, TypeElement> claimed = new HashMap<>();

    GeneratedNames(Elements elements) {
        this.elements = elements;
    }

    /** Why {@code simpleName} cannot be generated for {@code spec}, if it cannot. */
    Optional<String> conflict(AnnotatedSpec spec, String simpleName, String generatedSupertype) {
        String qualified = qualified(spec.packageName(), simpleName);
        TypeElement owner = claimed.get(qualified);
        if (owner != null && !owner.equals(spec.element())) {
            return Optional.of("'" + simpleName + "' is already generated from @ResNet on "
                    + owner.getQualifiedName() + "; give one of them another name");
        }
        TypeElement existing = elements.getTypeElement(qualified);
        if (existing != null && !isStaleOutput(existing, generatedSupertype)) {
            return Optional.of("'" + simpleName + "' collides with the existing type " + qualified
                    + "; choose another name");
        }
        return Optional.empty();
    }

    /** Records the names once both are known to be free. */
    void claim(AnnotatedSpec spec, String... simpleNames) {
        for (String n : simpleNames) {
            claimed.put(qualified(spec.packageName(), n), spec.element());
        }
    }

    /**
     * A class file of the same shape we generate is our own output from an earlier build that a build tool left
     * on the class path; this compilation replaces it, so it is no collision. A source file always is one.
     */
    private boolean isStaleOutput(TypeElement existing, String generatedSupertype) {
        JavaFileObject file = elements.getFileObjectOf(existing) instanceof JavaFileObject j ? j : null;
        if (file != null && file.getKind() != JavaFileObject.Kind.CLASS || existing.getKind() != ElementKind.CLASS) {
            return false;
        }
        if (isNamed(existing.getSuperclass(), generatedSupertype)) {
            return true;
        }
        return existing.getInterfaces().stream().anyMatch(i -> isNamed(i, generatedSupertype));
    }

    private static boolean isNamed(TypeMirror type, String qualifiedName) {
        return type instanceof DeclaredType d
                && ((TypeElement) d.asElement()).getQualifiedName().contentEquals(qualifiedName);
    }

    private static String qualified(String pkg, String simpleName) {
        return pkg.isEmpty() ? simpleName : pkg + "." + simpleName;
    }
}
