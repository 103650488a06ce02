package io.statecast.registry;

/**
 * Bounds on what an uploaded archive may unpack to.
 *
 * @param maxEntries entries (files and directories) at most
 * @param maxBytes total bytes of the unpacked files at most (stops decompression bombs)
 */
public record UploadLimits(int maxEntries, long maxBytes) {

  /** 64 entries, 1 GiB. */
  public static final UploadLimits DEFAULT = new UploadLimits(64, 1L << 30);

  public UploadLimits {
    if (maxEntries < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("upload limits must be positive");
    }
  }
}
