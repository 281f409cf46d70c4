package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The report JSON is read in one pass over the token stream: members in any order (RFC 8259 §4),
 * problems still in the schema's order, and every part of the document (skipped ones too) held to
 * JSON syntax, I-JSON duplicate rules (RFC 7493 §2.3) and the limits.
 */
class ReportJsonStreamingTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String MINIMAL = ReportReaderTest.MINIMAL;

  /** Problems in every object of the report, errors and warnings mixed. */
  private static final String MANY_PROBLEMS =
      """
      {"organization-name":7,"date-range":{"start-datetime":"2024-01-01T00:00:00",\
      "end-datetime":"2024-01-01T23:59:59Z"},"contact-info":null,"report-id":"id-1",\
      "policies":[{"policy":{"policy-type":"quantum","mx-host-pattern":"mx: a.example"},\
      "summary":{"total-successful-session-count":"5","total-failure-session-count":9},\
      "failure-details":[{"result-type":"odd","failed-session-count":-1},\
      {"result-type":"odd","failed-session-count":2,"additional-info-uri":3}]},"x",\
      {"policy":{"policy-type":"sts"},"summary":[]}]}""";

  /** Small limits, so that each is easy to cross. */
  private static final ReportReader.Limits SMALL =
      new ReportReader.Limits(1 << 20, 1 << 20, 8, 100, 1, 1, 4, 100, 1000);

  private static ParseResult<ReadReport> read(String json) {
    return read(json, ReportReader.Limits.DEFAULT);
  }

  private static ParseResult<ReadReport> read(String json, ReportReader.Limits limits) {
    return new ReportReader(limits).read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> errorMessages(ParseResult<ReadReport> result) {
    return result.errors().stream().map(Problem::message).toList();
  }

  // --- member order --------------------------------------------------------------------------

  static Stream<String> documents() {
    return Stream.of(
        MINIMAL,
        MANY_PROBLEMS,
        corpus("parsedmarc-rfc8460.json"),
        corpus("parsedmarc-mailru.json"),
        corpus("stalwart-rpt03.json"),
        corpus("viewer-microsoft.json"),
        corpus("viewer-no-contact.json"));
  }

  @ParameterizedTest
  @MethodSource("documents")
  void membersInReverseOrderReadTheSame(String json) {
    ParseResult<ReadReport> inOrder = read(json);

    assertThat(read(reorder(json, Order.REVERSED))).isEqualTo(inOrder);
  }

  @ParameterizedTest
  @MethodSource("documents")
  void membersRotatedReadTheSame(String json) {
    ParseResult<ReadReport> inOrder = read(json);

    assertThat(read(reorder(json, Order.ROTATED))).isEqualTo(inOrder);
  }

  @Test
  void problemsComeInTheSchemasOrderWhateverTheMemberOrder() {
    List<String> errors =
        List.of(
            "organization-name must be a string",
            "policies[0].failure-details[0].failed-session-count is negative",
            "policies[0].failure-details[1].additional-information must be a string",
            "policies[1]. must be an object",
            "policies[2].summary must be an object");
    List<String> warnings =
        List.of(
            "REPORT_CONTACT_INFO_MISSING",
            "REPORT_DATE_WITHOUT_ZONE",
            "REPORT_POLICY_TYPE_UNKNOWN",
            "REPORT_POLICY_DOMAIN_MISSING",
            "REPORT_PROSE_KEY_NAME",
            "REPORT_MX_HOST_NOT_ARRAY",
            "REPORT_MX_HOST_PREFIXED",
            "REPORT_NUMBER_AS_STRING",
            "REPORT_SENDING_MTA_IP_MISSING",
            "REPORT_RECEIVING_MX_HOSTNAME_MISSING",
            "REPORT_SENDING_MTA_IP_MISSING",
            "REPORT_RECEIVING_MX_HOSTNAME_MISSING",
            "REPORT_PROSE_KEY_NAME",
            "REPORT_RESULT_TYPE_UNKNOWN",
            "REPORT_POLICY_STRING_MISSING",
            "REPORT_POLICY_DOMAIN_MISSING",
            "REPORT_MX_HOST_MISSING",
            "REPORT_FAILURE_DETAILS_MISSING");

    for (Order order : Order.values()) {
      ParseResult<ReadReport> result = read(reorder(MANY_PROBLEMS, order));

      assertThat(errorMessages(result)).as(order.name()).isEqualTo(errors);
      assertThat(result.warnings()).extracting(Problem::code).as(order.name()).isEqualTo(warnings);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"mx-host-pattern\":[\"other.example\"],\"mx-host\":[\"mx.d.example\"]",
        "\"mx-host\":[\"mx.d.example\"],\"mx-host-pattern\":[\"other.example\"]"
      })
  void theSchemaKeyWinsOverTheProseKeyInEitherOrder(String members) {
    ParseResult<ReadReport> result =
        read(MINIMAL.replace("\"mx-host\":[\"mx.d.example\"]", members));

    assertThat(result.warnings()).isEmpty();
    assertThat(result.orThrow().report().policies().getFirst().policy().mxHost())
        .containsExactly("mx.d.example");
  }

  @Test
  void aNullSchemaKeyHidesTheProseKey() {
    ParseResult<ReadReport> result =
        read(
            MINIMAL.replace(
                "\"mx-host\":[\"mx.d.example\"]",
                "\"mx-host-pattern\":[\"other.example\"],\"mx-host\":null"));

    assertThat(result.warnings())
        .extracting(Problem::code)
        .containsExactly("REPORT_MX_HOST_MISSING");
  }

  @Test
  void unknownMembersAreSkippedAtEveryLevel() {
    ParseResult<ReadReport> plain = read(MINIMAL);

    ParseResult<ReadReport> extended = read(withUnknownMembers(MINIMAL));

    assertThat(extended).isEqualTo(plain);
    assertThat(extended.isOk()).isTrue();
  }

  // --- duplicates (I-JSON, RFC 7493 §2.3) ------------------------------------------------------

  static Stream<Arguments> duplicates() {
    return Stream.of(
        dup("\"report-id\":\"id-1\",", "\"report-id\":\"id-1\",\"report-id\":\"id-2\","),
        dup("\"start-datetime\":", "\"start-datetime\":null,\"start-datetime\":"),
        dup("\"summary\":{", "\"summary\":null,\"summary\":{"),
        dup("\"policy-type\":\"sts\",", "\"policy-type\":\"sts\",\"policy-type\":\"sts\","),
        dup(
            "\"total-failure-session-count\":1}",
            "\"total-failure-session-count\":1," + "\"total-failure-session-count\":1}"),
        dup("\"result-type\":", "\"result-type\":null,\"result-type\":"),
        dup("\"policies\":[", "\"x\":{\"a\":1,\"b\":[{\"c\":1,\"c\":2}]},\"policies\":["),
        dup("\"policies\":[", "\"x\":1,\"x\":1,\"policies\":["),
        dup("\"policy\":{", "\"policy\":{\"x\":{},\"x\":{},"),
        dup("\"failed-session-count\":1}", "\"failed-session-count\":1,\"y\":[],\"y\":[]}"));
  }

  private static Arguments dup(String in, String out) {
    return Arguments.of(MINIMAL.replace(in, out));
  }

  @ParameterizedTest
  @MethodSource("duplicates")
  void duplicateMembersAreInvalidJsonAtEveryLevel(String json) {
    ParseResult<ReadReport> result = read(json);

    assertThat(result.errors()).extracting(Problem::code).containsExactly("REPORT_NOT_JSON");
    assertThat(result.errors().getFirst().message()).contains("Duplicate Object property");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void duplicatesAreFoundInEntriesPastTheLimitToo() {
    String twoPolicies =
        MINIMAL.replace("\"policies\":[{", "\"policies\":[{\"x\":1},{\"y\":1,\"y\":2},{");

    assertThat(read(twoPolicies, SMALL).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_NOT_JSON");
  }

  // --- unexpected types at each level ----------------------------------------------------------

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        wrong(
            "\"organization-name\":\"Org\"",
            "\"organization-name\":{}",
            "organization-name must be a string"),
        wrong(
            "\"organization-name\":\"Org\"",
            "\"organization-name\":[\"Org\"]",
            "organization-name must be a string"),
        wrong("\"report-id\":\"id-1\"", "\"report-id\":true", "report-id must be a string"),
        wrong(
            "\"contact-info\":\"r@org.example\"",
            "\"contact-info\":1",
            "contact-info must be a string"),
        wrong("\"date-range\":{", "\"date-range\":\"x\",\"y\":{", "date-range must be an object"),
        wrong("\"date-range\":{", "\"date-range\":null,\"y\":{", "date-range is missing"),
        wrong(
            "\"start-datetime\":\"2024-01-01T00:00:00Z\"",
            "\"start-datetime\":20240101",
            "date-range.start-datetime must be a string"),
        wrong(
            "\"policies\":[{",
            "\"policies\":true,\"y\":[{",
            "policies must be an array (RFC 8460 §4)"),
        wrong("\"policies\":[{", "\"policies\":[[],{", "policies[0]. must be an object"),
        wrong("\"policies\":[{", "\"policies\":[null,{", "policies[0]. must be an object"),
        wrong("\"policy\":{", "\"policy\":[],\"y\":{", "policies[0].policy must be an object"),
        wrong(
            "\"policy-type\":\"sts\"",
            "\"policy-type\":[\"sts\"]",
            "policies[0].policy.policy-type must be a string"),
        wrong(
            "\"policy-string\":[\"version: STSv1\"]",
            "\"policy-string\":{\"a\":\"b\"}",
            "policies[0].policy.policy-string must be an array of strings"),
        wrong(
            "\"policy-string\":[\"version: STSv1\"]",
            "\"policy-string\":[\"version: STSv1\",{}]",
            "policies[0].policy.policy-string[1] must be a string"),
        wrong(
            "\"policy-domain\":\"d.example\"",
            "\"policy-domain\":false",
            "policies[0].policy.policy-domain must be a string"),
        wrong(
            "\"mx-host\":[\"mx.d.example\"]",
            "\"mx-host\":7",
            "policies[0].policy.mx-host must be an array of strings"),
        wrong(
            "\"summary\":{", "\"summary\":\"x\",\"y\":{", "policies[0].summary must be an object"),
        wrong(
            "\"total-successful-session-count\":5",
            "\"total-successful-session-count\":{}",
            "policies[0].summary.total-successful-session-count must be a whole number"),
        wrong(
            "\"total-successful-session-count\":5",
            "\"total-successful-session-count\":[5]",
            "policies[0].summary.total-successful-session-count must be a whole number"),
        wrong(
            "\"total-successful-session-count\":5",
            "\"total-successful-session-count\":5e0",
            "policies[0].summary.total-successful-session-count must be a whole number"),
        wrong(
            "\"total-failure-session-count\":1",
            "\"total-failure-session-count\":\"1x\"",
            "policies[0].summary.total-failure-session-count must be a whole number"),
        wrong(
            "\"failure-details\":[{",
            "\"failure-details\":{\"x\":[{",
            "policies[0].failure-details must be an array",
            "}]}]}",
            "}]}}]}"),
        wrong(
            "\"failure-details\":[{",
            "\"failure-details\":[\"x\",{",
            "policies[0].failure-details[0]. must be an object"),
        wrong(
            "\"failure-details\":[{",
            "\"failure-details\":[[{}],{",
            "policies[0].failure-details[0]. must be an object"),
        wrong(
            "\"result-type\":\"certificate-expired\"",
            "\"result-type\":{\"a\":1}",
            "policies[0].failure-details[0].result-type must be a string"),
        wrong(
            "\"failed-session-count\":1",
            "\"failed-session-count\":null",
            "policies[0].failure-details[0].failed-session-count is missing"),
        wrong(
            "\"failed-session-count\":1",
            "\"failed-session-count\":9223372036854775808",
            "policies[0].failure-details[0].failed-session-count must be a whole number"),
        wrong(
            "\"sending-mta-ip\":\"192.0.2.1\"",
            "\"sending-mta-ip\":[\"192.0.2.1\"]",
            "policies[0].failure-details[0].sending-mta-ip must be a string"));
  }

  private static Arguments wrong(String in, String out, String message) {
    return Arguments.of(MINIMAL.replace(in, out), message);
  }

  private static Arguments wrong(
      String in, String out, String message, String closeIn, String closeOut) {
    return Arguments.of(MINIMAL.replace(in, out).replace(closeIn, closeOut), message);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("wrongTypes")
  void unexpectedTypesAreReportedWithTheirPath(String json, String message) {
    assertThat(errorMessages(read(json))).containsExactly(message);
  }

  @Test
  void theLargestLongIsACount() {
    String json =
        MINIMAL.replace(
            "\"total-successful-session-count\":5",
            "\"total-successful-session-count\":9223372036854775807");

    assertThat(read(json).orThrow().report().totalSuccessful()).isEqualTo(Long.MAX_VALUE);
  }

  // --- invalid JSON anywhere is the only error -------------------------------------------------

  static IntStream truncations() {
    return IntStream.range(1, MINIMAL.length());
  }

  @ParameterizedTest
  @MethodSource("truncations")
  void aTruncatedReportIsOneJsonErrorWithoutWarnings(int length) {
    ParseResult<ReadReport> result = read(MINIMAL.substring(0, length));

    assertThat(result.errors()).extracting(Problem::code).containsExactly("REPORT_NOT_JSON");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void invalidJsonAfterSchemaErrorsIsTheOnlyError() {
    ParseResult<ReadReport> result =
        read("{\"organization-name\":7,\"contact-info\":null,\"policies\":{},\"x\":[1,]}");

    assertThat(result.errors()).extracting(Problem::code).containsExactly("REPORT_NOT_JSON");
    assertThat(result.warnings()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", " 1", " x", "]", "}", " \"s\"", " null", ",", "[]"})
  void contentAfterTheReportIsInvalidJson(String trailing) {
    ParseResult<ReadReport> result = read(MINIMAL + trailing);

    assertThat(result.errors()).extracting(Problem::code).containsExactly("REPORT_NOT_JSON");
    assertThat(result.errors().getFirst().line()).isEqualTo(1);
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void whitespaceAfterTheReportIsFine() {
    assertThat(read(MINIMAL + " \r\n\t").isOk()).isTrue();
  }

  // --- limits hold in every part, skipped ones too ---------------------------------------------

  static Stream<String> deepPlaces() {
    String deep = "[".repeat(20) + "]".repeat(20);
    return Stream.of(
        MINIMAL.replace("\"policies\":[{", "\"x\":" + deep + ",\"policies\":[{"),
        MINIMAL.replace("\"organization-name\":\"Org\"", "\"organization-name\":" + deep),
        MINIMAL.replace("[\"version: STSv1\"]", "[\"version: STSv1\"," + deep + "]"),
        MINIMAL.replace("\"summary\":{", "\"summary\":" + deep + ",\"y\":{"),
        MINIMAL.replace(
            "\"failed-session-count\":1}", "\"failed-session-count\":1,\"x\":" + deep + "}"),
        MINIMAL.replace("\"policies\":[{", "\"policies\":[{\"x\":1},{\"y\":" + deep + "},{"),
        MINIMAL.replace("\"failure-details\":[{", "\"failure-details\":[{\"x\":1}," + deep + ",{"));
  }

  @ParameterizedTest
  @MethodSource("deepPlaces")
  void nestingBeyondTheLimitIsRefusedAnywhere(String json) {
    ParseResult<ReadReport> result = read(json, SMALL);

    assertThat(result.errors()).extracting(Problem::code).containsExactly("REPORT_JSON_LIMIT");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void nestingUpToTheLimitIsFine() {
    // the report object is level 1, so the unknown member's arrays may take levels 2 to 8
    String json =
        MINIMAL.replace(
            "\"policies\":[{", "\"x\":" + "[".repeat(7) + "]".repeat(7) + ",\"policies\":[{");

    assertThat(read(json, SMALL).isOk()).isTrue();
  }

  static Stream<String> longStringPlaces() {
    String longString = "\"" + "s".repeat(300) + "\"";
    return Stream.of(
        MINIMAL.replace("\"policies\":[{", "\"x\":" + longString + ",\"policies\":[{"),
        MINIMAL.replace("\"policies\":[{", "\"x\":{\"a\":[1," + longString + "]},\"policies\":[{"),
        MINIMAL.replace("[\"version: STSv1\"]", "[\"version: STSv1\",{\"a\":" + longString + "}]"),
        MINIMAL.replace("\"summary\":{", "\"summary\":[" + longString + "],\"y\":{"),
        MINIMAL.replace(
            "\"total-successful-session-count\":5",
            "\"total-successful-session-count\":" + longString),
        MINIMAL.replace("\"policies\":[{", "\"policies\":[{\"x\":1},{\"y\":" + longString + "},{"),
        MINIMAL.replace(
            "\"failure-details\":[{", "\"failure-details\":[{\"x\":1}," + longString + ",{"));
  }

  @ParameterizedTest
  @MethodSource("longStringPlaces")
  void stringsOverTheLimitAreRefusedAnywhere(String json) {
    ParseResult<ReadReport> result = read(json, SMALL);

    assertThat(result.errors()).extracting(Problem::code).containsExactly("REPORT_JSON_LIMIT");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void entriesPastTheLimitAreCountedAndStillParsed() {
    String threePolicies = MINIMAL.replace("\"policies\":[{", "\"policies\":[{\"x\":1},7,{");
    String threeDetails =
        MINIMAL.replace("\"failure-details\":[{", "\"failure-details\":[{\"x\":1},[],{");
    String brokenPastTheLimit =
        MINIMAL.replace("\"policies\":[{", "\"policies\":[{\"x\":1},{\"y\":[1,]},{");

    assertThat(errorMessages(read(threePolicies, SMALL)))
        .containsExactly("3 policies exceed the limit of 1");
    assertThat(errorMessages(read(threeDetails, SMALL)))
        .containsExactly("policies[0].failure-details has 3 entries, more than the limit of 1");
    assertThat(read(brokenPastTheLimit, SMALL).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_NOT_JSON");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private enum Order {
    REVERSED,
    ROTATED
  }

  private static String corpus(String name) {
    return new String(Corpus.bytes(name), StandardCharsets.UTF_8);
  }

  /** The same JSON with the members of every object in another order. */
  private static String reorder(String json, Order order) {
    return JSON.writeValueAsString(reordered(JSON.readTree(json), order));
  }

  private static JsonNode reordered(JsonNode node, Order order) {
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JSON.createArrayNode();
      array.forEach(element -> copy.add(reordered(element, order)));
      return copy;
    }
    if (!(node instanceof ObjectNode object)) {
      return node;
    }
    List<String> names = new ArrayList<>(object.propertyNames());
    if (order == Order.REVERSED) {
      Collections.reverse(names);
    } else {
      Collections.rotate(names, names.size() / 2);
    }
    ObjectNode copy = JSON.createObjectNode();
    names.forEach(name -> copy.set(name, reordered(object.get(name), order)));
    return copy;
  }

  /** The same JSON with unknown members of every JSON type added to every object. */
  private static String withUnknownMembers(String json) {
    return JSON.writeValueAsString(extended(JSON.readTree(json)));
  }

  private static JsonNode extended(JsonNode node) {
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JSON.createArrayNode();
      array.forEach(element -> copy.add(extended(element)));
      return copy;
    }
    if (!(node instanceof ObjectNode object)) {
      return node;
    }
    ObjectNode copy = JSON.createObjectNode();
    copy.set("x-first", JSON.readTree("{\"a\":[1,\"b\",null,true,1.5,{\"c\":{}}]}"));
    object.properties().forEach(member -> copy.set(member.getKey(), extended(member.getValue())));
    copy.put("x-last", "text");
    copy.putNull("x-null");
    return copy;
  }
}
