package dev.mtasts.core.tlsrpt;

/**
 * Internal: where an object is in the report, written as the prefix of its members' paths, e.g.
 * {@code policies[3].failure-details[7].}. The text is only built for a message.
 *
 * @param parent the enclosing object's path, null for the report itself
 * @param name the member holding the object
 * @param index the object's index in that member's array, or -1 when the member is the object
 */
record ReportPath(ReportPath parent, String name, int index) {

  static final ReportPath ROOT = new ReportPath(null, "", -1);

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
    return parent + name + (index < 0 ? "" : "[" + index + "]") + ".";
  }
}
