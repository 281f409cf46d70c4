package dev.mtasts.app.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One run of the command line with captured output, for tests. */
public record CliRun(int exit, String out, String err) {

  public static CliRun run(String... args) {
    return runWithStdin("", args);
  }

  public static CliRun runWithStdin(String stdin, String... args) {
    InputStream original = System.in;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      Main.Invocation invocation = Main.invocation(args);
      invocation.cli().setOut(new PrintWriter(out, true));
      invocation.cli().setErr(new PrintWriter(err, true));
      int exit = invocation.execute();
      return new CliRun(exit, out.toString(), err.toString());
    } finally {
      System.setIn(original);
    }
  }
}
