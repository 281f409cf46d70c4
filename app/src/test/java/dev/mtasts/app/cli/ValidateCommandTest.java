package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidateCommandTest {
  static final String RFC_POLICY =
      "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
          + "mx: backupmx.example.com\r\nmax_age: 604800\r\n";

  @TempDir Path dir;

  private String file(String name, String content) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, content, StandardCharsets.UTF_8);
    return path.toString();
  }

  @Test
  void validPolicyExitsZero() throws IOException {
    String path = file("mta-sts.txt", RFC_POLICY);
    CliRun run = CliRun.run("validate", "policy", path);
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo(path + ": valid" + System.lineSeparator());
  }

  @Test
  void invalidPolicyListsErrorsWithPositions() throws IOException {
    String path =
        file(
            "bad.txt",
            "version: STSv1\nmode: enforce\nmx: mail.*.example.com\nmax_age: 31557601\n");
    CliRun run = CliRun.run("validate", "policy", path);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .startsWith(path + ": invalid, 2 errors")
        .contains("error POLICY_MX_INVALID (line 3, column 10)")
        .contains("error POLICY_MAX_AGE_TOO_LARGE (line 4, column 10)");
  }

  @Test
  void jsonLinesOnePerInputWithTheArgumentAsGiven() throws IOException {
    file("good.txt", RFC_POLICY);
    file("dup.txt", RFC_POLICY.replace("mode: enforce\r\n", "mode: enforce\r\nmode: none\r\n"));
    file("bad.txt", "version: STSv1\nmode: on\nmx: a.example\nmax_age: 1\n");
    String good = dir.resolve("good.txt").toString();
    String dup = dir.resolve("./dup.txt").toString();
    String bad = dir.resolve("bad.txt").toString();
    CliRun run = CliRun.run("validate", "policy", "--json", good, dup, bad);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            "{\"input\":\"" + good + "\",\"valid\":true,\"errors\":[],\"warnings\":[]}",
            "{\"input\":\""
                + dup
                + "\",\"valid\":true,\"errors\":[],\"warnings\":[{\"code\":\"POLICY_DUPLICATE_FIELD\","
                + "\"message\":\"'mode' repeated: only the first is used (RFC 8461 §3.2)\","
                + "\"line\":3,\"column\":1}]}",
            "{\"input\":\""
                + bad
                + "\",\"valid\":false,\"errors\":[{\"code\":\"POLICY_MODE_INVALID\",\"message\":"
                + "\"mode must be 'enforce', 'testing' or 'none' (lower case), found 'on'\","
                + "\"line\":2,\"column\":7}],\"warnings\":[]}");
  }

  @Test
  void stsRecordFromAFileIgnoresOneTrailingNewline() throws IOException {
    String unix = file("unix.txt", "v=STSv1; id=20160831085700Z;\n");
    String dos = file("dos.txt", "v=STSv1; id=20160831085700Z;\r\n");
    String two = file("two.txt", "v=STSv1; id=20160831085700Z;\n\n");
    CliRun run = CliRun.run("validate", "sts-record", "--json", unix, dos, two);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out().lines())
        .hasSize(3)
        .satisfies(lines -> assertThat(lines.get(0)).contains("\"valid\":true"))
        .satisfies(lines -> assertThat(lines.get(1)).contains("\"valid\":true"))
        .satisfies(
            lines -> assertThat(lines.get(2)).contains("\"valid\":false", "STS_RECORD_SYNTAX"));
  }

  @Test
  void readsStandardInput() {
    CliRun run = CliRun.runWithStdin("v=STSv1; id=abc\n", "validate", "sts-record", "-");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("-: valid" + System.lineSeparator());

    CliRun bad = CliRun.runWithStdin("v=STSv1; id=a-b", "validate", "--json", "sts-record", "-");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out())
        .startsWith(
            "{\"input\":\"-\",\"valid\":false,\"errors\":[{\"code\":\"STS_RECORD_ID_INVALID\"");
  }

  @Test
  void policyThatIsNotUtf8IsInvalidNotUnreadable() throws IOException {
    Path path = dir.resolve("latin1.txt");
    Files.write(path, (RFC_POLICY + "note: caf\u00e9\r\n").getBytes(StandardCharsets.ISO_8859_1));
    CliRun run = CliRun.run("validate", "policy", path.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("POLICY_ENCODING (line 7, column 10)");
  }

  @Test
  void unreadableInputExitsTwoButValidatesTheOthers() throws IOException {
    String good = file("good.txt", RFC_POLICY);
    String missing = dir.resolve("missing.txt").toString();
    CliRun run = CliRun.run("validate", "policy", missing, good);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(missing + ": no such file" + System.lineSeparator());
    assertThat(run.out()).isEqualTo(good + ": valid" + System.lineSeparator());
  }

  @Test
  void unknownKindIsAUsageError() throws IOException {
    String good = file("good.txt", RFC_POLICY);
    CliRun run = CliRun.run("validate", "dmarc-record", good);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("unknown KIND 'dmarc-record'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void missingInputIsAUsageError() {
    assertThat(CliRun.run("validate", "policy").exit()).isEqualTo(2);
    assertThat(CliRun.run("validate").exit()).isEqualTo(2);
  }

  @Test
  void warningsArePrintedUnderAValidInput() throws IOException {
    String path = file("ext.txt", RFC_POLICY + "Mode: none\r\n");
    CliRun run = CliRun.run("validate", "policy", path);
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith(path + ": valid, 1 warning")
        .contains("warning POLICY_UNKNOWN_FIELD (line 7, column 1)");
  }

  @Test
  void tlsrptRecordFromTheRfcIsValid() {
    CliRun run =
        CliRun.runWithStdin(
            "v=TLSRPTv1;rua=mailto:reports@example.com\n", "validate", "tlsrpt-record", "-");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("-: valid" + System.lineSeparator());
  }

  @Test
  void tlsrptRecordWithoutASupportedRuaIsInvalid() {
    CliRun run =
        CliRun.runWithStdin(
            "v=TLSRPTv1; rua=ftp://x.test/", "validate", "--json", "tlsrpt-record", "-");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("{\"input\":\"-\",\"valid\":false,")
        .contains("\"code\":\"TLSRPT_RUA_UNSUPPORTED\"");
  }

  @Test
  void tlsrptRecordWithTheWrongVersionIsInvalid() {
    CliRun run =
        CliRun.runWithStdin("v=STSv1; rua=mailto:a@example.com", "validate", "tlsrpt-record", "-");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("invalid").contains("TLSRPT_RECORD_");
  }

  /** The same input as every KIND: a record, or a policy, each valid without the BOM. */
  private static final Map<String, String> VALID =
      Map.of(
          "policy", RFC_POLICY,
          "sts-record", "v=STSv1; id=20160831085700Z;\n",
          "tlsrpt-record", "v=TLSRPTv1; rua=mailto:reports@example.com\n");

  private static final Map<String, String> PREFIX =
      Map.of("policy", "POLICY", "sts-record", "STS_RECORD", "tlsrpt-record", "TLSRPT_RECORD");

  @ParameterizedTest
  @ValueSource(strings = {"policy", "sts-record", "tlsrpt-record"})
  void aByteOrderMarkIsTheSameErrorForEveryKind(String kind) throws IOException {
    Path path = dir.resolve("bom.txt");
    byte[] text = VALID.get(kind).getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Files.write(path, withBom);

    CliRun run = CliRun.run("validate", "--json", kind, path.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            "{\"input\":\""
                + path
                + "\",\"valid\":false,\"errors\":[{\"code\":\""
                + PREFIX.get(kind)
                + "_BOM\",\"message\":\"byte order mark at the start: save the file without a BOM;"
                + " it is no part of the "
                + (kind.equals("policy") ? "policy" : "record")
                + "\",\"line\":1,\"column\":1}],\"warnings\":[]}"
                + System.lineSeparator());
  }

  @ParameterizedTest
  @CsvSource({
    "policy,'',the policy is empty",
    "sts-record,'',the record is empty",
    "tlsrpt-record,'',the record is empty",
    "policy,'\r\n',the policy is empty (nothing but white space)",
    "sts-record,'\n',the record is empty",
    "tlsrpt-record,'\n',the record is empty",
    "tlsrpt-record,' \t\n',the record is empty (nothing but white space)",
  })
  void anEmptyInputIsOneErrorForEveryKind(String kind, String content, String message) {
    String text = content.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    CliRun run = CliRun.runWithStdin(text, "validate", kind, "-");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            "-: invalid, 1 error"
                + System.lineSeparator()
                + "  error "
                + PREFIX.get(kind)
                + "_EMPTY: "
                + message
                + System.lineSeparator());
  }

  @Test
  void aByteOrderMarkDoesNotHideTheOtherErrors() {
    CliRun run = CliRun.runWithStdin("\uFEFFv=STSv1; id=a-b", "validate", "sts-record", "-");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("-: invalid, 2 errors")
        .contains("error STS_RECORD_BOM (line 1, column 1)")
        .contains("error STS_RECORD_ID_INVALID");
  }
}
