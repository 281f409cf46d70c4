/**
 * {@code mtasts demo}: the lab, {@code serve} on a throwaway store, and a month of realistic TLS
 * reports about the lab's domains, so a newcomer sees the dashboard with data in seconds.
 */
package dev.mtasts.app.demo;
