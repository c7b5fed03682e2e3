package io.resnet4j.codegen;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationValue;
import javax.tools.Diagnostic;

/**
 * Reports a spec's faults as compile errors, pointed at the attribute value at fault when it was written out, at
 * the annotation when the fault comes from a default.
 */
final class ProblemReporter {
    private final Messager messager;

    ProblemReporter(Messager messager) {
        this.messager = messager;
    }

    /** Reports {@code @ResNet <attribute>: <message>}. */
    void error(AnnotatedSpec spec, String attribute, String message) {
        String text = "@ResNet " + attribute + ": " + message;
        AnnotationValue value = spec.explicitValues().get(attribute);
        if (value != null) {
            messager.printMessage(Diagnostic.Kind.ERROR, text, spec.element(), spec.mirror(), value);
        } else {
            messager.printMessage(Diagnostic.Kind.ERROR, text, spec.element(), spec.mirror());
        }
    }
}
