package io.resnet4j.models;

/**
 * Numbers measured from torchvision 0.14.1 (torch 1.13) with /usr/bin/python3: parameters as
 * {@code sum(p.numel() for p in m.parameters())}; MACs with forward hooks as the output elements ·
 * (in_channels / groups) · k · k of every Conv2d plus batch · in · out of the Linear.
 *
 * @param macs224  MACs at 1×3×224×224
 * @param macs97   MACs at 3×3×97×131 (odd sizes exercise floor rounding in every strided layer)
 * @param macs1    MACs at 1×3×1×1 (every spatial size collapses to 1)
 */
record TorchvisionReference(String id, String className, long parameters, long macs224, long macs97, long macs1) {

    static final TorchvisionReference[] ALL = {
        new TorchvisionReference("resnet18", "ResNet18", 11_689_512L, 1_814_073_344L, 1_705_047_168L, 11_678_912L),
        new TorchvisionReference("resnet34", "ResNet34", 21_797_672L, 3_663_761_408L, 3_453_506_688L, 21_779_648L),
        new TorchvisionReference("resnet50", "ResNet50", 25_557_032L, 4_089_184_256L, 3_851_797_632L, 25_502_912L),
        new TorchvisionReference("resnet101", "ResNet101", 44_549_160L, 7_801_405_440L, 7_431_439_488L, 44_442_816L),
        new TorchvisionReference("resnet152", "ResNet152", 60_192_808L, 11_513_626_624L, 10_907_468_928L,
                60_040_384L),
        new TorchvisionReference("resnext50_32x4d", "ResNeXt50_32x4d", 25_028_904L, 4_230_479_872L,
                3_956_987_520L, 24_959_680L),
        new TorchvisionReference("wide_resnet50_2", "WideResNet50_2", 68_883_240L, 11_398_021_120L,
                10_770_408_576L, 68_814_016L),
    };

    @Override
    public String toString() {
        return id;
    }
}
