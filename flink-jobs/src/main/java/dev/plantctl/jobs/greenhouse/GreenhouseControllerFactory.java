package dev.plantctl.jobs.greenhouse;

import dev.plantctl.controllers.greenhouse.GreenhouseController;

import java.io.Serializable;

/** Creates the controller inside each parallel task, so that controllers need not be serializable. */
@FunctionalInterface
public interface GreenhouseControllerFactory extends Serializable {

    /** A new controller. */
    GreenhouseController create();
}
