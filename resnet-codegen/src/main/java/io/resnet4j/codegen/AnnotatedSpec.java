package io.resnet4j.codegen;

import io.resnet4j.spec.ResNetSpec;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @ResNet} interface as read from source: the spec plus where each attribute was written, so errors can
 * point at the value at fault.
 *
 * @param explicitValues the attributes written out in the annotation, by name; defaulted ones are absent
 */
record AnnotatedSpec(TypeElement element, AnnotationMirror mirror, String packageName, ResNetSpec spec,
        Map<String, AnnotationValue> explicitValues) {

    /** The generated model class's simple name. */
    String modelName() {
        return spec.name();
    }

    String architectureName() {
        return spec.name() + "Architecture";
    }
}
