package io.resnet4j.backend.java;

/** One unit of a compiled plan: reads earlier nodes' values and writes the value of {@link #output()}. */
sealed interface Step permits ConvStep, PointwiseStep, MaxPoolStep, AvgPoolStep, FlattenStep, LinearStep {

    /** Ids of the nodes this step reads. */
    int[] inputs();

    /** Id of the node whose value this step produces. */
    int output();

    void execute(Activations values, Parallel parallel);
}
