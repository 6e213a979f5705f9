package dev.plantctl.jobs.cluster;

import dev.plantctl.testing.ServerProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flink session cluster of separate JVMs on this machine, as a Flink distribution's {@code start-cluster.sh} would
 * start it: a job manager ({@code StandaloneSessionClusterEntrypoint}, with the REST API and its {@code /jars}
 * endpoints) and task managers ({@code TaskManagerRunner}) of two slots each (spread evenly, so that each has a spare one), all on loopback, with checkpoints in a
 * local directory. Task managers can be killed ({@code SIGKILL}), suspended ({@code SIGSTOP}) and resumed, and
 * replaced by new ones, as a resource manager would.
 */
final class FlinkProcessCluster implements AutoCloseable {

    static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private final Path root;
    private final Path configDir;
    private final Path checkpoints;
    private final FlinkProcess jobManager;
    private final FlinkRest rest;
    private final Map<String, FlinkProcess> taskManagers = new LinkedHashMap<>();
    private int taskManagersStarted;

    private FlinkProcessCluster(Path root) {
        this.root = root;
        this.configDir = mkdirs(root.resolve("conf"));
        this.checkpoints = mkdirs(root.resolve("checkpoints"));
        int restPort = ServerProcess.freePort();
        int rpcPort = ServerProcess.freePort();
        write(configDir.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 1024m",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "web.upload.dir: " + mkdirs(root.resolve("uploads")),
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                // two slots per task manager, filled evenly: a job of parallelism 2 runs one subtask on each, and
                // after a task manager dies it restarts at once in the survivor's spare slot instead of waiting for a
                // replacement JVM to start and warm up (10 s and more on this machine)
                "taskmanager.numberOfTaskSlots: 2",
                "taskmanager.load-balance.mode: SLOTS",
                // TaskManagerRunner started by hand needs every memory component (the distribution's scripts derive
                // them): heap 128 + 256 MB (-Xmx384m), direct 128 + 128 + 64 MB (-XX:MaxDirectMemorySize=320m)
                "taskmanager.cpu.cores: 1",
                "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.task.heap.size: 256m",
                "taskmanager.memory.framework.off-heap.size: 128m",
                "taskmanager.memory.task.off-heap.size: 128m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                "taskmanager.memory.managed.size: 64m",
                "taskmanager.memory.jvm-metaspace.size: 256m",
                "taskmanager.memory.jvm-overhead.min: 192m",
                "taskmanager.memory.jvm-overhead.max: 192m",
                "state.backend.type: hashmap",
                "execution.checkpointing.dir: " + checkpoints.toUri(),
                // a lost task manager is noticed within seconds, not the default 50 s; a paused one shorter than
                // this is not lost
                "heartbeat.interval: 500",
                "heartbeat.timeout: 15000",
                // a killed task manager refuses the next heartbeat RPC at once: marked lost after one such refusal,
                // it is gone before the restart delay ends, and the restarted job is not deployed to its dead slots
                // (a second failure and restart). A suspended one does not refuse, it only stays silent.
                "heartbeat.rpc-failure-threshold: 1",
                "slot.request.timeout: 120000",
                "io.tmp.dirs: " + mkdirs(root.resolve("tmp")),
                ""));
        write(configDir.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.out.ref = out",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n",
                "logger.milo.name = org.eclipse.milo",
                "logger.milo.level = WARN",
                ""));
        this.rest = new FlinkRest(restPort);
        this.jobManager = new FlinkProcess("jobmanager", mkdirs(root.resolve("jobmanager")), restPort,
                JOB_MANAGER_MAIN, configDir, List.of("-Xmx512m", "-XX:MaxDirectMemorySize=256m"), List.of(), rest::answers);
    }

    /**
     * Starts a job manager and the task managers, and waits until every task manager registered.
     *
     * @param root         the cluster's directory (configuration, logs, checkpoints, uploads)
     * @param taskManagers how many task managers
     */
    static FlinkProcessCluster start(Path root, int taskManagers) {
        FlinkProcessCluster cluster = new FlinkProcessCluster(root);
        try {
            cluster.jobManager.start();
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts one more task manager and waits until it registered; returns its resource id. */
    synchronized String startTaskManager() {
        String id = "tm-" + ++taskManagersStarted;
        FlinkProcess tm = new FlinkProcess("taskmanager " + id, mkdirs(root.resolve(id)), 0, TASK_MANAGER_MAIN,
                configDir, List.of("-Xmx384m", "-XX:MaxDirectMemorySize=320m"), List.of("taskmanager.resource-id=" + id),
                () -> rest.taskManagers().contains(id));
        taskManagers.put(id, tm);
        tm.start();
        return id;
    }

    /** The REST API of the job manager. */
    FlinkRest rest() {
        return rest;
    }

    /** The task managers started, by resource id, killed ones included. */
    synchronized Map<String, FlinkProcess> taskManagers() {
        return new LinkedHashMap<>(taskManagers);
    }

    /** The directory of completed checkpoints. */
    Path checkpoints() {
        return checkpoints;
    }

    /** The last lines of every process's log, for failure messages. */
    synchronized String logTails() {
        List<String> tails = new ArrayList<>();
        tails.add("--- jobmanager\n" + jobManager.logTail());
        taskManagers.forEach((id, tm) -> tails.add("--- " + id + "\n" + tm.logTail()));
        return String.join("\n", tails);
    }

    /** Kills every process. */
    @Override
    public synchronized void close() {
        taskManagers.values().forEach(tm -> {
            if (tm.isRunning()) {
                tm.resume();
            }
            tm.kill();
        });
        jobManager.kill();
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
