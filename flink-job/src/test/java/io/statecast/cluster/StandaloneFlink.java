package io.statecast.cluster;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster on 127.0.0.1 made of separate JVMs started with Flink's own
 * entry points, as {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh} of a Flink distribution
 * start them: a {@code conf/config.yaml}, the JVM memory options and the dynamic memory settings
 * Flink derives from it (what the scripts get from {@code BashJavaUtils}), {@code
 * StandaloneSessionClusterEntrypoint} for the JobManager and {@code TaskManagerRunner} for each
 * TaskManager.
 */
final class StandaloneFlink implements AutoCloseable {

  static final String JOB_MANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  /** Java 17 options of Flink's default config.yaml ({@code env.java.opts.all}). */
  static final List<String> JAVA_17_OPTIONS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final Path home;
  private final Map<String, String> config;
  private final List<Path> classPath;
  private final List<String> extraJvmOptions;
  private final List<ChildProcess> processes = new ArrayList<>();
  private final int restPort;

  private StandaloneFlink(
      Path home, Map<String, String> config, List<Path> classPath, List<String> extraJvmOptions) {
    this.home = home;
    this.config = config;
    this.classPath = classPath;
    this.extraJvmOptions = extraJvmOptions;
    this.restPort = Integer.parseInt(config.get("rest.port"));
  }

  /**
   * Writes {@code HOME/conf} for a cluster of TaskManagers with {@code slots} slots each.
   *
   * @param extraConfig more settings (they win)
   * @param extraJvmOptions for every process, e.g. DJL's system properties
   */
  static StandaloneFlink configure(
      Path home,
      List<Path> classPath,
      int slots,
      Map<String, String> extraConfig,
      List<String> extraJvmOptions)
      throws IOException {
    Map<String, String> c = new LinkedHashMap<>();
    // Everything on loopback.
    c.put("jobmanager.rpc.address", "127.0.0.1");
    c.put("jobmanager.rpc.port", Integer.toString(freePort()));
    c.put("jobmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.host", "127.0.0.1");
    c.put("taskmanager.bind-host", "127.0.0.1");
    c.put("rest.address", "127.0.0.1");
    c.put("rest.bind-address", "127.0.0.1");
    c.put("rest.port", Integer.toString(freePort()));
    // Sized for a small machine (2 cores): the job's native memory (PyTorch) lives in the JVM
    // overhead; heap state is small here.
    c.put("jobmanager.memory.process.size", "1200m");
    c.put("taskmanager.memory.process.size", "1280m");
    c.put("taskmanager.memory.managed.fraction", "0.1");
    c.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
    c.put("parallelism.default", "1");
    // The job jar is ≈150 MB: above the REST server's default 100 MiB request limit.
    c.put("rest.server.max-content-length", Integer.toString(512 << 20));
    c.put("metrics.fetcher.update-interval", "1000");
    // Files in the cluster's directory, not /tmp.
    c.put("io.tmp.dirs", home.resolve("tmp").toString());
    c.put("blob.storage.directory", home.resolve("blobs").toString());
    c.put("web.tmpdir", home.resolve("web").toString());
    c.put("web.upload.dir", home.resolve("web-upload").toString());
    c.put("execution.checkpointing.storage", "filesystem");
    c.put("execution.checkpointing.dir", home.resolve("checkpoints").toUri().toString());
    c.put("execution.checkpointing.savepoint-dir", home.resolve("savepoints").toUri().toString());
    c.put("state.backend.type", "hashmap");
    c.putAll(extraConfig);
    for (String dir : List.of("conf", "log", "tmp", "blobs", "web", "web-upload")) {
      Files.createDirectories(home.resolve(dir));
    }
    writeYaml(home.resolve("conf/config.yaml"), c);
    writeLog4j(home.resolve("conf/log4j.properties"));
    return new StandaloneFlink(home, c, classPath, extraJvmOptions);
  }

  /** Starts the JobManager. */
  ChildProcess startJobManager() throws IOException {
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(flinkConfig());
    List<String> jvm =
        new ArrayList<>(
            split(JobManagerProcessUtils.generateJvmParametersStr(spec, flinkConfig())));
    List<String> args = new ArrayList<>(List.of("--configDir", home.resolve("conf").toString()));
    args.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
    return start("jobmanager", jvm, JOB_MANAGER_MAIN, args);
  }

  /** Starts TaskManager {@code index}. */
  ChildProcess startTaskManager(int index) throws IOException {
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(flinkConfig());
    List<String> jvm = new ArrayList<>(split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
    List<String> args = new ArrayList<>(List.of("--configDir", home.resolve("conf").toString()));
    args.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    return start("taskmanager-" + index, jvm, TASK_MANAGER_MAIN, args);
  }

  private ChildProcess start(String name, List<String> memory, String main, List<String> args)
      throws IOException {
    List<String> jvm = new ArrayList<>(memory);
    jvm.addAll(JAVA_17_OPTIONS);
    jvm.add("-Djava.io.tmpdir=" + home.resolve("tmp"));
    jvm.add("-Dlog4j.configurationFile=" + home.resolve("conf/log4j.properties").toUri());
    jvm.addAll(extraJvmOptions);
    ChildProcess p =
        ChildProcess.start(name, jvm, classPath, main, args, home, home.resolve("log"));
    processes.add(p);
    return p;
  }

  /** {@code http://127.0.0.1:PORT} of the JobManager's REST API and web UI. */
  String restUrl() {
    return "http://127.0.0.1:" + restPort;
  }

  Path home() {
    return home;
  }

  List<ChildProcess> processes() {
    return List.copyOf(processes);
  }

  /** No longer watches a process that was ended on purpose (a crash the test injected). */
  void forget(ChildProcess p) {
    processes.remove(p);
  }

  /** Fails (with the process's output) if one of the cluster's processes has ended. */
  void requireAlive() {
    processes.forEach(ChildProcess::requireAlive);
  }

  /** The last lines of every process's output and log. */
  String tails() {
    StringBuilder sb = new StringBuilder();
    processes.forEach(p -> sb.append(p.tail()));
    return sb.toString();
  }

  private Configuration flinkConfig() {
    return Configuration.fromMap(config);
  }

  /** Stops the TaskManagers, then the JobManager. */
  @Override
  public void close() {
    List<ChildProcess> reversed = new ArrayList<>(processes);
    java.util.Collections.reverse(reversed);
    reversed.forEach(ChildProcess::close);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
  }

  private static void writeYaml(Path file, Map<String, String> c) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("# Written by io.statecast.cluster.StandaloneFlink\n");
      for (Map.Entry<String, String> e : c.entrySet()) {
        w.write(e.getKey() + ": '" + e.getValue().replace("'", "''") + "'\n");
      }
    }
  }

  /** Log4j 2 to the file named by the {@code log.file} system property, as Flink's scripts do. */
  private static void writeLog4j(Path file) throws IOException {
    Files.writeString(
        file,
        String.join(
            "\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "appender.main.name = MainAppender",
            "appender.main.type = File",
            "appender.main.append = true",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1.} - %m%n",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "logger.akka.name = org.apache.pekko",
            "logger.akka.level = WARN",
            ""),
        StandardCharsets.UTF_8);
  }
}
