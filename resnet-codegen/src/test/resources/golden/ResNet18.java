package test;

import io.resnet4j.nn.AdaptiveAvgPool2d;
import io.resnet4j.nn.BasicBlock;
import io.resnet4j.nn.BatchNorm2d;
import io.resnet4j.nn.Block;
import io.resnet4j.nn.Conv2d;
import io.resnet4j.nn.Linear;
import io.resnet4j.nn.MaxPool2d;
import io.resnet4j.nn.Relu;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.nn.Stage;
import io.resnet4j.nn.StateDict;
import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNetSpec;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Expected output for ResNet18Spec, written by hand from torchvision's resnet18 (see ResNetProcessorTest).
 */
@Generated("io.resnet4j.codegen.ResNetProcessor")
public final class ResNet18 extends ResNetModel {
    public static final ResNetSpec SPEC = ResNetSpec.builder("ResNet18", BlockType.BASIC, 2, 2, 2, 2).build();

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Relu relu;
    private final MaxPool2d maxpool;
    private final Stage<BasicBlock> layer1;
    private final Stage<BasicBlock> layer2;
    private final Stage<BasicBlock> layer3;
    private final Stage<BasicBlock> layer4;
    private final AdaptiveAvgPool2d avgpool;
    private final Linear fc;

    private ResNet18(StateDict state) {
        super(SPEC, state);
        conv1 = new Conv2d(state, "conv1", 3, 64, 7, 2, 3, 1, 1);
        bn1 = new BatchNorm2d(state, "bn1", 64);
        relu = new Relu("relu");
        maxpool = new MaxPool2d("maxpool", 3, 2, 1);
        layer1 = new Stage<>("layer1", List.of(
                new BasicBlock(state, "layer1.0", 64, 64, 1, false, false),
                new BasicBlock(state, "layer1.1", 64, 64, 1, false, false)));
        layer2 = new Stage<>("layer2", List.of(
                new BasicBlock(state, "layer2.0", 64, 128, 2, true, false),
                new BasicBlock(state, "layer2.1", 128, 128, 1, false, false)));
        layer3 = new Stage<>("layer3", List.of(
                new BasicBlock(state, "layer3.0", 128, 256, 2, true, false),
                new BasicBlock(state, "layer3.1", 256, 256, 1, false, false)));
        layer4 = new Stage<>("layer4", List.of(
                new BasicBlock(state, "layer4.0", 256, 512, 2, true, false),
                new BasicBlock(state, "layer4.1", 512, 512, 1, false, false)));
        avgpool = new AdaptiveAvgPool2d("avgpool");
        fc = new Linear(state, "fc", 512, 1000);
    }

    public static ResNet18 create(long seed) {
        return new ResNet18(new StateDict(seed));
    }

    @Override
    public Conv2d conv1() {
        return conv1;
    }

    @Override
    public BatchNorm2d bn1() {
        return bn1;
    }

    @Override
    public Relu relu() {
        return relu;
    }

    @Override
    public MaxPool2d maxpool() {
        return maxpool;
    }

    public Stage<BasicBlock> layer1() {
        return layer1;
    }

    public Stage<BasicBlock> layer2() {
        return layer2;
    }

    public Stage<BasicBlock> layer3() {
        return layer3;
    }

    public Stage<BasicBlock> layer4() {
        return layer4;
    }

    @Override
    public AdaptiveAvgPool2d avgpool() {
        return avgpool;
    }

    @Override
    public Linear fc() {
        return fc;
    }

    @Override
    public List<Stage<? extends Block>> stages() {
        return List.of(layer1, layer2, layer3, layer4);
    }
}
