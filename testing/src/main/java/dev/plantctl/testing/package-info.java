/**
 * Test fixtures for integration tests against real servers: {@link dev.plantctl.testing.MosquittoServer} and
 * {@link dev.plantctl.testing.InfluxServer} start their own server process from the Debian package (paths from
 * {@code PLANTCTL_MOSQUITTO_BIN} and {@code PLANTCTL_INFLUXD_BIN}) on a free loopback port with a temporary
 * configuration and data directory, and kill ({@code SIGKILL}), stop ({@code SIGTERM}) and restart it on the same
 * port mid-test; {@link dev.plantctl.testing.FaultProxy} stalls, drops or resets the network in front of a server
 * that stays up; {@link dev.plantctl.testing.Await} waits for a condition with a deadline instead of a pause;
 * {@link dev.plantctl.testing.ListeningSockets} reads which TCP sockets this JVM listens on, and on which address.
 * Depend on this module with {@code <scope>test</scope>}.
 */
package dev.plantctl.testing;
