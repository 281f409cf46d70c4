package dev.mtasts.core.tlsrpt;

/**
 * Internal: where an object is in the report, written as the prefix of its members' paths, e.g.
 * {@code policies[3].failure-details[7].}. The text is built for the first message that needs it
 * and kept for the next, and for the paths inside: an entry missing several members gets a warning
 * for each.
 */
final class ReportPath {

  static final ReportPath ROOT = new ReportPath(null, "", -1);

  private final ReportPath parent;
  private final String name;
  private final int index;
  private String text;

  /**
   * @param parent the enclosing object's path, null for the report itself
   * @param name the member holding the object
   * @param index the object's index in that member's array, or -1 when the member is the object
   */
  private ReportPath(ReportPath parent, String name, int index) {
    this.parent = parent;
    this.name = name;
    this.index = index;
  }

  /** The object in this object's member {@code name}. */
  ReportPath member(String member) {
    return new ReportPath(this, member, -1);
  }

  /** The object at {@code index} of the array in this object's member {@code array}. */
  ReportPath element(String array, int at) {
    return new ReportPath(this, array, at);
  }

  @Override
  public String toString() {
    if (parent == null) {
      return "";
    }
    if (text == null) {
      text = index < 0 ? parent + name + "." : parent + name + "[" + index + "].";
    }
    return text;
  }
}
