package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.CheckpointException;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.DType;
import io.resnet4j.weights.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "convert", mixinStandardHelpOptions = true, description = {
        "Convert a checkpoint (.pth or .safetensors) to safetensors, without running any of its code.",
        "Example: resnet4j convert resnet50-0676ba61.pth resnet50.safetensors"})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "A torch.save(state_dict) .pth or a .safetensors file.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The .safetensors file to write.")
    Path out;

    @Option(names = "--dtype", defaultValue = "F32", description = "Stored float type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DType dtype;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new Main.UsageException(out + ": directory " + dir + " does not exist");
        }
        try (Checkpoint checkpoint = Checkpoints.read(in)) {
            for (String note : checkpoint.notes()) {
                spec.commandLine().getErr().println("resnet4j: " + in.getFileName() + ": " + note);
            }
            Safetensors.write(out, checkpoint.tensors(), checkpoint.counters(), dtype);
            spec.commandLine().getErr().println("resnet4j: wrote " + out + " (" + checkpoint.tensors().size()
                    + " tensors, " + checkpoint.counters().size() + " counters, " + dtype + ")");
            return 0;
        } catch (CheckpointException e) {
            throw new ResNet4jException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ResNet4jException(out + ": cannot write: " + e.getMessage(), e);
        }
    }
}
