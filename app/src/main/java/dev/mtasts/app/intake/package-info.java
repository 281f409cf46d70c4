/**
 * The one intake pipeline of TLS reports (RFC 8460): every source (HTTPS upload, {@code report
 * import}, and the mail sources) hands a {@link dev.mtasts.app.intake.Receipt} to {@link
 * dev.mtasts.app.intake.IntakePipeline}, which reads it with the core reader, attributes it to the
 * configured domains, stores it once in one durable transaction, and returns an {@link
 * dev.mtasts.app.intake.Outcome} the source acknowledges with.
 */
package dev.mtasts.app.intake;
