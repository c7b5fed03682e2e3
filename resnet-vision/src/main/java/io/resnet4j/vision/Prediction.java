package io.resnet4j.vision;

/**
 * One class of a classification.
 *
 * @param index       the class index (the logit's position)
 * @param label       its name, or the index as text when no names are known
 * @param probability its softmax probability
 */
public record Prediction(int index, String label, float probability) {}
