package dev.plantctl.jobs.cluster;

import dev.plantctl.testing.ServerProcess;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One JVM of a Flink cluster (a job manager or a task manager), started from the class path Maven resolved for the
 * tests, with the cluster's configuration directory and the JVM options Flink needs on Java 17. Its output goes to
 * {@code server.log} in its own directory.
 */
final class FlinkProcess extends ServerProcess {

    private final String mainClass;
    private final Path configDir;
    private final List<String> memoryOptions;
    private final List<String> dynamicProperties;
    private final BooleanSupplier ready;

    /**
     * @param name              e.g. {@code taskmanager tm-1}
     * @param directory         the process's own directory (its log)
     * @param port              the port whose readiness {@link ServerProcess} checks; -1 with a {@code ready} check
     * @param mainClass         Flink's entry point class
     * @param configDir         the directory of the cluster's {@code config.yaml}
     * @param memoryOptions     the JVM's heap and direct memory options, matching the Flink configuration
     * @param dynamicProperties {@code key=value} options for this process only
     * @param ready             when the process counts as started, or null for "the port accepts connections"
     */
    FlinkProcess(String name, Path directory, int port, String mainClass, Path configDir, List<String> memoryOptions,
                 List<String> dynamicProperties, BooleanSupplier ready) {
        super(name, directory, port);
        this.mainClass = mainClass;
        this.configDir = configDir;
        this.memoryOptions = List.copyOf(memoryOptions);
        this.dynamicProperties = List.copyOf(dynamicProperties);
        this.ready = ready;
    }

    @Override
    protected List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(memoryOptions);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dlog4j.configurationFile=" + configDir.resolve("log4j2.properties"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                cmd.add(arg);
            }
        }
        cmd.add("-cp");
        cmd.add(FlinkRuntimeClassPath.get());
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(configDir.toString());
        for (String p : dynamicProperties) {
            cmd.add("-D" + p);
        }
        return cmd;
    }

    /** A JVM that loads Flink's runtime takes long to start on a loaded machine: two minutes. */
    @Override
    protected Duration startTimeout() {
        return Duration.ofMinutes(2);
    }

    @Override
    protected boolean ready() {
        return ready == null ? super.ready() : ready.getAsBoolean();
    }
}
