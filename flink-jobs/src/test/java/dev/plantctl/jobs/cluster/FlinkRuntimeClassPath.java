package dev.plantctl.jobs.cluster;

import java.io.File;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The class path of a Flink cluster process: the test JVM's class path as Maven resolved it (Flink's runtime, its
 * web frontend and clients, log4j), without plantctl's own classes and jars, which reach the cluster only inside
 * the submitted job jar, as they would on a real one.
 */
final class FlinkRuntimeClassPath {

    private FlinkRuntimeClassPath() {
    }

    /** The class path, entries joined by the platform's separator. */
    static String get() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !isPlantctl(e))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean isPlantctl(String entry) {
        String e = entry.replace('\\', '/');
        return e.endsWith("target/classes") || e.endsWith("target/test-classes") || e.contains("/dev/plantctl/");
    }
}
