package dev.mtasts.app.store;

/**
 * A page of a list: {@code limit} rows after skipping {@code offset}; a limit outside 1..{@value
 * #MAX_LIMIT} or an offset outside 0..{@value #MAX_OFFSET} is an {@link IllegalArgumentException}.
 */
public record Paging(int limit, int offset) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1000;

  /** Deep offsets cost a scan each; filters narrow a list better. */
  public static final int MAX_OFFSET = 1_000_000;

  public static final Paging FIRST = new Paging(DEFAULT_LIMIT, 0);

  public Paging {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", not " + limit);
    }
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new IllegalArgumentException("offset must be 0.." + MAX_OFFSET + ", not " + offset);
    }
  }
}
