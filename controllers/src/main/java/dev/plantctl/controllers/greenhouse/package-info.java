/**
 * Greenhouse decision makers: the {@link dev.plantctl.controllers.greenhouse.GreenhouseController} contract, the
 * {@link dev.plantctl.controllers.greenhouse.RuleBasedGrowerController} baseline, the
 * {@link dev.plantctl.controllers.greenhouse.GreenhouseSafetyShield} every setpoint passes, and the plain-Java
 * {@link dev.plantctl.controllers.greenhouse.GreenhouseSeason} runner that scores a controller on the van Henten
 * benchmark season.
 */
package dev.plantctl.controllers.greenhouse;
