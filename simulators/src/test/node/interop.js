"use strict";
// Interop check of the plantctl greenhouse OPC UA simulator with node-opcua, an independent OPC UA stack.
//
// Usage: node interop.js <endpointUrl> <steps>
//
// Connects without security (the simulator's demo endpoint), browses the greenhouse folder, reads a sensor and
// an actuator's EURange and EngineeringUnits, subscribes to a sensor and drives <steps> lockstep steps by writing
// every actuator of every compartment after each notification, then writes invalid values and records the status
// codes. Prints one JSON object on stdout; diagnostics go to stderr. Exits 1 on any failure.

const {
    OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, BrowseDirection, DataType, ClientSubscription,
    ClientMonitoredItem, TimestampsToReturn, DataChangeFilter, DataChangeTrigger, DeadbandType, NodeClass
} = require("node-opcua-client");

const NAMESPACE_URI = "urn:plantctl:sim:greenhouse";
const ACTUATORS = ["heating", "ventilation", "co2_supply"];
const NOTIFICATION_TIMEOUT_MS = 20000;

async function browseNames(session, nodeId, referenceTypeId) {
    const result = await session.browse({
        nodeId, referenceTypeId, browseDirection: BrowseDirection.Forward, includeSubtypes: true, resultMask: 63
    });
    if (!result.statusCode.isGood()) {
        throw new Error(`browse ${nodeId} failed: ${result.statusCode.name}`);
    }
    return result.references.map(r => ({
        name: r.browseName.name, nodeId: r.nodeId.toString(), isObject: r.nodeClass === NodeClass.Object
    }));
}

async function readProperty(session, nodeId, property) {
    const props = await browseNames(session, nodeId, "HasProperty");
    const prop = props.find(p => p.name === property);
    if (!prop) {
        throw new Error(`${nodeId} has no property ${property}; has ${props.map(p => p.name)}`);
    }
    const dv = await session.read({ nodeId: prop.nodeId, attributeId: AttributeIds.Value });
    return dv.value.value;
}

function nextNotification(queue, waiters) {
    if (queue.length > 0) {
        return Promise.resolve(queue.shift());
    }
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no notification within " + NOTIFICATION_TIMEOUT_MS + " ms")),
            NOTIFICATION_TIMEOUT_MS);
        waiters.push(dv => { clearTimeout(timer); resolve(dv); });
    });
}

async function main() {
    const [endpointUrl, stepsArg] = process.argv.slice(2);
    if (!endpointUrl || !stepsArg) {
        throw new Error("usage: node interop.js <endpointUrl> <steps>");
    }
    const steps = Number(stepsArg);
    const client = OPCUAClient.create({
        applicationName: "plantctl node-opcua interop",
        securityMode: MessageSecurityMode.None,
        securityPolicy: SecurityPolicy.None,
        endpointMustExist: false,
        connectionStrategy: { maxRetry: 1, initialDelay: 200, maxDelay: 1000 }
    });
    const out = { client: "node-opcua-client " + require("node-opcua-client/package.json").version };
    await client.connect(endpointUrl);
    const session = await client.createSession();
    try {
        const namespaces = await session.readNamespaceArray();
        const ns = namespaces.indexOf(NAMESPACE_URI);
        if (ns < 0) {
            throw new Error(`namespace ${NAMESPACE_URI} not in ${namespaces}`);
        }
        out.namespaceIndex = ns;
        const id = (compartment, signal) => `ns=${ns};s=${compartment}/${signal}`;

        const objects = await browseNames(session, "i=85", "HierarchicalReferences");
        const greenhouse = objects.find(o => o.name === "greenhouse");
        if (!greenhouse) {
            throw new Error("no greenhouse folder under Objects");
        }
        const plantNodes = await browseNames(session, greenhouse.nodeId, "HierarchicalReferences");
        out.plantNodes = plantNodes.map(n => n.name);
        out.compartments = plantNodes.filter(n => n.isObject).map(c => c.name);
        out.c1Nodes = (await browseNames(session, `ns=${ns};s=c1`, "HierarchicalReferences")).map(n => n.name);

        const temp = await session.read({ nodeId: id("c1", "air_temperature"), attributeId: AttributeIds.Value },
            TimestampsToReturn.Both);
        out.airTemperature = {
            value: temp.value.value, dataType: DataType[temp.value.dataType],
            sourceTimestamp: temp.sourceTimestamp.toISOString(), status: temp.statusCode.name
        };
        const range = await readProperty(session, id("c1", "heating"), "EURange");
        const units = await readProperty(session, id("c1", "heating"), "EngineeringUnits");
        out.heating = {
            euRange: { low: range.low, high: range.high },
            engineeringUnits: { namespaceUri: units.namespaceUri, unitId: units.unitId, displayName: units.displayName.text }
        };
        const co2Units = await readProperty(session, id("c1", "co2"), "EngineeringUnits");
        out.co2UnitId = co2Units.unitId;

        const subscription = ClientSubscription.create(session, {
            requestedPublishingInterval: 20, requestedLifetimeCount: 6000, requestedMaxKeepAliveCount: 50,
            maxNotificationsPerPublish: 0, publishingEnabled: true, priority: 1
        });
        const queue = [];
        const waiters = [];
        const item = ClientMonitoredItem.create(subscription,
            { nodeId: id("c1", "air_temperature"), attributeId: AttributeIds.Value },
            {
                samplingInterval: 20, queueSize: 100, discardOldest: true,
                filter: new DataChangeFilter({
                    trigger: DataChangeTrigger.StatusValueTimestamp, deadbandType: DeadbandType.None, deadbandValue: 0
                })
            },
            TimestampsToReturn.Both);
        item.on("changed", dv => {
            const waiter = waiters.shift();
            if (waiter) {
                waiter(dv);
            } else {
                queue.push(dv);
            }
        });

        out.notifications = [];
        out.validWrites = [];
        const started = Date.now();
        for (let k = 0; k < steps; k++) {
            const dv = await nextNotification(queue, waiters);
            out.notifications.push(dv.sourceTimestamp.toISOString());
            const writes = [];
            for (const compartment of out.compartments) {
                for (const actuator of ACTUATORS) {
                    writes.push({
                        nodeId: id(compartment, actuator), attributeId: AttributeIds.Value,
                        value: { value: { dataType: DataType.Double, value: actuator === "heating" ? 100 - k : 0.5 } }
                    });
                }
            }
            const statuses = await session.write(writes);
            out.validWrites.push(...statuses.map(s => s.name));
        }
        out.notifications.push((await nextNotification(queue, waiters)).sourceTimestamp.toISOString());
        out.msPerStep = (Date.now() - started) / steps;
        await subscription.terminate();

        const write = async (value) => (await session.write({
            nodeId: id("c2", "heating"), attributeId: AttributeIds.Value, value: { value }
        })).name;
        out.invalidWrites = {
            nan: await write({ dataType: DataType.Double, value: NaN }),
            string: await write({ dataType: DataType.String, value: "50" }),
            int32: await write({ dataType: DataType.Int32, value: 50 }),
            outOfRange: await write({ dataType: DataType.Double, value: 150.5 })
        };
        out.heatingAfterInvalidWrites = (await session.read({
            nodeId: id("c2", "heating"), attributeId: AttributeIds.Value
        })).value.value;
    } finally {
        await session.close();
        await client.disconnect();
    }
    process.stdout.write(JSON.stringify(out) + "\n");
}

main().then(() => process.exit(0), err => {
    process.stderr.write("interop failed: " + (err && err.stack ? err.stack : err) + "\n");
    process.stdout.write(JSON.stringify({ error: String(err && err.message ? err.message : err) }) + "\n");
    process.exit(1);
});
