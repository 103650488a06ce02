package io.statecast.cell.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine the way Statecast needs it, whoever calls first (a test, the CLI, a
 * Flink TaskManager): offline, so that DJL never tries to download anything (the natives come from
 * the {@code pytorch-native-*} Maven artifact on the class path), and with a bounded number of
 * intra-op threads, because PyTorch's default of one thread per core oversubscribes shared machines
 * and several Flink slots: each slot's threads then wait for cores the others hold, and under load
 * a small step takes many times longer than on one thread.
 *
 * <p>System properties set by the user win: {@code ai.djl.offline}, {@code
 * ai.djl.pytorch.num_threads}, {@code ai.djl.pytorch.num_interop_threads}, and {@code
 * DJL_CACHE_DIR} (where the natives are extracted; by default {@code ~/.djl.ai}).
 */
public final class DjlRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);
  private static final String ENGINE = "PyTorch";
  private static final int DEFAULT_THREADS = 1;

  private DjlRuntime() {}

  /** The PyTorch engine, started offline with the default thread count on first use. */
  public static Engine engine() {
    return engine(DEFAULT_THREADS);
  }

  /**
   * The PyTorch engine. The thread count applies only if this call starts the engine and the user
   * set none; later calls get the running engine as it is.
   */
  public static synchronized Engine engine(int threads) {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads));
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    Engine engine = Engine.getEngine(ENGINE);
    LOG.debug("DJL {} engine {} ready", ENGINE, engine.getVersion());
    return engine;
  }

  /**
   * The device a kernel should run on.
   *
   * @param wantGpu whether a GPU is asked for
   * @throws IllegalStateException when a GPU is asked for and the engine sees none
   */
  public static Device device(boolean wantGpu) {
    Engine engine = engine();
    if (!wantGpu) {
      return Device.cpu();
    }
    if (engine.getGpuCount() == 0) {
      throw new IllegalStateException(
          "a GPU was asked for, but PyTorch "
              + engine.getVersion()
              + " sees none: run on a CUDA machine with the 'cuda' Maven profile"
              + " (pytorch-native-cu124), or choose the CPU");
    }
    return Device.gpu();
  }

  /** Whether the engine sees a GPU (false when the engine cannot start). */
  public static boolean gpuAvailable() {
    try {
      return engine().getGpuCount() > 0;
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      LOG.debug("no GPU: {}", e.toString());
      return false;
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
