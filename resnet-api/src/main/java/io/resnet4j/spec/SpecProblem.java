package io.resnet4j.spec;

/**
 * One thing wrong with a spec. {@code attribute} is the {@link ResNet} attribute at fault, so the annotation
 * processor can point javac's error at that exact value.
 */
public record SpecProblem(String attribute, String message) {
    @Override
    public String toString() {
        return attribute + ": " + message;
    }
}
