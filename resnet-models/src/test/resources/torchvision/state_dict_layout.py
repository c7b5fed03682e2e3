# Writes torchvision's state_dict layout (key<TAB>comma-separated shape) of a model, for the resnet-models tests.
import sys, torchvision.models as M
m = getattr(M, sys.argv[1])()
for k, v in m.state_dict().items():
    print(k + "\t" + ",".join(str(d) for d in v.shape))
