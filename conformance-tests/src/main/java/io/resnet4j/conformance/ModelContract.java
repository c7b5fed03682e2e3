package io.resnet4j.conformance;

import io.resnet4j.nn.ResNetModel;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Whole models as users build them: a random small {@code @ResNet} spec compiled through resnet-codegen's
 * annotation processor, BN statistics randomised, compared with the reference. Skipped, with the reason, when the
 * processor is not on the class path.
 *
 * <p>Each tap (stem, every stage, avgpool, logits) is judged layer by layer: against the reference run from the
 * backend's <em>own</em> previous tap ({@link ReferenceInterpreter#evaluateFromOwnTaps}), so the bound covers the
 * few layers since that tap and stays tight at any depth. (The end-to-end bound Σ|w·a| grows far faster than the
 * values through many layers, and alone lets errors of the size of the logits pass on deep models.) The output is
 * also checked end to end.
 */
public interface ModelContract extends BackendUnderTest {
    ReferenceInterpreter REFERENCE = new ReferenceInterpreter();

    @Property
    @Expensive
    default void generatedModelsMatchReference(@ForAll("models") ModelCase c) {
        ResNetModel model = GeneratedModels.create(c);
        new RandomData(c.seed() ^ 0x2545F4914F6CDD1DL).randomiseBatchNorms(model.stateDict());
        Example e = new Example(model.graph(), c.input());
        ReferenceInterpreter.Evaluation ref = Checks.reference(e);
        Shape declared = model.outputShape(c.inputShape());
        if (!declared.equals(ref.output().shape()) || !declared.equals(Shape.of(c.batch(), c.spec().numClasses()))) {
            throw new AssertionError("outputShape " + declared + " of " + c + ", reference " + ref.output().shape());
        }
        List<String> taps = List.copyOf(model.graph().taps().keySet());
        Map<String, Tensor> out = Checks.run(this, e, taps);
        Map<String, NodeValues> local = REFERENCE.evaluateFromOwnTaps(e.graph(), e.input(), out);
        for (String tap : local.keySet()) {
            Tolerance.requireClose("'" + tap + "' judged from the backend's own previous tap, model " + c,
                    out.get(tap), local.get(tap));
        }
        Tolerance.requireClose("output end to end, model " + c, out.get("output"), ref.output());
    }

    @Provide
    default Arbitrary<ModelCase> models() {
        return ConformanceArbitraries.models();
    }

    /**
     * Skips the whole-model properties where resnet-codegen is missing, saying so. Registered globally (jqwik does
     * not inherit hooks from interfaces), so it limits itself to this contract's methods.
     */
    final class SkipWithoutProcessor implements SkipExecutionHook {
        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public boolean appliesTo(Optional<AnnotatedElement> element) {
            return element.filter(e -> e instanceof Method m && m.getDeclaringClass() == ModelContract.class).isPresent();
        }

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return GeneratedModels.unavailableReason().map(SkipResult::skip).orElse(SkipResult.doNotSkip());
        }
    }
}
