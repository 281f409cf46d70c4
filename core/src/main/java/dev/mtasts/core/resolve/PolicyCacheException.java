package dev.mtasts.core.resolve;

/**
 * A policy store could not answer (I/O, server down, corrupt entry). Callers treat it as a cache
 * miss for reads and log it for writes; the lookup itself must not fail because of the cache.
 */
public final class PolicyCacheException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Stable codes for the ways a store fails. */
  public enum Code {
    /** The backing store is unreachable or failed an operation. */
    CACHE_UNAVAILABLE,
    /** An entry in the store could not be read back into a {@link CachedPolicy}. */
    CACHE_CORRUPT_ENTRY
  }

  private final Code code;

  public PolicyCacheException(Code code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
