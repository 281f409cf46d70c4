package dev.mtasts.core.fetch;

import java.net.InetAddress;

/**
 * One address of the policy host that could not be connected to.
 *
 * @param failure {@link FetchFailure#UNREACHABLE} or {@link FetchFailure#TIMEOUT}
 * @param detail what the network said (refused, no route, timed out)
 */
public record AddressAttempt(InetAddress address, FetchFailure failure, String detail) {}
