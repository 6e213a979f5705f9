package dev.plantctl.connectors.opcua;

import dev.plantctl.policy.IdentityPolicy;
import dev.plantctl.policy.WritePolicy;

/** Write policies for tests of what lies behind the gate (the plant's own checks, retries, expiry). */
final class TestPolicies {

    private TestPolicies() {
    }

    /** Any greenhouse actuator, any value a double holds, no rate limit: the plant's own range checks decide. */
    static IdentityPolicy permissive() {
        return WritePolicy.parse("test-policy.yaml", """
                format: plantctl-write-policy/1
                identities:
                  test:
                    setpoints:
                      - {match: greenhouse/*/*, range: [-1000000, 1000000], max_expiry: 36500d}
                """).identity("test");
    }

    /** The shipped policy of the greenhouse job. */
    static IdentityPolicy greenhouse() {
        return WritePolicy.shipped().identity("greenhouse-control");
    }
}
