package dev.mtasts.core.fetch;

import java.net.InetAddress;

/**
 * One address of the policy host that could not be connected to, or was not tried.
 *
 * @param failure {@link FetchFailure#UNREACHABLE}, {@link FetchFailure#TIMEOUT}, or {@link
 *     FetchFailure#ADDRESS_NOT_PUBLIC} for an address not tried
 * @param detail what the network said (refused, no route, timed out), or why the address is not
 *     public
 */
public record AddressAttempt(InetAddress address, FetchFailure failure, String detail) {}
