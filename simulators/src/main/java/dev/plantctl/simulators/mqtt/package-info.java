/**
 * MQTT for the simulators: a small {@link dev.plantctl.simulators.mqtt.MqttLink} interface with its Paho MQTT v5
 * implementation, and an {@link dev.plantctl.simulators.mqtt.EmbeddedMqttBroker} for runs without a broker of
 * their own.
 */
package dev.plantctl.simulators.mqtt;
