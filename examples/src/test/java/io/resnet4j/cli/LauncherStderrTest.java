package io.resnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher's trick, reproduced in a child JVM: descriptor 2 goes to /dev/null (as the launcher's filter
 * would swallow a line) while the real stderr waits on descriptor 3; the CLI's first act puts it back.
 */
class LauncherStderrTest {

    private static Result runCli(String redirectsAndProperty) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String command = "exec 3>&2; exec '" + java + "' --enable-native-access=ALL-UNNAMED " + redirectsAndProperty
                + " -cp '" + System.getProperty("java.class.path") + "' io.resnet4j.cli.Main summary --arch nope 2>/dev/null";
        Process p = new ProcessBuilder("bash", "-c", command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), err.lines().toList());
    }

    private record Result(int code, List<String> err) {}

    @Test
    void theCliWritesToTheStderrTheLauncherSaved() throws Exception {
        Result r = runCli("-D" + LauncherStderr.PROPERTY + "=3");
        assertEquals(2, r.code());
        assertEquals(1, r.err().size(), r.err().toString());
        assertEquals(true, r.err().getFirst().startsWith("resnet4j: unknown architecture 'nope'"), r.err().toString());
    }

    @Test
    void withoutThePropertyNothingIsRedirected() throws Exception {
        Result r = runCli("");
        assertEquals(2, r.code());
        assertEquals(List.of(), r.err(), "stderr went to /dev/null as the command line said");
    }
}
