package test;

import io.resnet4j.nn.Architecture;
import io.resnet4j.spec.ResNetSpec;
import javax.annotation.processing.Generated;

@Generated("io.resnet4j.codegen.ResNetProcessor")
public final class ResNet18Architecture implements Architecture {
    public ResNet18Architecture() {
    }

    @Override
    public ResNetSpec spec() {
        return ResNet18.SPEC;
    }

    @Override
    public ResNet18 create(long seed) {
        return ResNet18.create(seed);
    }
}
