package dev.mtasts.app.listen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** What a UNIX socket's path holds before a listener binds it. */
public final class SocketFiles {

  /** The file type bits of {@code st_mode}, and the type of a socket (stat(2)). */
  private static final int S_IFMT = 0xF000;

  private static final int S_IFSOCK = 0xC000;

  private SocketFiles() {}

  /** Whether {@code path} itself (not what a symbolic link points to) is a socket. */
  public static boolean isSocket(Path path) throws IOException {
    Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
  }
}
