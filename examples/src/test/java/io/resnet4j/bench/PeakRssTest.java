package io.resnet4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PeakRssTest {
    @Test
    void readsVmHwmInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmSize:\t 8000000 kB\nVmHWM:\t  421288 kB\nVmRSS:\t  400000 kB\n";
        assertEquals(OptionalLong.of(421288L * 1024), PeakRss.parse(status));
        assertEquals(OptionalLong.empty(), PeakRss.parse("Name:\tjava\nVmRSS:\t 1 kB\n"));
    }

    @Test
    void thisProcessHasAPeakAtLeastAsLargeAsWhatItHolds() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc/self/status (not Linux)");
        byte[] held = new byte[64 << 20];
        java.util.Arrays.fill(held, (byte) 1); // touched, so resident
        long peak = PeakRss.ofThisProcess().orElseThrow();
        assertTrue(peak >= held.length, "VmHWM " + peak + " below the 64 MiB this test holds");
    }

    @Test
    void formatsInDecimalUnits() {
        assertEquals("421 MB", PeakRss.format(421_288_000L));
        assertEquals("2.41 GB", PeakRss.format(2_410_000_000L));
    }
}
